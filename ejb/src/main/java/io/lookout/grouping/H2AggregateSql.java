package io.lookout.grouping;

import static io.lookout.grouping.AggregateTable.EVENT_GROUP;
import static io.lookout.grouping.AggregateTable.GROUP_HOURLY;
import static io.lookout.grouping.AggregateTable.GROUP_TAG_VALUE;
import static io.lookout.grouping.AggregateTable.TAG_VALUE;
import static io.lookout.grouping.AggregateTable.VIEW_GROUP;
import static io.lookout.grouping.AggregateTable.VIEW_GROUP_HOURLY;

import io.lookout.schema.Sql;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * H2: each tally is added to its row with one multi-row {@code MERGE}, which also creates the
 * missing rows, and the ids of rows it may have created are read back; the counts go in at once,
 * in {@code prepare...} (one writer). Two consumers creating the same new row at once collide on
 * the unique key: the loser's transaction rolls back and its messages are stored again, so nothing
 * is counted twice.
 */
final class H2AggregateSql extends AggregateStatements {

    static final String TIMESTAMP = "TIMESTAMP WITH TIME ZONE";

    // Lookups by natural key join the keys as a VALUES list: H2 then probes the unique index once per
    // key (a row-value IN list is checked row by row against the whole list instead).
    private static final Rows EXISTING_EVENTS = new Rows(
            "SELECT " + EVENT_ID.list() + " FROM event e JOIN (VALUES ",
            "(CAST(? AS BIGINT), CAST(? AS CHAR(32)))",
            ") k(project_id, event_id) ON e.project_id = k.project_id AND e.event_id = k.event_id");

    private static final Rows INSERT_EVENTS = new Rows(
            "INSERT INTO event (id, project_id, event_id, group_id, type,"
                    + " checksum, occurred_at, received_at, message, culprit, level, time_spent, correlation_id, tags, data,"
                    + " view_generation, grouped_by, fingerprint) VALUES ",
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS DOUBLE PRECISION), ?, ?, ?, ?, ?, ?)",
            "");

    private static final Rows INSERT_EVENT_TAGS =
            new Rows("INSERT INTO event_tag (tag_value_id, event_id) VALUES ", "(?, ?)", "");

    private static final Rows MERGE_GROUPS = new Rows(
            "MERGE INTO event_group t USING (VALUES ",
            "(CAST(? AS BIGINT), CAST(? AS VARCHAR(64)), CAST(? AS CHAR(32)), CAST(? AS VARCHAR(1000)),"
                    + " CAST(? AS VARCHAR(1000)), CAST(? AS VARCHAR(32)), CAST(? AS BIGINT), CAST(? AS " + TIMESTAMP
                    + "),"
                    + " CAST(? AS " + TIMESTAMP + "), CAST(? AS DOUBLE PRECISION), CAST(? AS BIGINT),"
                    + " CAST(? AS DOUBLE PRECISION), CAST(? AS DOUBLE PRECISION), CAST(? AS VARCHAR(200)),"
                    + " CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(16)), CAST(? AS VARCHAR(4000)))",
            ") s(project_id, type, checksum, message, culprit, level, times_seen, first_seen, last_seen, time_spent_total,"
                    + " time_spent_count, time_spent_max, score, first_release, last_release, status, search_words)"
                    + " ON t.project_id = s.project_id AND t.type = s.type"
                    + " AND t.checksum = s.checksum"
                    + " WHEN MATCHED THEN UPDATE SET " + EVENT_GROUP.added("t", "s") + ","
                    + " score = LN(t.times_seen + s.times_seen) * 600 + EXTRACT(EPOCH FROM GREATEST(t.last_seen, s.last_seen)),"
                    + " message = CASE WHEN s.last_seen >= t.last_seen THEN s.message ELSE t.message END,"
                    + " culprit = CASE WHEN s.last_seen >= t.last_seen THEN s.culprit ELSE t.culprit END,"
                    + " level = CASE WHEN s.last_seen >= t.last_seen THEN s.level ELSE t.level END,"
                    + " search_words = CASE WHEN s.last_seen >= t.last_seen THEN s.search_words ELSE t.search_words END,"
                    + " time_spent_max = GREATEST(t.time_spent_max, s.time_spent_max),"
                    + " " + releases("t", "s") + ","
                    + " regressed_at = CASE WHEN " + reopens("t", "s")
                    + " THEN CURRENT_TIMESTAMP ELSE t.regressed_at END,"
                    + " resolved_at = CASE WHEN " + reopens("t", "s") + " THEN NULL ELSE t.resolved_at END,"
                    + " resolved_in_release = CASE WHEN " + reopens("t", "s")
                    + " THEN NULL ELSE t.resolved_in_release END,"
                    + " resolved_in_next = CASE WHEN " + reopens("t", "s") + " THEN FALSE ELSE t.resolved_in_next END,"
                    + " status = CASE WHEN " + reopens("t", "s") + " THEN " + GroupStatus.UNRESOLVED.sql()
                    + " ELSE t.status END"
                    + " WHEN NOT MATCHED THEN INSERT (id, project_id, type, checksum, message, culprit, level, status,"
                    + " times_seen, first_seen, last_seen, time_spent_total, time_spent_count, time_spent_max, score,"
                    + " first_release, last_release, search_words)"
                    + " VALUES (NEXT VALUE FOR event_group_seq, s.project_id, s.type, s.checksum, s.message, s.culprit,"
                    + " s.level, " + GroupStatus.UNRESOLVED.sql()
                    + ", s.times_seen, s.first_seen, s.last_seen, s.time_spent_total, s.time_spent_count,"
                    + " s.time_spent_max, s.score, s.first_release, s.last_release, s.search_words)");

    private static final Rows MERGE_RELEASES = new Rows(
            "MERGE INTO project_release t USING (VALUES ",
            "(CAST(? AS BIGINT), CAST(? AS VARCHAR(200)), CAST(? AS BIGINT), CAST(? AS " + TIMESTAMP + "), CAST(? AS "
                    + TIMESTAMP + "), CAST(? AS BIGINT))",
            ") s(project_id, version, times_seen, first_seen, last_seen, new_groups)"
                    + " ON t.project_id = s.project_id AND t.version = s.version"
                    + " WHEN MATCHED THEN UPDATE SET times_seen = t.times_seen + s.times_seen,"
                    + " first_seen = LEAST(t.first_seen, s.first_seen), last_seen = GREATEST(t.last_seen, s.last_seen),"
                    + " new_groups = t.new_groups + s.new_groups"
                    + " WHEN NOT MATCHED THEN INSERT (project_id, version, times_seen, first_seen, last_seen, new_groups)"
                    + " VALUES (s.project_id, s.version, s.times_seen, s.first_seen, s.last_seen, s.new_groups)");

    private static final Rows GROUP_IDS = new Rows(
            "SELECT " + GROUP_STATE.list() + " FROM event_group g JOIN (VALUES ",
            "(CAST(? AS BIGINT), CAST(? AS VARCHAR(64)), CAST(? AS CHAR(32)))",
            ") k(project_id, type, checksum) ON g.project_id = k.project_id AND g.type = k.type AND g.checksum = k.checksum");

    private static final Rows MERGE_TAG_VALUES = new Rows(
            "MERGE INTO tag_value t USING (VALUES ",
            "(CAST(? AS BIGINT), CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(200)), CAST(? AS BIGINT)," + " CAST(? AS "
                    + TIMESTAMP + "), CAST(? AS " + TIMESTAMP + "))",
            ") s(project_id, tag_key, tag_value, times_seen, first_seen, last_seen)"
                    + " ON t.project_id = s.project_id AND t.tag_key = s.tag_key AND t.tag_value = s.tag_value"
                    + " WHEN MATCHED THEN UPDATE SET " + TAG_VALUE.added("t", "s")
                    + " WHEN NOT MATCHED THEN INSERT (id, project_id, tag_key, tag_value, times_seen, first_seen, last_seen)"
                    + " VALUES (NEXT VALUE FOR tag_value_seq, s.project_id, s.tag_key, s.tag_value, s.times_seen,"
                    + " s.first_seen, s.last_seen)");

    private static final Rows TAG_VALUE_IDS = new Rows(
            "SELECT " + TAG_VALUE_ID.list() + " FROM tag_value t JOIN (VALUES ",
            "(CAST(? AS BIGINT), CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(200)))",
            ") k(project_id, tag_key, tag_value) ON t.project_id = k.project_id AND t.tag_key = k.tag_key"
                    + " AND t.tag_value = k.tag_value");

    private static final Rows MERGE_GROUP_TAGS = new Rows(
            "MERGE INTO group_tag_value t USING (VALUES ",
            "(CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS VARCHAR(64)), CAST(? AS BIGINT)," + " CAST(? AS "
                    + TIMESTAMP + "), CAST(? AS " + TIMESTAMP + "))",
            ") s(group_id, tag_value_id, tag_key, times_seen, first_seen, last_seen)"
                    + " ON t.group_id = s.group_id AND t.tag_value_id = s.tag_value_id"
                    + " WHEN MATCHED THEN UPDATE SET " + GROUP_TAG_VALUE.added("t", "s")
                    + " WHEN NOT MATCHED THEN INSERT (group_id, tag_value_id, tag_key, times_seen, first_seen, last_seen)"
                    + " VALUES (s.group_id, s.tag_value_id, s.tag_key, s.times_seen, s.first_seen, s.last_seen)");

    private static final Rows EXISTING_USERS = new Rows(
            "SELECT t.group_id, COUNT(*) FROM group_tag_value t JOIN (VALUES ",
            "(CAST(? AS BIGINT), CAST(? AS BIGINT))",
            ") k(group_id, tag_value_id) ON t.group_id = k.group_id AND t.tag_value_id = k.tag_value_id GROUP BY t.group_id");

    private static final Rows MERGE_VIEW_GROUPS = new Rows(
            "MERGE INTO view_group t USING (VALUES ",
            "(CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS CHAR(32)), CAST(? AS VARCHAR(8000)), CAST(? AS BIGINT),"
                    + " CAST(? AS " + TIMESTAMP + "), CAST(? AS " + TIMESTAMP + "), CAST(? AS DOUBLE PRECISION),"
                    + " CAST(? AS BIGINT), CAST(? AS DOUBLE PRECISION), CAST(? AS DOUBLE PRECISION),"
                    + " CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(200)),"
                    + " CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(200)))",
            ") s(view_id, group_id, key_hash, key_values, times_seen, first_seen, last_seen, time_spent_total,"
                    + " time_spent_count, time_spent_max, score, k1, k2, k3, k4, k5, k6, k7, k8)"
                    + " ON t.view_id = s.view_id AND t.group_id = s.group_id AND t.key_hash = s.key_hash"
                    + " WHEN MATCHED THEN UPDATE SET " + VIEW_GROUP.added("t", "s") + ","
                    + " score = LN(t.times_seen + s.times_seen) * 600 + EXTRACT(EPOCH FROM GREATEST(t.last_seen, s.last_seen)),"
                    + " time_spent_max = GREATEST(t.time_spent_max, s.time_spent_max)"
                    + " WHEN NOT MATCHED THEN INSERT (id, view_id, group_id, key_hash, key_values, times_seen, first_seen,"
                    + " last_seen, score, time_spent_total, time_spent_count, time_spent_max, k1, k2, k3, k4, k5, k6, k7, k8)"
                    + " VALUES (NEXT VALUE FOR view_group_seq, s.view_id, s.group_id, s.key_hash, s.key_values,"
                    + " s.times_seen, s.first_seen, s.last_seen, s.score, s.time_spent_total, s.time_spent_count,"
                    + " s.time_spent_max, s.k1, s.k2, s.k3, s.k4, s.k5, s.k6, s.k7, s.k8)");

    private static final Rows VIEW_GROUP_IDS = new Rows(
            "SELECT " + VIEW_GROUP_ID.list() + " FROM view_group v JOIN (VALUES ",
            "(CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS CHAR(32)))",
            ") k(view_id, group_id, key_hash) ON v.view_id = k.view_id AND v.group_id = k.group_id AND v.key_hash = k.key_hash");

    H2AggregateSql() {
        super(new Statements(
                EXISTING_EVENTS,
                INSERT_EVENTS,
                INSERT_EVENT_TAGS,
                GROUP_IDS,
                TAG_VALUE_IDS,
                VIEW_GROUP_IDS,
                mergeHours(GROUP_HOURLY),
                mergeHours(VIEW_GROUP_HOURLY)));
    }

    @Override
    public int writers() {
        return 1;
    }

    @Override
    public void begin(EntityManager em) {}

    @Override
    public List<Long> nextIds(EntityManager em, String sequence, int n) {
        return ids(em.createNativeQuery("SELECT NEXT VALUE FOR " + sequence + " AS id FROM SYSTEM_RANGE(1, ?1)")
                .setParameter(1, n)
                .getResultList());
    }

    /** Here the groups are counted at once. */
    @Override
    public PreparedGroups prepareGroups(EntityManager em, long projectId, SortedMap<Keys.Group, Tally.OfGroup> groups) {
        Followed followed = follow(em, projectId, groups);
        List<Object[]> rows = new ArrayList<>(followed.counted().size());
        followed.counted().forEach((key, t) -> rows.add(groupRow(projectId, key, t, true)));
        MERGE_GROUPS.execute(em, rows);
        Map<Keys.Group, Long> ids = new HashMap<>(followed.ids());
        List<Keys.Group> created = followed.counted().keySet().stream()
                .filter(key -> !ids.containsKey(key))
                .toList();
        if (!created.isEmpty()) {
            ids.putAll(readGroupIds(em, projectId, created));
        }
        return new PreparedGroups(ids, followed.before(), followed.counted(), followed.keptResolved());
    }

    @Override
    public void countReleases(EntityManager em, long projectId, SortedMap<String, Tally.OfRelease> releases) {
        if (!releases.isEmpty()) {
            MERGE_RELEASES.execute(em, releaseRows(projectId, releases));
        }
    }

    /** Here the tag values are counted at once. */
    @Override
    public Map<Keys.Tag, Long> prepareTagValues(EntityManager em, long projectId, SortedMap<Keys.Tag, Tally> tags) {
        List<Object[]> rows = new ArrayList<>(tags.size());
        tags.forEach((key, t) -> rows.add(tagValueRow(projectId, key, t, true)));
        MERGE_TAG_VALUES.execute(em, rows);
        return readTagValueIds(em, projectId, tags.keySet());
    }

    @Override
    public void countTagValues(
            EntityManager em, long projectId, SortedMap<Keys.Tag, Tally> tags, Map<Keys.Tag, Long> ids) {}

    /** Here the view groups are counted at once. */
    @Override
    public PreparedViewGroups prepareViewGroups(
            EntityManager em, SortedMap<Keys.ViewGroup, Tally.OfViewGroup> viewGroups) {
        Map<Keys.ViewGroup, Long> ids = readViewGroupIds(em, viewGroups.keySet());
        Set<Keys.ViewGroup> existed = Set.copyOf(ids.keySet());
        List<Object[]> rows = new ArrayList<>(viewGroups.size());
        viewGroups.forEach((key, t) -> rows.add(viewGroupRow(key, t, true)));
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

    @Override
    public void countViewGroups(
            EntityManager em, SortedMap<Keys.ViewGroup, Tally.OfViewGroup> viewGroups, Map<Keys.ViewGroup, Long> ids) {}

    /** The user rows that exist are read before the {@code MERGE}; the others it creates (one writer). */
    @Override
    Map<Long, Long> writeGroupTags(EntityManager em, List<Object[]> rows, List<Object[]> users) {
        Map<Long, Long> existing = users.isEmpty() ? Map.of() : perGroup(EXISTING_USERS.fetch(em, users));
        MERGE_GROUP_TAGS.execute(em, rows);
        Map<Long, Long> created = new java.util.TreeMap<>();
        for (Object[] user : users) {
            created.merge(((Number) user[0]).longValue(), 1L, Long::sum);
        }
        existing.forEach((group, n) -> created.merge(group, -n, Long::sum));
        created.values().removeIf(n -> n == 0);
        return created;
    }

    /** The users a batch's distributions created, added once per group (the groups were counted in {@link #prepareGroups}). */
    @Override
    public void countGroups(
            EntityManager em, long projectId, SortedMap<Keys.Group, Tally.OfGroup> groups, Map<Keys.Group, Long> ids) {
        groups.forEach((key, t) -> {
            if (t.users > 0) {
                em.createNativeQuery("UPDATE event_group SET users = users + ?1 WHERE id = ?2")
                        .setParameter(1, t.users)
                        .setParameter(2, ids.get(key))
                        .executeUpdate();
            }
        });
    }

    private static Rows mergeHours(AggregateTable table) {
        return new Rows(
                "MERGE INTO " + table.table() + " t USING (VALUES ",
                "(CAST(? AS BIGINT), CAST(? AS " + TIMESTAMP + "), CAST(? AS BIGINT))",
                ") s(owner, hour_start, times_seen) ON t." + table.owner()
                        + " = s.owner AND t.hour_start = s.hour_start"
                        + " WHEN MATCHED THEN UPDATE SET " + table.added("t", "s")
                        + " WHEN NOT MATCHED THEN INSERT (" + table.owner() + ", hour_start, times_seen)"
                        + " VALUES (s.owner, s.hour_start, s.times_seen)");
    }

    @Override
    public void addScrubbedValues(EntityManager em, long projectId, long scrubbed) {
        em.createNativeQuery("MERGE INTO project_scrub_count t USING (VALUES (CAST(?1 AS BIGINT), CAST(?2 AS BIGINT)))"
                        + " s (project_id, n) ON t.project_id = s.project_id"
                        + " WHEN MATCHED THEN UPDATE SET scrubbed_values = t.scrubbed_values + s.n"
                        + " WHEN NOT MATCHED THEN INSERT (project_id, scrubbed_values) VALUES (s.project_id, s.n)")
                .setParameter(1, projectId)
                .setParameter(2, scrubbed)
                .executeUpdate();
    }

    /** H2 has one ingest writer, and a deadlock there is retried: no locks beforehand. */
    @Override
    void lockInOrder(EntityManager em, AggregateTable table, List<Object[]> shares) {}

    /** A {@code SELECT DISTINCT} with a row limit. */
    @Override
    public long firstKeyValues(EntityManager em, long viewId, int limit) {
        return ((Number) new Sql(
                                "SELECT COUNT(*) FROM (SELECT DISTINCT vg.k1 FROM view_group vg JOIN event_group g ON g.id = vg.group_id"
                                        + " WHERE vg.view_id = ")
                        .value(viewId)
                        .sql(" AND g.status <> " + GroupStatus.IGNORED.sql())
                        .limit(limit)
                        .sql(") d")
                        .query(em)
                        .getSingleResult())
                .longValue();
    }

    @Override
    public void wordsCondition(io.lookout.schema.Sql sql, String alias, List<String> words) {
        sql.sql("(");
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i).replace("!", "!!").replace("%", "!%").replace("_", "!_");
            sql.sql(i == 0 ? "" : " AND ")
                    .sql("(' ' || " + alias + ".search_words) LIKE ")
                    .value("% " + word + "%")
                    .sql(" ESCAPE '!'");
        }
        sql.sql(")");
    }
}
