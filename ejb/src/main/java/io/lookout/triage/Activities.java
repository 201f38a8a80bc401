package io.lookout.triage;

import io.lookout.JsonFactories;
import io.lookout.grouping.AggregateSql;
import io.lookout.schema.Columns;
import io.lookout.schema.SqlRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.StringReader;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A group's history ({@code group_activity}): written by whatever changes a group (merge, split,
 * regroup, status changes, assignments, comments; ingestion writes a regression), in the caller's
 * transaction; listed newest first. The first entry, {@code first-seen}, is no row: it is made from
 * the group's {@code first_seen} when the list is read, so that a new group costs ingestion no insert.
 */
@ApplicationScoped
public class Activities {

    /** Kinds of activity. */
    public static final String MERGED = "merged";

    public static final String SPLIT = "split";

    public static final String REGROUPED = "regrouped";

    /** A person changed the status: {@code {"from": status, "to": status}}. */
    public static final String STATUS = "status";

    /** A new event reopened the resolved group (no actor): {@code {"resolvedAt": when it was resolved}}. */
    public static final String REGRESSION = io.lookout.grouping.EventStore.REGRESSION;

    /** A person (un)assigned the group: {@code {"from": user or null, "to": user or null}}. */
    public static final String ASSIGNED = "assigned";

    /** A person commented: {@code {"text": Markdown}}; the entry carries the rendered {@code html}. */
    public static final String COMMENT = "comment";

    /** The group's first event (made when read, id 0): {@code {}}. */
    public static final String FIRST_SEEN = "first-seen";

    /** The longest {@code details} JSON (its column's size). */
    public static final int MAX_DETAILS = 16384;

    private static final Columns ACTIVITY = new Columns("id", "at", "actor", "kind", "details");

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private AggregateSql sql;

    /** Outside a container, for tests against an in-process database. */
    public void use(EntityManager em, AggregateSql sql) {
        this.em = em;
        this.sql = sql;
    }

    /** Records what happened to the group, now, in the caller's transaction. */
    public long record(long projectId, long groupId, String actor, String kind, JsonObject details) {
        return insert(em, sql, projectId, groupId, actor, kind, details);
    }

    private static long insert(
            EntityManager em,
            AggregateSql sql,
            long projectId,
            long groupId,
            String actor,
            String kind,
            JsonObject details) {
        long id = sql.nextIds(em, "group_activity_seq", 1).get(0);
        em.createNativeQuery("INSERT INTO group_activity (id, project_id, group_id, at, actor, kind, details)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                .setParameter(1, id)
                .setParameter(2, projectId)
                .setParameter(3, groupId)
                .setParameter(4, OffsetDateTime.now(ZoneOffset.UTC))
                .setParameter(5, actor)
                .setParameter(6, kind)
                .setParameter(7, details.toString())
                .executeUpdate();
        return id;
    }

    /** One entry of the group, if it exists. */
    public java.util.Optional<GroupActivity> find(long groupId, long id) {
        return ACTIVITY
                .rows(em.createNativeQuery("SELECT " + ACTIVITY.list() + " FROM group_activity WHERE group_id = ?1"
                                + " AND id = ?2")
                        .setParameter(1, groupId)
                        .setParameter(2, id)
                        .getResultList())
                .stream()
                .map(Activities::activity)
                .findFirst();
    }

    /** Deletes one entry (a comment its author takes back). */
    public void delete(long groupId, long id) {
        em.createNativeQuery("DELETE FROM group_activity WHERE group_id = ?1 AND id = ?2")
                .setParameter(1, groupId)
                .setParameter(2, id)
                .executeUpdate();
    }

    /**
     * The group's history, newest first, at most {@code limit} entries; the last (oldest) is
     * {@code first-seen} when the list holds every row.
     */
    public List<GroupActivity> of(long groupId, int limit) {
        List<GroupActivity> entries = new java.util.ArrayList<>(ACTIVITY
                .rows(em.createNativeQuery("SELECT " + ACTIVITY.list()
                                + " FROM group_activity WHERE group_id = ?1 ORDER BY at DESC, id DESC")
                        .setParameter(1, groupId)
                        .setMaxResults(limit)
                        .getResultList())
                .stream()
                .map(Activities::activity)
                .toList());
        if (entries.size() < limit) {
            List<?> firstSeen = em.createNativeQuery("SELECT first_seen FROM event_group WHERE id = ?1")
                    .setParameter(1, groupId)
                    .getResultList();
            if (!firstSeen.isEmpty() && firstSeen.get(0) != null) {
                entries.add(new GroupActivity(
                        0,
                        SqlRow.timeOf(firstSeen.get(0)).toInstant(),
                        null,
                        FIRST_SEEN,
                        jakarta.json.JsonValue.EMPTY_JSON_OBJECT,
                        null));
            }
        }
        return entries;
    }

    private static GroupActivity activity(SqlRow row) {
        try (var reader = JsonFactories.READERS.createReader(new StringReader(row.text("details")))) {
            JsonObject details = reader.readObject();
            String kind = row.text("kind");
            String html = COMMENT.equals(kind) ? Markdown.html(details.getString("text", "")) : null;
            return new GroupActivity(row.number("id"), row.instant("at"), row.text("actor"), kind, details, html);
        }
    }
}
