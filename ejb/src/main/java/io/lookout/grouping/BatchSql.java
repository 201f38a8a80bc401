package io.lookout.grouping;

import jakarta.persistence.EntityManager;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * The statements of {@link EventStore}, one per table and batch. This portable version (used on
 * H2) adds each tally to its row with one multi-row {@code MERGE} and reads back the ids of rows it
 * may have created; {@link PostgresBatchSql} does both in one {@code INSERT ... ON CONFLICT ...
 * RETURNING}. Two consumers creating the same new row at once collide on the unique key: the
 * loser's transaction rolls back and its messages are stored again, so nothing is counted twice.
 *
 * <p>Every counter changes by SQL arithmetic on the row ({@code times_seen = times_seen + n}),
 * never by a value read earlier, so concurrent consumers on one hot group never lose counts.
 *
 * <p>{@link EventStore} asks for the rows of groups, tag values and view groups first
 * ({@code prepare...}: their ids, creating missing rows) and for the counters last
 * ({@code count...}, in one order of tables, each table's rows by id). A dialect chooses when the counts go in: here, with
 * one writer, at once in the {@code MERGE} of {@code prepare...}; {@link PostgresBatchSql}, with
 * two writers, last, so the row locks of the hot rows (every batch counts the same busy groups and
 * the {@code project}/{@code type}/{@code level} tag values) are held only from the counting to the
 * commit, not while the events and their tag links are written.
 */
class BatchSql {

    static final String TIMESTAMP = "TIMESTAMP WITH TIME ZONE";

    // Lookups by natural key join the keys as a VALUES list: H2 then probes the unique index once per
    // key (a row-value IN list is checked row by row against the whole list instead).
    private static final Rows EXISTING_EVENTS = new Rows(
            "SELECT e.event_id FROM event e JOIN (VALUES ",
            "(CAST(? AS BIGINT), CAST(? AS CHAR(32)))",
            ") k(project_id, event_id) ON e.project_id = k.project_id AND e.event_id = k.event_id");

    private static final Rows INSERT_EVENTS = new Rows(
            "INSERT INTO event (id, project_id, event_id, group_id, type,"
                    + " checksum, occurred_at, received_at, message, culprit, level, time_spent, correlation_id, tags, data,"
                    + " view_generation) VALUES ",
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS DOUBLE PRECISION), ?, ?, ?, ?)",
            "");

    private static final Rows INSERT_EVENT_TAGS =
            new Rows("INSERT INTO event_tag (tag_value_id, event_id) VALUES ", "(?, ?)", "");

    private static final Rows MERGE_GROUPS = new Rows(
            "MERGE INTO event_group t USING (VALUES ",
            "(CAST(? AS BIGINT), CAST(? AS VARCHAR(64)), CAST(? AS CHAR(32)), CAST(? AS VARCHAR(1000)),"
                    + " CAST(? AS VARCHAR(1000)), CAST(? AS VARCHAR(32)), CAST(? AS BIGINT), CAST(? AS " + TIMESTAMP
                    + "),"
                    + " CAST(? AS " + TIMESTAMP + "), CAST(? AS DOUBLE PRECISION), CAST(? AS BIGINT),"
                    + " CAST(? AS DOUBLE PRECISION), CAST(? AS DOUBLE PRECISION))",
            ") s(project_id, type, checksum, message, culprit, level, times_seen, first_seen, last_seen, ts_total, ts_count,"
                    + " ts_max, score) ON t.project_id = s.project_id AND t.type = s.type AND t.checksum = s.checksum"
                    + " WHEN MATCHED THEN UPDATE SET times_seen = t.times_seen + s.times_seen,"
                    + " score = LN(t.times_seen + s.times_seen) * 600 + EXTRACT(EPOCH FROM GREATEST(t.last_seen, s.last_seen)),"
                    + " first_seen = LEAST(t.first_seen, s.first_seen), last_seen = GREATEST(t.last_seen, s.last_seen),"
                    + " message = CASE WHEN s.last_seen >= t.last_seen THEN s.message ELSE t.message END,"
                    + " culprit = CASE WHEN s.last_seen >= t.last_seen THEN s.culprit ELSE t.culprit END,"
                    + " level = CASE WHEN s.last_seen >= t.last_seen THEN s.level ELSE t.level END,"
                    + " time_spent_total = t.time_spent_total + s.ts_total,"
                    + " time_spent_count = t.time_spent_count + s.ts_count,"
                    + " time_spent_max = GREATEST(t.time_spent_max, s.ts_max),"
                    + " regressed_at = CASE WHEN t.status = " + GroupStatus.RESOLVED.sql()
                    + " THEN CURRENT_TIMESTAMP ELSE t.regressed_at END,"
                    + " resolved_at = CASE WHEN t.status = " + GroupStatus.RESOLVED.sql()
                    + " THEN NULL ELSE t.resolved_at END,"
                    + " status = CASE WHEN t.status = " + GroupStatus.RESOLVED.sql() + " THEN "
                    + GroupStatus.UNRESOLVED.sql() + " ELSE t.status END"
                    + " WHEN NOT MATCHED THEN INSERT (id, project_id, type, checksum, message, culprit, level, status,"
                    + " times_seen, first_seen, last_seen, time_spent_total, time_spent_count, time_spent_max, score)"
                    + " VALUES (NEXT VALUE FOR event_group_seq, s.project_id, s.type, s.checksum, s.message, s.culprit,"
                    + " s.level, " + GroupStatus.UNRESOLVED.sql()
                    + ", s.times_seen, s.first_seen, s.last_seen, s.ts_total, s.ts_count, s.ts_max,"
                    + " s.score)");

    private static final Rows GROUP_IDS = new Rows(
            "SELECT g.id, g.type, g.checksum, g.status, g.resolved_at, g.times_seen FROM event_group g"
                    + " JOIN (VALUES ",
            "(CAST(? AS BIGINT), CAST(? AS VARCHAR(64)), CAST(? AS CHAR(32)))",
            ") k(project_id, type, checksum) ON g.project_id = k.project_id AND g.type = k.type AND g.checksum = k.checksum");

    private static final Rows MERGE_TAG_VALUES = new Rows(
            "MERGE INTO tag_value t USING (VALUES ",
            "(CAST(? AS BIGINT), CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(200)), CAST(? AS BIGINT)," + " CAST(? AS "
                    + TIMESTAMP + "), CAST(? AS " + TIMESTAMP + "))",
            ") s(project_id, tag_key, tag_value, times_seen, first_seen, last_seen)"
                    + " ON t.project_id = s.project_id AND t.tag_key = s.tag_key AND t.tag_value = s.tag_value"
                    + " WHEN MATCHED THEN UPDATE SET times_seen = t.times_seen + s.times_seen,"
                    + " first_seen = LEAST(t.first_seen, s.first_seen), last_seen = GREATEST(t.last_seen, s.last_seen)"
                    + " WHEN NOT MATCHED THEN INSERT (id, project_id, tag_key, tag_value, times_seen, first_seen, last_seen)"
                    + " VALUES (NEXT VALUE FOR tag_value_seq, s.project_id, s.tag_key, s.tag_value, s.times_seen,"
                    + " s.first_seen, s.last_seen)");

    private static final Rows TAG_VALUE_IDS = new Rows(
            "SELECT t.id, t.tag_key, t.tag_value FROM tag_value t JOIN (VALUES ",
            "(CAST(? AS BIGINT), CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(200)))",
            ") k(project_id, tag_key, tag_value) ON t.project_id = k.project_id AND t.tag_key = k.tag_key"
                    + " AND t.tag_value = k.tag_value");

    private static final Rows MERGE_GROUP_TAGS = new Rows(
            "MERGE INTO group_tag_value t USING (VALUES ",
            "(CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS VARCHAR(64)), CAST(? AS BIGINT)," + " CAST(? AS "
                    + TIMESTAMP + "), CAST(? AS " + TIMESTAMP + "))",
            ") s(group_id, tag_value_id, tag_key, times_seen, first_seen, last_seen)"
                    + " ON t.group_id = s.group_id AND t.tag_value_id = s.tag_value_id"
                    + " WHEN MATCHED THEN UPDATE SET times_seen = t.times_seen + s.times_seen,"
                    + " first_seen = LEAST(t.first_seen, s.first_seen), last_seen = GREATEST(t.last_seen, s.last_seen)"
                    + " WHEN NOT MATCHED THEN INSERT (group_id, tag_value_id, tag_key, times_seen, first_seen, last_seen)"
                    + " VALUES (s.group_id, s.tag_value_id, s.tag_key, s.times_seen, s.first_seen, s.last_seen)");

    private static final Rows MERGE_VIEW_GROUPS = new Rows(
            "MERGE INTO view_group t USING (VALUES ",
            "(CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS CHAR(32)), CAST(? AS VARCHAR(8000)), CAST(? AS BIGINT),"
                    + " CAST(? AS " + TIMESTAMP + "), CAST(? AS " + TIMESTAMP + "), CAST(? AS DOUBLE PRECISION),"
                    + " CAST(? AS BIGINT), CAST(? AS DOUBLE PRECISION), CAST(? AS DOUBLE PRECISION),"
                    + " CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(200)),"
                    + " CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(200)))",
            ") s(view_id, group_id, key_hash, key_values, times_seen, first_seen, last_seen, ts_total, ts_count, ts_max,"
                    + " score, k1, k2, k3, k4, k5, k6, k7, k8)"
                    + " ON t.view_id = s.view_id AND t.group_id = s.group_id AND t.key_hash = s.key_hash"
                    + " WHEN MATCHED THEN UPDATE SET times_seen = t.times_seen + s.times_seen,"
                    + " score = LN(t.times_seen + s.times_seen) * 600 + EXTRACT(EPOCH FROM GREATEST(t.last_seen, s.last_seen)),"
                    + " first_seen = LEAST(t.first_seen, s.first_seen), last_seen = GREATEST(t.last_seen, s.last_seen),"
                    + " time_spent_total = t.time_spent_total + s.ts_total,"
                    + " time_spent_count = t.time_spent_count + s.ts_count,"
                    + " time_spent_max = GREATEST(t.time_spent_max, s.ts_max)"
                    + " WHEN NOT MATCHED THEN INSERT (id, view_id, group_id, key_hash, key_values, times_seen, first_seen,"
                    + " last_seen, score, time_spent_total, time_spent_count, time_spent_max, k1, k2, k3, k4, k5, k6, k7, k8)"
                    + " VALUES (NEXT VALUE FOR view_group_seq, s.view_id, s.group_id, s.key_hash, s.key_values,"
                    + " s.times_seen, s.first_seen, s.last_seen, s.score, s.ts_total, s.ts_count, s.ts_max,"
                    + " s.k1, s.k2, s.k3, s.k4, s.k5, s.k6, s.k7, s.k8)");

    private static final Rows VIEW_GROUP_IDS = new Rows(
            "SELECT v.id, v.view_id, v.group_id, v.key_hash FROM view_group v" + " JOIN (VALUES ",
            "(CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS CHAR(32)))",
            ") k(view_id, group_id, key_hash) ON v.view_id = k.view_id AND v.group_id = k.group_id AND v.key_hash = k.key_hash");

    /** The view group columns holding the values of a view's keys, one per key. */
    static final int KEY_COLUMNS = 8;

    /** The statements a dialect may replace: lookups, inserts, and the counters every dialect runs. */
    record Statements(
            BatchStatement existingEvents,
            BatchStatement insertEvents,
            BatchStatement insertEventTags,
            BatchStatement groupIds,
            BatchStatement tagValueIds,
            BatchStatement viewGroupIds,
            BatchStatement groupTags,
            BatchStatement groupHours,
            BatchStatement viewGroupHours) {}

    private final Statements statements;

    BatchSql() {
        this(new Statements(
                EXISTING_EVENTS,
                INSERT_EVENTS,
                INSERT_EVENT_TAGS,
                GROUP_IDS,
                TAG_VALUE_IDS,
                VIEW_GROUP_IDS,
                MERGE_GROUP_TAGS,
                mergeHours("group_hourly", "group_id"),
                mergeHours("view_group_hourly", "view_group_id")));
    }

    BatchSql(Statements statements) {
        this.statements = statements;
    }

    /** Called at the start of each store and view count, in the caller's transaction. */
    void begin(EntityManager em) {}

    Set<String> existingEventIds(EntityManager em, long projectId, Collection<String> eventIds) {
        List<Object[]> rows = new ArrayList<>(eventIds.size());
        eventIds.forEach(id -> rows.add(new Object[] {projectId, id}));
        Set<String> existing = new HashSet<>();
        for (Object[] row : statements.existingEvents().fetch(em, rows)) {
            existing.add(((String) row[0]).trim());
        }
        return existing;
    }

    /** {@code n} new ids from a sequence, in one statement. */
    List<Long> nextIds(EntityManager em, String sequence, int n) {
        return ids(em.createNativeQuery("SELECT NEXT VALUE FOR " + sequence + " FROM SYSTEM_RANGE(1, ?1)")
                .setParameter(1, n)
                .getResultList());
    }

    void insertEvents(EntityManager em, List<Object[]> rows) {
        statements.insertEvents().execute(em, rows);
    }

    void insertEventTags(EntityManager em, List<Object[]> rows) {
        statements.insertEventTags().execute(em, rows);
    }

    /**
     * The groups' ids, creating missing groups, and the state the existing ones had before this batch
     * (the alerts' triggers: a group created, a resolved group seen again); here the groups are
     * counted at once.
     */
    PreparedGroups prepareGroups(EntityManager em, long projectId, SortedMap<Keys.Group, Tally.OfGroup> groups) {
        Map<Keys.Group, GroupBefore> before = readGroups(em, projectId, groups.keySet());
        List<Object[]> rows = new ArrayList<>(groups.size());
        groups.forEach((key, t) -> rows.add(groupRow(projectId, key, t)));
        MERGE_GROUPS.execute(em, rows);
        Map<Keys.Group, Long> ids = new HashMap<>();
        before.forEach((key, state) -> ids.put(key, state.id()));
        if (ids.size() < groups.size()) {
            ids.putAll(readGroupIds(
                    em,
                    projectId,
                    groups.keySet().stream()
                            .filter(key -> !ids.containsKey(key))
                            .toList()));
        }
        return new PreparedGroups(ids, before);
    }

    /** A group as it was before the batch counted into it (read before the batch locked it). */
    record GroupBefore(long id, GroupStatus status, java.time.Instant resolvedAt, long timesSeen) {}

    /** The ids of a batch's groups, and the state of those that existed before it (absent: created now). */
    record PreparedGroups(Map<Keys.Group, Long> ids, Map<Keys.Group, GroupBefore> before) {}

    /** The groups that exist, with their state. */
    Map<Keys.Group, GroupBefore> readGroups(EntityManager em, long projectId, Collection<Keys.Group> groups) {
        List<Object[]> keys = new ArrayList<>(groups.size());
        groups.forEach(key -> keys.add(new Object[] {projectId, key.type(), key.checksum()}));
        Map<Keys.Group, GroupBefore> found = new HashMap<>();
        for (Object[] row : statements.groupIds().fetch(em, keys)) {
            found.put(
                    new Keys.Group((String) row[1], ((String) row[2]).trim()),
                    new GroupBefore(
                            number(row[0]),
                            GroupStatus.ofColumn(row[3]),
                            row[4] == null ? null : StoredEvent.timeOf(row[4]).toInstant(),
                            number(row[5])));
        }
        return found;
    }

    /** A group's values in the column order project_id, type, checksum, message, culprit, level, tallies, score. */
    static Object[] groupRow(long projectId, Keys.Group key, Tally.OfGroup t) {
        return new Object[] {
            projectId,
            key.type(),
            key.checksum(),
            t.message,
            t.culprit,
            t.level,
            t.count,
            t.first,
            t.last,
            t.timeSpentTotal,
            t.timeSpentCount,
            t.timeSpentMax,
            t.score()
        };
    }

    /** The ids of those of the groups that exist. */
    Map<Keys.Group, Long> readGroupIds(EntityManager em, long projectId, Collection<Keys.Group> groups) {
        Map<Keys.Group, Long> ids = new HashMap<>();
        readGroups(em, projectId, groups).forEach((key, state) -> ids.put(key, state.id()));
        return ids;
    }

    /** Adds the groups' tallies, unless {@link #prepareGroups} did. */
    void countGroups(
            EntityManager em, long projectId, SortedMap<Keys.Group, Tally.OfGroup> groups, Map<Keys.Group, Long> ids) {}

    /** The tag values' ids, creating missing ones; here they are counted at once. */
    Map<Keys.Tag, Long> prepareTagValues(EntityManager em, long projectId, SortedMap<Keys.Tag, Tally> tags) {
        List<Object[]> rows = new ArrayList<>(tags.size());
        tags.forEach((key, t) -> rows.add(tagValueRow(projectId, key, t)));
        MERGE_TAG_VALUES.execute(em, rows);
        return readTagValueIds(em, projectId, tags.keySet());
    }

    /** A tag value's values in the column order project_id, tag_key, tag_value, times_seen, first_seen, last_seen. */
    static Object[] tagValueRow(long projectId, Keys.Tag key, Tally t) {
        return new Object[] {projectId, key.key(), key.value(), t.count, t.first, t.last};
    }

    /** The ids of those of the tag values that exist. */
    Map<Keys.Tag, Long> readTagValueIds(EntityManager em, long projectId, Collection<Keys.Tag> tags) {
        List<Object[]> keys = new ArrayList<>(tags.size());
        tags.forEach(key -> keys.add(new Object[] {projectId, key.key(), key.value()}));
        Map<Keys.Tag, Long> ids = new HashMap<>();
        for (Object[] row : statements.tagValueIds().fetch(em, keys)) {
            ids.put(new Keys.Tag((String) row[1], (String) row[2]), number(row[0]));
        }
        return ids;
    }

    /** Adds the tag values' tallies, unless {@link #prepareTagValues} did. */
    void countTagValues(EntityManager em, long projectId, SortedMap<Keys.Tag, Tally> tags, Map<Keys.Tag, Long> ids) {}

    void countGroupTags(EntityManager em, SortedMap<Keys.GroupTag, Tally.OfGroupTag> tags) {
        List<Object[]> rows = new ArrayList<>(tags.size());
        tags.forEach(
                (key, t) -> rows.add(new Object[] {key.groupId(), key.tagValueId(), t.key, t.count, t.first, t.last}));
        statements.groupTags().execute(em, rows);
    }

    /**
     * The view groups' ids, creating missing ones, and which of them existed before (the others are
     * new: a new-group alert scoped to a view fires for them); here they are counted at once.
     */
    PreparedViewGroups prepareViewGroups(EntityManager em, SortedMap<Keys.ViewGroup, Tally.OfViewGroup> viewGroups) {
        Map<Keys.ViewGroup, Long> ids = readViewGroupIds(em, viewGroups.keySet());
        java.util.Set<Keys.ViewGroup> existed = java.util.Set.copyOf(ids.keySet());
        List<Object[]> rows = new ArrayList<>(viewGroups.size());
        viewGroups.forEach((key, t) -> rows.add(viewGroupRow(key, t)));
        MERGE_VIEW_GROUPS.execute(em, rows);
        if (ids.size() < viewGroups.size()) {
            ids.putAll(readViewGroupIds(
                    em,
                    viewGroups.keySet().stream()
                            .filter(key -> !ids.containsKey(key))
                            .toList()));
        }
        return new PreparedViewGroups(ids, existed);
    }

    /** The ids of a batch's view groups, and the keys of those that existed before it. */
    record PreparedViewGroups(Map<Keys.ViewGroup, Long> ids, java.util.Set<Keys.ViewGroup> existed) {}

    /** The ids of those of the view groups that exist. */
    Map<Keys.ViewGroup, Long> readViewGroupIds(EntityManager em, Collection<Keys.ViewGroup> viewGroups) {
        List<Object[]> keys = new ArrayList<>(viewGroups.size());
        viewGroups.forEach(key -> keys.add(new Object[] {key.viewId(), key.groupId(), key.keyHash()}));
        Map<Keys.ViewGroup, Long> ids = new HashMap<>();
        for (Object[] row : statements.viewGroupIds().fetch(em, keys)) {
            ids.put(new Keys.ViewGroup(number(row[1]), number(row[2]), ((String) row[3]).trim()), number(row[0]));
        }
        return ids;
    }

    /** Adds the view groups' tallies, unless {@link #prepareViewGroups} did. */
    void countViewGroups(
            EntityManager em, SortedMap<Keys.ViewGroup, Tally.OfViewGroup> viewGroups, Map<Keys.ViewGroup, Long> ids) {}

    /** A view group's values in the column order view_id, group_id, key_hash, key_values, tallies, k1..k8. */
    static Object[] viewGroupRow(Keys.ViewGroup key, Tally.OfViewGroup t) {
        Object[] row = new Object[11 + KEY_COLUMNS];
        row[0] = key.viewId();
        row[1] = key.groupId();
        row[2] = key.keyHash();
        row[3] = t.keyValues;
        row[4] = t.count;
        row[5] = t.first;
        row[6] = t.last;
        row[7] = t.timeSpentTotal;
        row[8] = t.timeSpentCount;
        row[9] = t.timeSpentMax;
        row[10] = t.score();
        for (int i = 0; i < KEY_COLUMNS; i++) {
            row[11 + i] = i < t.values.size() ? t.values.get(i) : null;
        }
        return row;
    }

    /** Adds counts to the groups' hourly rows. */
    void countGroupHours(EntityManager em, SortedMap<Keys.Hour, Tally> hours) {
        statements.groupHours().execute(em, hourRows(hours));
    }

    /** Adds counts to the view groups' hourly rows. */
    void countViewGroupHours(EntityManager em, SortedMap<Keys.Hour, Tally> hours) {
        statements.viewGroupHours().execute(em, hourRows(hours));
    }

    private static List<Object[]> hourRows(SortedMap<Keys.Hour, Tally> hours) {
        List<Object[]> rows = new ArrayList<>(hours.size());
        hours.forEach((key, t) -> rows.add(new Object[] {key.owner(), key.start(), t.count}));
        return rows;
    }

    private static Rows mergeHours(String table, String ownerColumn) {
        return new Rows(
                "MERGE INTO " + table + " t USING (VALUES ",
                "(CAST(? AS BIGINT), CAST(? AS " + TIMESTAMP + "), CAST(? AS BIGINT))",
                ") s(owner, hour_start, times_seen) ON t." + ownerColumn + " = s.owner AND t.hour_start = s.hour_start"
                        + " WHEN MATCHED THEN UPDATE SET times_seen = t.times_seen + s.times_seen"
                        + " WHEN NOT MATCHED THEN INSERT (" + ownerColumn + ", hour_start, times_seen)"
                        + " VALUES (s.owner, s.hour_start, s.times_seen)");
    }

    static List<Long> ids(List<?> values) {
        List<Long> ids = new ArrayList<>(values.size());
        values.forEach(value -> ids.add(number(value instanceof Object[] row ? row[0] : value)));
        return ids;
    }

    static long number(Object value) {
        return ((Number) value).longValue();
    }

    static OffsetDateTime hour(OffsetDateTime time) {
        return time.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    }
}
