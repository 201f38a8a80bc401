package io.lookout.query;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.alerts.Mutes;
import io.lookout.grouping.GroupStatus;
import io.lookout.grouping.ReleaseOrder;
import io.lookout.grouping.StoredEvent;
import io.lookout.schema.Columns;
import io.lookout.schema.Sql;
import io.lookout.schema.SqlRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One group in full: its aggregates, the distribution of values of each tag key, its hourly
 * counts, its latest events; and its changes (status, mute).
 */
@ApplicationScoped
public class GroupDetails {

    public static final int TOP_VALUES = 10;
    public static final int HOURS = 14 * 24;

    /** A group's columns, read by {@link GroupSummary#of}. */
    static final Columns GROUP = new Columns(
            "g.id",
            "g.project_id",
            "g.type",
            "g.checksum",
            "g.message",
            "g.culprit",
            "g.level",
            "g.status",
            "g.times_seen",
            "g.users",
            "g.first_seen",
            "g.last_seen",
            "g.score",
            "g.resolved_at",
            "g.regressed_at",
            "g.time_spent_total",
            "g.time_spent_count",
            "g.time_spent_max",
            "(SELECT au.username FROM app_user au WHERE au.id = g.assignee_id) AS assignee",
            "g.first_release",
            "g.last_release",
            "g.resolved_in_release",
            "g.resolved_in_next");

    /** The group page's columns, read by {@link GroupDetail#of}: a group's, and until when its alerts are muted. */
    static final Columns DETAIL = GROUP.and("g.muted_until", "g.merged_into");

    private static final Columns MERGED = new Columns("id", "checksum", "message");

    /** A view group's counts with its group's summary and status, read by {@link GroupSummary#ofViewGroup}. */
    static final Columns VIEW_GROUP = new Columns(
            "vg.id",
            "vg.view_id",
            "vg.group_id",
            "g.project_id",
            "g.type",
            "g.checksum",
            "g.message",
            "g.culprit",
            "g.level",
            "g.status",
            "vg.times_seen",
            "g.users",
            "vg.first_seen",
            "vg.last_seen",
            "vg.score",
            "g.resolved_at",
            "g.regressed_at",
            "vg.time_spent_total",
            "vg.time_spent_count",
            "vg.time_spent_max",
            "(SELECT au.username FROM app_user au WHERE au.id = g.assignee_id) AS assignee",
            "g.first_release",
            "g.last_release",
            "g.resolved_in_release",
            "g.resolved_in_next",
            "vg.key_values");

    private static final Columns KEYS =
            new Columns("tag_key", "SUM(times_seen) AS with_value", "COUNT(*) AS distinct_values");
    private static final Columns TOP = new Columns("tv.tag_value", "gt.times_seen");

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private Search search;

    @Inject
    private Mutes mutes;

    @Inject
    private io.lookout.security.ProjectAccess access;

    /** Keys with more distinct values in a project are high-cardinality: searchable, left out of distributions. */
    @Inject
    @ConfigProperty(name = "lookout.tags.high-cardinality", defaultValue = "1000")
    private int highCardinality;

    /**
     * The group in full.
     *
     * @throws GroupMergedInto when the group was merged into another (its id stays an alias of it)
     */
    public GroupDetail detail(long projectId, long groupId) throws Problem {
        search.readable(projectId);
        SqlRow row = Sql.select(DETAIL, "FROM event_group g WHERE g.id = ")
                .value(groupId)
                .sql(" AND g.project_id = ")
                .value(projectId)
                .rows(em)
                .stream()
                .findFirst()
                .orElseThrow(() -> notFound(projectId, groupId));
        Long mergedInto = row.numberOrNull("merged_into");
        if (mergedInto != null) {
            throw new GroupMergedInto(groupId, mergedInto);
        }
        List<GroupDetail.MergedGroup> mergedFrom =
                MERGED.select(em, "FROM event_group WHERE merged_into = ?1 ORDER BY id", groupId).stream()
                        .map(merged -> new GroupDetail.MergedGroup(
                                merged.number("id"), merged.text("checksum").trim(), merged.text("message")))
                        .toList();
        List<GroupDetail.LatestEvent> latest = em.createNamedQuery("StoredEvent.latestOfGroup", StoredEvent.class)
                .setParameter("groupId", groupId)
                .setMaxResults(10)
                .getResultStream()
                .map(event -> new GroupDetail.LatestEvent(
                        event.getEventId(), event.getOccurredAt().toInstant(), event.getMessage()))
                .toList();
        return GroupDetail.of(
                row,
                Instant.now(),
                bookmarked(groupId),
                distributions(projectId, groupId, row.number("times_seen")),
                hourly("group_hourly", "group_id", List.of(groupId), HOURS).getOrDefault(groupId, List.of()),
                latest,
                mergedFrom);
    }

    /**
     * Resolves, ignores or reopens a group and/or mutes its alerts, in one transaction. A later event
     * reopens a resolved group as a regression.
     */
    @Transactional(rollbackOn = Problem.class)
    public void change(long projectId, long groupId, GroupChange change) throws Problem {
        requireGroup(projectId, groupId);
        if (change.muteMinutes() != null) {
            mutes.mute(projectId, groupId, change.muteMinutes());
        }
        if (change.status() != null) {
            String release = change.resolvedIn() == null
                    ? null
                    : GroupChange.NEXT_RELEASE.equals(change.resolvedIn())
                            ? newestRelease(projectId)
                            : change.resolvedIn();
            em.createNativeQuery(
                            "UPDATE event_group SET status = ?1, resolved_at = CAST(?2 AS TIMESTAMP WITH TIME ZONE),"
                                    + " resolved_in_release = CAST(?3 AS VARCHAR(200)), resolved_in_next = ?4"
                                    + " WHERE id = ?5")
                    .setParameter(1, change.status().wireName())
                    .setParameter(
                            2, change.status() == GroupStatus.RESOLVED ? OffsetDateTime.now(ZoneOffset.UTC) : null)
                    .setParameter(3, release)
                    .setParameter(4, GroupChange.NEXT_RELEASE.equals(change.resolvedIn()))
                    .setParameter(5, groupId)
                    .executeUpdate();
        }
    }

    /**
     * The project's newest release by {@link ReleaseOrder}; the empty name when it has none (then an event
     * of any release is newer).
     */
    public String newestRelease(long projectId) {
        List<?> rows = em.createNativeQuery("SELECT version, first_seen FROM project_release WHERE project_id = ?1")
                .setParameter(1, projectId)
                .getResultList();
        Map<String, java.time.Instant> firstSeen = new HashMap<>();
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            firstSeen.put((String) columns[0], SqlRow.timeOf(columns[1]).toInstant());
        }
        ReleaseOrder order = new ReleaseOrder(v -> java.util.Optional.ofNullable(firstSeen.get(v)));
        return firstSeen.keySet().stream().max(order.thenByName()).orElse("");
    }

    /** Whether the calling user starred the group. */
    private boolean bookmarked(long groupId) {
        String caller = access.callerName();
        return caller != null
                && !em.createNativeQuery("SELECT 1 FROM group_bookmark b JOIN app_user u ON u.id = b.user_id"
                                + " WHERE b.group_id = ?1 AND u.username = ?2")
                        .setParameter(1, groupId)
                        .setParameter(2, caller)
                        .getResultList()
                        .isEmpty();
    }

    /** 404 unless the caller may read the project. */
    public void requireReadable(long projectId) throws Problem {
        search.readable(projectId);
    }

    /** 404 unless the caller may read the project and the group is one of its groups. */
    public void requireGroup(long projectId, long groupId) throws Problem {
        search.readable(projectId);
        if (em.createNativeQuery("SELECT id FROM event_group WHERE id = ?1 AND project_id = ?2")
                .setParameter(1, groupId)
                .setParameter(2, projectId)
                .getResultList()
                .isEmpty()) {
            throw notFound(projectId, groupId);
        }
    }

    /** Groups of a list page in the order of {@code ids} (missing ones left out): one statement for the page. */
    List<GroupSummary> groups(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Sql sql = Sql.select(GROUP, "FROM event_group g WHERE g.id IN (");
        GroupRows.in(sql, ids);
        Map<Long, GroupSummary> byId = new HashMap<>();
        for (SqlRow row : sql.rows(em)) {
            GroupSummary group = GroupSummary.of(row);
            byId.put(group.id(), group);
        }
        return inOrder(ids, byId);
    }

    /**
     * View groups of a list page, each with its group's summary, the values of its view's keys and
     * its hourly counts: one statement for the rows and one for all their hourly counts, whatever
     * the number of rows.
     *
     * @param keysByView the keys of each view the ids belong to
     * @return view group id → the view group, for the ids that exist
     */
    Map<Long, GroupSummary> viewGroups(Collection<Long> ids, Map<Long, List<String>> keysByView) {
        return viewGroups(ids, keysByView, HOURS);
    }

    /** {@link #viewGroups(Collection, Map)} with only the last {@code hourCount} hourly counts. */
    Map<Long, GroupSummary> viewGroups(Collection<Long> ids, Map<Long, List<String>> keysByView, int hourCount) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Sql sql =
                Sql.select(VIEW_GROUP, "FROM view_group vg JOIN event_group g ON g.id = vg.group_id WHERE vg.id IN (");
        GroupRows.in(sql, ids);
        List<SqlRow> rows = sql.rows(em);
        Map<Long, List<HourlyCount>> hourly = hourly("view_group_hourly", "view_group_id", ids, hourCount);
        Map<Long, GroupSummary> byId = new HashMap<>();
        for (SqlRow row : rows) {
            long id = row.number("id");
            List<String> keys = keysByView.getOrDefault(row.number("view_id"), List.of());
            byId.put(id, GroupSummary.ofViewGroup(row, keys, hourly.getOrDefault(id, List.of())));
        }
        return byId;
    }

    /** The values of {@code byId} in the order of {@code ids}, leaving out ids it lacks. */
    static <T> List<T> inOrder(List<Long> ids, Map<Long, T> byId) {
        List<T> ordered = new ArrayList<>(ids.size());
        for (long id : ids) {
            T value = byId.get(id);
            if (value != null) {
                ordered.add(value);
            }
        }
        return ordered;
    }

    private static Problem notFound(long projectId, long groupId) {
        return Problem.notFound(ProblemCode.NO_GROUP, groupId, projectId);
    }

    /** Per tag key of the group (by name): its counts and, unless high-cardinality, its top values. */
    private Map<String, GroupDetail.TagDistribution> distributions(long projectId, long groupId, long timesSeen) {
        List<SqlRow> keys = Sql.select(KEYS, "FROM group_tag_value WHERE group_id = ")
                .value(groupId)
                .sql(" GROUP BY tag_key ORDER BY tag_key")
                .rows(em);
        Map<String, GroupDetail.TagDistribution> tags = new LinkedHashMap<>();
        for (SqlRow key : keys) {
            String name = key.text("tag_key");
            long withValue = key.number("with_value");
            long nullCount = Math.max(0, timesSeen - withValue);
            long distinct = key.number("distinct_values");
            if (isHighCardinality(projectId, name)) {
                tags.put(name, new GroupDetail.TagDistribution(withValue, nullCount, distinct, true, null));
            } else {
                List<GroupDetail.TagValueCount> top = Sql.select(
                                TOP,
                                "FROM group_tag_value gt"
                                        + " JOIN tag_value tv ON tv.id = gt.tag_value_id WHERE gt.group_id = ")
                        .value(groupId)
                        .sql(" AND gt.tag_key = ")
                        .value(name)
                        .sql(" ORDER BY gt.times_seen DESC, tv.tag_value")
                        .limit(TOP_VALUES)
                        .rows(em)
                        .stream()
                        .map(value ->
                                new GroupDetail.TagValueCount(value.text("tag_value"), value.number("times_seen")))
                        .toList();
                tags.put(name, new GroupDetail.TagDistribution(withValue, nullCount, distinct, false, top));
            }
        }
        return tags;
    }

    boolean isHighCardinality(long projectId, String key) {
        return !new Sql("SELECT id FROM tag_value WHERE project_id = ")
                .value(projectId)
                .sql(" AND tag_key = ")
                .value(key)
                .sql(" OFFSET ")
                .value(highCardinality)
                .sql(" ROWS")
                .limit(1)
                .query(em)
                .getResultList()
                .isEmpty();
    }

    /** The last {@code count} hourly counts of each owner, oldest first: one statement for all of them. */
    private Map<Long, List<HourlyCount>> hourly(
            String table, String ownerColumn, Collection<Long> ownerIds, int count) {
        OffsetDateTime since =
                OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS).minusHours(count - 1);
        Sql sql = Sql.select(
                new Columns(ownerColumn + " AS owner", "hour_start", "times_seen"),
                "FROM " + table + " WHERE " + ownerColumn + " IN (");
        GroupRows.in(sql, ownerIds);
        sql.sql(" AND hour_start >= ").value(since).sql(" ORDER BY " + ownerColumn + ", hour_start");
        Map<Long, List<HourlyCount>> hours = new HashMap<>();
        for (SqlRow row : sql.rows(em)) {
            hours.computeIfAbsent(row.number("owner"), id -> new ArrayList<>())
                    .add(new HourlyCount(row.instant("hour_start"), row.number("times_seen")));
        }
        return hours;
    }
}
