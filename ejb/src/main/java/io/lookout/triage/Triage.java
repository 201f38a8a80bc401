package io.lookout.triage;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.grouping.GroupStatus;
import io.lookout.query.GroupChange;
import io.lookout.query.GroupDetails;
import io.lookout.security.Audit;
import io.lookout.security.ProjectAccess;
import io.lookout.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.SecurityContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * What people do to a group (docs/architecture.md, "Assignment, activity and bookmarks"): change its
 * status, assign it, comment on it, star it. Anyone who may read the project may do each; every change
 * but a star is written to the group's history with the caller as actor and to the audit log
 * ({@code group.status}, {@code group.assign}, {@code group.comment}, {@code group.comment-delete}).
 */
@ApplicationScoped
public class Triage {

    /** The longest comment, in characters of Markdown. */
    public static final int MAX_COMMENT = 5000;

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private GroupDetails details;

    @Inject
    private Activities activities;

    @Inject
    private ProjectAccess access;

    @Inject
    private SecurityContext security;

    @Inject
    private Audit audit;

    /**
     * Changes the group's status, mute and/or assignee in one transaction, and records what changed.
     *
     * @throws Problem 404 for a group the caller cannot read; 400 ({@code assignee}) for an unknown user
     *     or one who cannot read the project
     */
    @Transactional(rollbackOn = Problem.class)
    public void change(long projectId, long groupId, GroupChange change) throws Problem {
        details.requireGroup(projectId, groupId);
        Object[] before = (Object[]) em.createNativeQuery("SELECT g.status, (SELECT u.username FROM app_user u"
                        + " WHERE u.id = g.assignee_id) FROM event_group g WHERE g.id = ?1")
                .setParameter(1, groupId)
                .getSingleResult();
        GroupStatus oldStatus = GroupStatus.ofColumn(before[0]);
        String oldAssignee = (String) before[1];
        Long newAssigneeId = null;
        if (change.assignment() != null && change.assignment().user() != null) {
            String name = change.assignment().user();
            newAssigneeId = userId(name).orElseThrow(() -> Problem.invalid("assignee", ProblemCode.NO_USER, name));
            if (!access.userMayRead(newAssigneeId, projectId)) {
                throw Problem.invalid("assignee", ProblemCode.NOT_A_MEMBER, name, projectId);
            }
        }
        if (change.status() != null || change.muteMinutes() != null) {
            details.change(
                    projectId,
                    groupId,
                    new GroupChange(change.status(), change.muteMinutes(), null, change.resolvedIn()));
        }
        String actor = actor();
        String target = target(projectId, groupId);
        if (change.status() != null && (change.status() != oldStatus || change.resolvedIn() != null)) {
            jakarta.json.JsonObjectBuilder status = Json.createObjectBuilder()
                    .add("from", oldStatus.wireName())
                    .add("to", change.status().wireName());
            String inRelease = "";
            if (change.resolvedIn() != null) {
                // "next": the release it must be newer than, as the store compares (docs/releases.md)
                status.add("release", change.resolvedIn());
                inRelease = " (in release " + change.resolvedIn() + ")";
            }
            activities.record(projectId, groupId, actor, Activities.STATUS, status.build());
            audit.record(
                    "group.status",
                    target,
                    oldStatus.wireName() + " → " + change.status().wireName() + inRelease);
        }
        if (change.assignment() != null) {
            String newAssignee = change.assignment().user();
            if (!java.util.Objects.equals(oldAssignee, newAssignee)) {
                em.createNativeQuery("UPDATE event_group SET assignee_id = CAST(?1 AS BIGINT) WHERE id = ?2")
                        .setParameter(1, newAssigneeId)
                        .setParameter(2, groupId)
                        .executeUpdate();
                activities.record(
                        projectId,
                        groupId,
                        actor,
                        Activities.ASSIGNED,
                        nullable(nullable(Json.createObjectBuilder(), "from", oldAssignee), "to", newAssignee)
                                .build());
                audit.record(
                        "group.assign",
                        target,
                        (oldAssignee == null ? "nobody" : oldAssignee) + " → "
                                + (newAssignee == null ? "nobody" : newAssignee));
            }
        }
    }

    /**
     * Adds a comment (Markdown) to the group's history.
     *
     * @return the new entry
     * @throws Problem 400 ({@code comment}) when blank or longer than {@link #MAX_COMMENT}
     */
    @Transactional(rollbackOn = Problem.class)
    public GroupActivity comment(long projectId, long groupId, String markdown) throws Problem {
        details.requireGroup(projectId, groupId);
        if (markdown == null || markdown.isBlank()) {
            throw Problem.invalid("comment", ProblemCode.COMMENT_EMPTY);
        }
        if (markdown.length() > MAX_COMMENT) {
            throw Problem.invalid("comment", ProblemCode.TOO_LONG, MAX_COMMENT);
        }
        JsonObject text = Json.createObjectBuilder().add("text", markdown).build();
        if (text.toString().length() > Activities.MAX_DETAILS) {
            // control characters take six characters each in JSON
            throw Problem.invalid("comment", ProblemCode.TOO_LONG, MAX_COMMENT);
        }
        long id = activities.record(projectId, groupId, actor(), Activities.COMMENT, text);
        audit.record(
                "group.comment", target(projectId, groupId), "entry " + id + ", " + markdown.length() + " characters");
        return activities.find(groupId, id).orElseThrow();
    }

    /**
     * Deletes a comment: its author may, and an admin.
     *
     * @throws Problem 404 when the group has no comment with that id, or it is someone else's
     */
    @Transactional(rollbackOn = Problem.class)
    public void deleteComment(long projectId, long groupId, long entryId) throws Problem {
        details.requireGroup(projectId, groupId);
        GroupActivity entry = activities
                .find(groupId, entryId)
                .filter(found -> Activities.COMMENT.equals(found.kind()))
                .filter(found ->
                        security.isCallerInRole(Roles.ADMIN) || java.util.Objects.equals(found.actor(), actor()))
                .orElseThrow(() -> Problem.notFound(ProblemCode.NO_COMMENT, entryId, groupId));
        activities.delete(groupId, entry.id());
        audit.record("group.comment-delete", target(projectId, groupId), "entry " + entryId + " by " + entry.actor());
    }

    /** Stars the group for the caller (again: nothing changes). Stars are personal: not audited. */
    @Transactional(rollbackOn = Problem.class)
    public void bookmark(long projectId, long groupId, boolean on) throws Problem {
        details.requireGroup(projectId, groupId);
        long user = userId(actor()).orElseThrow(() -> Problem.notFound(ProblemCode.NO_USER, actor()));
        em.createNativeQuery("DELETE FROM group_bookmark WHERE user_id = ?1 AND group_id = ?2")
                .setParameter(1, user)
                .setParameter(2, groupId)
                .executeUpdate();
        if (on) {
            em.createNativeQuery("INSERT INTO group_bookmark (user_id, group_id, created_at) VALUES (?1, ?2, ?3)")
                    .setParameter(1, user)
                    .setParameter(2, groupId)
                    .setParameter(3, OffsetDateTime.now(ZoneOffset.UTC))
                    .executeUpdate();
        }
    }

    /** The users a group of the project may be assigned to (admins and the project's members), by name. */
    public List<String> assignees(long projectId) throws Problem {
        details.requireReadable(projectId);
        return em
                .createNativeQuery("SELECT u.username FROM app_user u WHERE EXISTS (SELECT 1 FROM user_role r"
                        + " WHERE r.user_id = u.id AND r.role = ?1) OR EXISTS (SELECT 1 FROM project_member m"
                        + " WHERE m.user_id = u.id AND m.project_id = ?2) ORDER BY u.username")
                .setParameter(1, Roles.ADMIN)
                .setParameter(2, projectId)
                .getResultList()
                .stream()
                .map(String.class::cast)
                .toList();
    }

    /** The caller's name (null: nobody). */
    public String actor() {
        return access.callerName();
    }

    private Optional<Long> userId(String name) {
        if (name == null) {
            return Optional.empty();
        }
        List<?> ids = em.createNativeQuery("SELECT id FROM app_user WHERE username = ?1")
                .setParameter(1, name)
                .getResultList();
        return ids.isEmpty() ? Optional.empty() : Optional.of(((Number) ids.get(0)).longValue());
    }

    private static String target(long projectId, long groupId) {
        return "project " + projectId + " group " + groupId;
    }

    private static JsonObjectBuilder nullable(JsonObjectBuilder json, String name, String value) {
        return value == null ? json.addNull(name) : json.add(name, value);
    }
}
