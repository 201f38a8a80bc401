package io.lookout.grouping;

import static io.lookout.grouping.AggregateTable.EVENT_GROUP;
import static io.lookout.grouping.AggregateTable.GROUP_HOURLY;
import static io.lookout.grouping.AggregateTable.GROUP_TAG_VALUE;
import static io.lookout.grouping.AggregateTable.TAG_VALUE;
import static io.lookout.grouping.AggregateTable.VIEW_GROUP;
import static io.lookout.grouping.AggregateTable.VIEW_GROUP_HOURLY;
import static io.lookout.grouping.ArrayRows.Column.BIGINT;
import static io.lookout.grouping.ArrayRows.Column.CHAR32;
import static io.lookout.grouping.ArrayRows.Column.DOUBLE;
import static io.lookout.grouping.ArrayRows.Column.TEXT;
import static io.lookout.grouping.ArrayRows.Column.TIMESTAMPTZ;

import io.lookout.schema.Columns;
import io.lookout.schema.Sql;
import io.lookout.schema.SqlRow;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.Function;

/**
 * PostgreSQL: the rows of a batch first, the counters last. {@code prepare...} reads the ids of the
 * rows that exist (a plain read: no lock, no wait) and creates the missing ones with zero counts
 * ({@code INSERT ... ON CONFLICT DO NOTHING RETURNING}, then reads again those another writer
 * created meanwhile); {@code count...} adds the tallies with one multi-row
 * {@code INSERT ... ON CONFLICT DO UPDATE} per table, rows by id, after the events and their tag
 * links are written, so two writers wait for each other only over the counting and the commit.
 *
 * <p>Every statement binds one array per column ({@link ArrayRows}): one text per statement, prepared
 * once per connection, whatever the size of the batch.
 */
final class PostgresAggregateSql extends AggregateStatements {

    // what the inserts that create rows return, read by name
    private static final Columns CREATED_GROUP = new Columns("id", "type", "checksum");
    private static final Columns CREATED_TAG_VALUE = new Columns("id", "tag_key", "tag_value");
    private static final Columns CREATED_VIEW_GROUP = new Columns("id", "view_id", "group_id", "key_hash");

    private static final ArrayRows.Column[] GROUP_COLUMNS = {
        BIGINT,
        TEXT,
        CHAR32,
        TEXT,
        TEXT,
        TEXT,
        BIGINT,
        TIMESTAMPTZ,
        TIMESTAMPTZ,
        DOUBLE,
        BIGINT,
        DOUBLE,
        DOUBLE,
        TEXT,
        TEXT,
        TEXT,
        TEXT,
        BIGINT
    };
    private static final String GROUP_INSERT = "INSERT INTO event_group AS g (id, project_id, type, checksum, message,"
            + " culprit, level, status, times_seen, first_seen, last_seen, time_spent_total, time_spent_count,"
            + " time_spent_max, score, first_release, last_release, search_words, users) SELECT %s, r.project_id, r.type, r.checksum,"
            + " r.message, r.culprit, r.level, %s, r.times_seen, r.first_seen, r.last_seen, r.ts_total, r.ts_count,"
            + " r.ts_max, r.score, r.first_release, r.last_release, r.search_words, r.users"
            + " FROM {rows} AS r(%sproject_id, type, checksum, message, culprit, level, times_seen, first_seen, last_seen,"
            + " ts_total, ts_count, ts_max, score, first_release, last_release, status, search_words, users)";
    private static final ArrayRows CREATE_GROUPS = new ArrayRows(
            String.format(GROUP_INSERT, "nextval('event_group_seq')", GroupStatus.UNRESOLVED.sql(), "")
                    + " ON CONFLICT (project_id, type, checksum) DO NOTHING RETURNING " + CREATED_GROUP.list(),
            GROUP_COLUMNS);
    // the rows exist: their ids come along (a row the cleanup deleted meanwhile comes back with its id);
    // EXCLUDED.status is the status the batch leaves a resolved group in (AggregateStatements.groupRow)
    private static final ArrayRows COUNT_GROUPS = new ArrayRows(
            String.format(GROUP_INSERT, "r.id", "r.status", "id, ")
                    + " ON CONFLICT (project_id, type, checksum) DO UPDATE SET " + scored(EVENT_GROUP, "g") + ","
                    + " users = g.users + EXCLUDED.users,"
                    + " message = CASE WHEN EXCLUDED.last_seen >= g.last_seen THEN EXCLUDED.message ELSE g.message END,"
                    + " culprit = CASE WHEN EXCLUDED.last_seen >= g.last_seen THEN EXCLUDED.culprit ELSE g.culprit END,"
                    + " level = CASE WHEN EXCLUDED.last_seen >= g.last_seen THEN EXCLUDED.level ELSE g.level END,"
                    + " search_words = CASE WHEN EXCLUDED.last_seen >= g.last_seen THEN EXCLUDED.search_words"
                    + " ELSE g.search_words END,"
                    + " " + releases("g", "EXCLUDED") + ","
                    + " regressed_at = CASE WHEN " + reopens("g", "EXCLUDED")
                    + " THEN CURRENT_TIMESTAMP ELSE g.regressed_at END,"
                    + " resolved_at = CASE WHEN " + reopens("g", "EXCLUDED") + " THEN NULL ELSE g.resolved_at END,"
                    + " resolved_in_release = CASE WHEN " + reopens("g", "EXCLUDED")
                    + " THEN NULL ELSE g.resolved_in_release END,"
                    + " resolved_in_next = CASE WHEN " + reopens("g", "EXCLUDED")
                    + " THEN FALSE ELSE g.resolved_in_next END,"
                    + " status = CASE WHEN " + reopens("g", "EXCLUDED") + " THEN " + GroupStatus.UNRESOLVED.sql()
                    + " ELSE g.status END",
            with(BIGINT, GROUP_COLUMNS));

    private static final ArrayRows COUNT_RELEASES = new ArrayRows(
            "INSERT INTO project_release AS p (project_id, version, times_seen, first_seen, last_seen, new_groups)"
                    + " SELECT * FROM {rows} ON CONFLICT (project_id, version) DO UPDATE SET"
                    + " times_seen = p.times_seen + EXCLUDED.times_seen, first_seen = LEAST(p.first_seen,"
                    + " EXCLUDED.first_seen), last_seen = GREATEST(p.last_seen, EXCLUDED.last_seen),"
                    + " new_groups = p.new_groups + EXCLUDED.new_groups",
            BIGINT,
            TEXT,
            BIGINT,
            TIMESTAMPTZ,
            TIMESTAMPTZ,
            BIGINT);

    private static final ArrayRows.Column[] TAG_VALUE_COLUMNS = {BIGINT, TEXT, TEXT, BIGINT, TIMESTAMPTZ, TIMESTAMPTZ};
    private static final String TAG_VALUE_INSERT = "INSERT INTO tag_value AS t (id, project_id, tag_key, tag_value,"
            + " times_seen, first_seen, last_seen) SELECT %s, r.project_id, r.tag_key, r.tag_value, r.times_seen,"
            + " r.first_seen, r.last_seen FROM {rows} AS r(%sproject_id, tag_key, tag_value, times_seen, first_seen, last_seen)";
    private static final ArrayRows CREATE_TAG_VALUES = new ArrayRows(
            String.format(TAG_VALUE_INSERT, "nextval('tag_value_seq')", "")
                    + " ON CONFLICT (project_id, tag_key, tag_value) DO NOTHING RETURNING " + CREATED_TAG_VALUE.list(),
            TAG_VALUE_COLUMNS);
    // the ids of the rows it counted: a row the cleanup deleted comes back with its id, but one another
    // writer created again meanwhile has a new one (countTagValues)
    private static final ArrayRows COUNT_TAG_VALUES = new ArrayRows(
            "WITH c AS (" + String.format(TAG_VALUE_INSERT, "r.id", "id, ")
                    + " ON CONFLICT (project_id, tag_key, tag_value) DO UPDATE SET " + TAG_VALUE.added("t", "EXCLUDED")
                    + " RETURNING t.id) SELECT id FROM c",
            with(BIGINT, TAG_VALUE_COLUMNS));

    private static final ArrayRows.Column[] VIEW_GROUP_COLUMNS = {
        BIGINT,
        BIGINT,
        CHAR32,
        TEXT,
        BIGINT,
        TIMESTAMPTZ,
        TIMESTAMPTZ,
        DOUBLE,
        BIGINT,
        DOUBLE,
        DOUBLE,
        TEXT,
        TEXT,
        TEXT,
        TEXT,
        TEXT,
        TEXT,
        TEXT,
        TEXT
    };
    private static final String VIEW_GROUP_INSERT = "INSERT INTO view_group AS v (id, view_id, group_id, key_hash,"
            + " key_values, times_seen, first_seen, last_seen, time_spent_total, time_spent_count, time_spent_max, score,"
            + " k1, k2, k3, k4, k5, k6, k7, k8) SELECT %s, r.view_id, r.group_id, r.key_hash, r.key_values, r.times_seen,"
            + " r.first_seen, r.last_seen, r.ts_total, r.ts_count, r.ts_max, r.score, r.k1, r.k2, r.k3, r.k4, r.k5, r.k6,"
            + " r.k7, r.k8 FROM {rows} AS r(%sview_id, group_id, key_hash, key_values, times_seen, first_seen, last_seen,"
            + " ts_total, ts_count, ts_max, score, k1, k2, k3, k4, k5, k6, k7, k8)";
    private static final ArrayRows CREATE_VIEW_GROUPS = new ArrayRows(
            String.format(VIEW_GROUP_INSERT, "nextval('view_group_seq')", "")
                    + " ON CONFLICT (view_id, group_id, key_hash) DO NOTHING RETURNING " + CREATED_VIEW_GROUP.list(),
            VIEW_GROUP_COLUMNS);
    private static final ArrayRows COUNT_VIEW_GROUPS = new ArrayRows(
            String.format(VIEW_GROUP_INSERT, "r.id", "id, ")
                    + " ON CONFLICT (view_id, group_id, key_hash) DO UPDATE SET " + scored(VIEW_GROUP, "v"),
            with(BIGINT, VIEW_GROUP_COLUMNS));

    PostgresAggregateSql() {
        super(new Statements(
                new ArrayRows(
                        "SELECT " + EVENT_ID.list() + " FROM event e JOIN {rows} AS k(project_id, event_id)"
                                + " ON e.project_id = k.project_id AND e.event_id = k.event_id",
                        BIGINT,
                        CHAR32),
                new ArrayRows(
                        "INSERT INTO event (id, project_id, event_id, group_id, type, checksum, occurred_at,"
                                + " received_at, message, culprit, level, time_spent, correlation_id, tags, data, view_generation,"
                                + " grouped_by, fingerprint) SELECT * FROM {rows}",
                        BIGINT,
                        BIGINT,
                        CHAR32,
                        BIGINT,
                        TEXT,
                        CHAR32,
                        TIMESTAMPTZ,
                        TIMESTAMPTZ,
                        TEXT,
                        TEXT,
                        TEXT,
                        DOUBLE,
                        TEXT,
                        TEXT,
                        TEXT,
                        BIGINT,
                        TEXT,
                        TEXT),
                new ArrayRows("INSERT INTO event_tag (tag_value_id, event_id) SELECT * FROM {rows}", BIGINT, BIGINT),
                new ArrayRows(
                        "SELECT " + GROUP_STATE.list()
                                + " FROM event_group g JOIN {rows} AS k(project_id, type, checksum)"
                                + " ON g.project_id = k.project_id AND g.type = k.type AND g.checksum = k.checksum",
                        BIGINT,
                        TEXT,
                        CHAR32),
                // no lock: event_tag has no key to tag_value (V29), countTagValues checks that the
                // values the batch links to are still the ones it looked up
                new ArrayRows(
                        "SELECT " + TAG_VALUE_ID.list()
                                + " FROM tag_value t JOIN {rows} AS k(project_id, tag_key, tag_value)"
                                + " ON t.project_id = k.project_id AND t.tag_key = k.tag_key AND t.tag_value = k.tag_value",
                        BIGINT,
                        TEXT,
                        TEXT),
                new ArrayRows(
                        "SELECT " + VIEW_GROUP_ID.list()
                                + " FROM view_group v JOIN {rows} AS k(view_id, group_id, key_hash)"
                                + " ON v.view_id = k.view_id AND v.group_id = k.group_id AND v.key_hash = k.key_hash",
                        BIGINT,
                        BIGINT,
                        CHAR32),
                hours(GROUP_HOURLY),
                hours(VIEW_GROUP_HOURLY)));
    }

    /**
     * The distributions' counts; per group, the rows of key {@code user} the statement inserted
     * ({@code xmax = 0}: a row an {@code ON CONFLICT DO UPDATE} updated has the updating
     * transaction's id there). Only the inserting transaction sees a row as inserted, so two writers
     * adding the same new user count it once.
     */
    private static final ArrayRows COUNT_GROUP_TAGS = new ArrayRows(
            "WITH c AS (INSERT INTO group_tag_value AS t (group_id, tag_value_id, tag_key, times_seen, first_seen,"
                    + " last_seen) SELECT * FROM {rows} ON CONFLICT (group_id, tag_value_id) DO UPDATE SET "
                    + GROUP_TAG_VALUE.added("t", "EXCLUDED")
                    + " RETURNING t.group_id, t.tag_key, t.xmax = 0 AS created)"
                    + " SELECT group_id, COUNT(*) FROM c WHERE created AND tag_key = '" + USER_KEY
                    + "' GROUP BY group_id",
            BIGINT,
            BIGINT,
            TEXT,
            BIGINT,
            TIMESTAMPTZ,
            TIMESTAMPTZ);

    @Override
    Map<Long, Long> writeGroupTags(EntityManager em, List<Object[]> rows, List<Object[]> users) {
        try {
            return perGroup(COUNT_GROUP_TAGS.fetch(em, rows));
        } catch (PersistenceException e) {
            if (e.getCause() instanceof SQLException sql && "23503".equals(sql.getSQLState())) {
                // a new distribution row's group or tag value, looked up without a lock, was deleted by
                // the cleanup meanwhile (its count at zero): written again, the batch creates it anew
                throw new PersistenceException(
                        "a group or tag value this batch had looked up was deleted meanwhile; the batch is written"
                                + " again: " + sql.getMessage(),
                        new SQLException(sql.getMessage(), "40001", sql));
            }
            throw e;
        }
    }

    private static ArrayRows hours(AggregateTable table) {
        return new ArrayRows(
                "INSERT INTO " + table.table() + " AS t (" + table.owner()
                        + ", hour_start, times_seen) SELECT * FROM {rows}"
                        + " ON CONFLICT (" + table.owner() + ", hour_start) DO UPDATE SET "
                        + table.added("t", "EXCLUDED"),
                BIGINT,
                TIMESTAMPTZ,
                BIGINT);
    }

    /**
     * The counts of row {@code a} plus the proposed row's ({@code EXCLUDED}), and for groups and view
     * groups the score (docs/architecture.md) and the longest time spent.
     */
    private static String scored(AggregateTable table, String a) {
        return table.added(a, "EXCLUDED") + ", score = LN(" + a + ".times_seen + EXCLUDED.times_seen) * 600"
                + " + EXTRACT(EPOCH FROM GREATEST(" + a + ".last_seen, EXCLUDED.last_seen)), time_spent_max = GREATEST("
                + a + ".time_spent_max, EXCLUDED.time_spent_max)";
    }

    private static ArrayRows.Column[] with(ArrayRows.Column first, ArrayRows.Column[] rest) {
        ArrayRows.Column[] columns = new ArrayRows.Column[rest.length + 1];
        columns[0] = first;
        System.arraycopy(rest, 0, columns, 1, rest.length);
        return columns;
    }

    @Override
    public int writers() {
        return 2;
    }

    /**
     * Custom plans for this transaction's statements: their text is the same for every batch, so
     * after five runs PostgreSQL would keep one generic plan for the connection, made without the
     * arrays' sizes and with the statistics of that moment — a lookup planned while a table was
     * small kept scanning it whole as it grew (docs/architecture.md, *One statement text per table*).
     * Planning these small statements costs less than a bad plan.
     * {@code SET LOCAL} ends with the transaction: other users of the pooled connection keep the default.
     */
    @Override
    public void begin(EntityManager em) {
        try (Statement statement = Rows.connection(em).createStatement()) {
            statement.execute("SET LOCAL plan_cache_mode = force_custom_plan");
        } catch (SQLException e) {
            throw new PersistenceException(e.getMessage(), e);
        }
    }

    @Override
    public List<Long> nextIds(EntityManager em, String sequence, int n) {
        return ids(em.createNativeQuery("SELECT nextval('" + sequence + "') AS id FROM generate_series(1, ?1)")
                .setParameter(1, n)
                .getResultList());
    }

    @Override
    public PreparedGroups prepareGroups(EntityManager em, long projectId, SortedMap<Keys.Group, Tally.OfGroup> groups) {
        Followed followed = follow(em, projectId, groups);
        SortedMap<Keys.Group, Tally.OfGroup> counted = followed.counted();
        Map<Keys.Group, Long> existing = new java.util.HashMap<>();
        followed.ids().forEach((key, id) -> {
            if (counted.containsKey(key)) {
                existing.put(key, id);
            }
        });
        Map<Keys.Group, Long> ids = prepare(
                counted.keySet(),
                existing,
                keys -> readGroupIds(em, projectId, keys),
                // times seen and time spent: countGroups adds them
                key -> withUsers(groupRow(projectId, key, counted.get(key), false), 0),
                rows -> CREATED_GROUP.rows(CREATE_GROUPS.fetch(em, rows)),
                row -> new Keys.Group(row.text("type"), row.text("checksum").trim()));
        // a merge alias's checksum: its target's id
        followed.ids().forEach(ids::putIfAbsent);
        return new PreparedGroups(ids, followed.before(), counted, followed.keptResolved());
    }

    @Override
    public void countReleases(EntityManager em, long projectId, SortedMap<String, Tally.OfRelease> releases) {
        if (!releases.isEmpty()) {
            COUNT_RELEASES.execute(em, releaseRows(projectId, releases));
        }
    }

    @Override
    public void countGroups(
            EntityManager em, long projectId, SortedMap<Keys.Group, Tally.OfGroup> groups, Map<Keys.Group, Long> ids) {
        List<Object[]> rows = new ArrayList<>(groups.size());
        byId(groups.keySet(), ids)
                .forEach(key -> rows.add(withId(
                        ids.get(key),
                        withUsers(groupRow(projectId, key, groups.get(key), true), groups.get(key).users))));
        COUNT_GROUPS.execute(em, rows);
    }

    @Override
    public Map<Keys.Tag, Long> prepareTagValues(EntityManager em, long projectId, SortedMap<Keys.Tag, Tally> tags) {
        return prepare(
                tags.keySet(),
                readTagValueIds(em, projectId, tags.keySet()),
                keys -> readTagValueIds(em, projectId, keys),
                // times seen: countTagValues adds it
                key -> tagValueRow(projectId, key, tags.get(key), false),
                rows -> CREATED_TAG_VALUE.rows(CREATE_TAG_VALUES.fetch(em, rows)),
                row -> new Keys.Tag(row.text("tag_key"), row.text("tag_value")));
    }

    @Override
    public void countTagValues(
            EntityManager em, long projectId, SortedMap<Keys.Tag, Tally> tags, Map<Keys.Tag, Long> ids) {
        List<Object[]> rows = new ArrayList<>(tags.size());
        byId(tags.keySet(), ids)
                .forEach(key -> rows.add(withId(ids.get(key), tagValueRow(projectId, key, tags.get(key), true))));
        Set<Long> linked = new java.util.HashSet<>(ids.values());
        for (Object[] counted : COUNT_TAG_VALUES.fetch(em, rows)) {
            long id = ((Number) counted[0]).longValue();
            if (!linked.contains(id)) {
                throw replaced(id);
            }
        }
    }

    /**
     * The guard event_tag's key to tag_value was (V29 dropped it): the cleanup deleted a value this
     * batch had looked up (its count at zero) and another writer created it again under a new id, so
     * the batch's links point to a row that is gone. Its upsert counted the new row instead: a
     * serialization failure ({@code 40001}), which rolls the batch back and writes it again
     * ({@link io.lookout.schema.TransientFailures}), looking the value up anew.
     */
    private static PersistenceException replaced(long id) {
        String message = "tag value " + id + " replaced a value this batch had looked up, deleted by the cleanup"
                + " and created again meanwhile; the batch is written again";
        return new PersistenceException(message, new SQLException(message, "40001"));
    }

    @Override
    public PreparedViewGroups prepareViewGroups(
            EntityManager em, SortedMap<Keys.ViewGroup, Tally.OfViewGroup> viewGroups) {
        Map<Keys.ViewGroup, Long> existing = readViewGroupIds(em, viewGroups.keySet());
        Set<Keys.ViewGroup> existed = Set.copyOf(existing.keySet());
        return new PreparedViewGroups(
                prepare(
                        viewGroups.keySet(),
                        existing,
                        keys -> readViewGroupIds(em, keys),
                        // times seen and time spent: countViewGroups adds them
                        key -> viewGroupRow(key, viewGroups.get(key), false),
                        rows -> CREATED_VIEW_GROUP.rows(CREATE_VIEW_GROUPS.fetch(em, rows)),
                        AggregateStatements::viewGroupKey),
                existed);
    }

    @Override
    public void countViewGroups(
            EntityManager em, SortedMap<Keys.ViewGroup, Tally.OfViewGroup> viewGroups, Map<Keys.ViewGroup, Long> ids) {
        List<Object[]> rows = new ArrayList<>(viewGroups.size());
        byId(viewGroups.keySet(), ids)
                .forEach(key -> rows.add(withId(ids.get(key), viewGroupRow(key, viewGroups.get(key), true))));
        COUNT_VIEW_GROUPS.execute(em, rows);
    }

    /** The keys in the order of their rows' ids: the order in which every writer and the cleanup lock rows. */
    private static <K> List<K> byId(Collection<K> keys, Map<K, Long> ids) {
        // each key's id looked up once, not twice per comparison
        List<Keyed<K>> keyed = new ArrayList<>(keys.size());
        keys.forEach(key -> keyed.add(new Keyed<>(ids.get(key), key)));
        keyed.sort(Comparator.comparingLong(Keyed::id));
        List<K> sorted = new ArrayList<>(keyed.size());
        keyed.forEach(k -> sorted.add(k.key()));
        return sorted;
    }

    private record Keyed<K>(long id, K key) {}

    /**
     * The ids of the rows of {@code keys}: {@code existing} (as read); the missing ones created with zero counts
     * ({@code create} answers id and key of the rows it inserted); those another writer created
     * meanwhile read again.
     */
    private static <K> Map<K, Long> prepare(
            Collection<K> keys,
            Map<K, Long> existing,
            Function<Collection<K>, Map<K, Long>> read,
            Function<K, Object[]> newRow,
            Function<List<Object[]>, List<SqlRow>> create,
            Function<SqlRow, K> keyOf) {
        Map<K, Long> ids = existing;
        if (ids.size() < keys.size()) {
            List<Object[]> rows = new ArrayList<>();
            for (K key : keys) {
                if (!ids.containsKey(key)) {
                    rows.add(newRow.apply(key));
                }
            }
            for (SqlRow row : create.apply(rows)) {
                ids.put(keyOf.apply(row), row.number("id"));
            }
            if (ids.size() < keys.size()) {
                ids.putAll(read.apply(
                        keys.stream().filter(key -> !ids.containsKey(key)).toList()));
            }
        }
        return ids;
    }

    @Override
    public void addScrubbedValues(EntityManager em, long projectId, long scrubbed) {
        em.createNativeQuery("INSERT INTO project_scrub_count (project_id, scrubbed_values) VALUES (?1, ?2)"
                        + " ON CONFLICT (project_id) DO UPDATE SET scrubbed_values = project_scrub_count.scrubbed_values"
                        + " + EXCLUDED.scrubbed_values")
                .setParameter(1, projectId)
                .setParameter(2, scrubbed)
                .executeUpdate();
    }

    /**
     * Locks the rows ({@code FOR NO KEY UPDATE}, as an update does) in key order before the cleanup's
     * set-based statements change them in whatever order their plan visits them: ingestion locks
     * the same rows by id ({@link #countGroups} and the others), so neither waits for the other in a circle.
     */
    @Override
    void lockInOrder(EntityManager em, AggregateTable table, List<Object[]> shares) {
        int width = table.key().size();
        String[] types = new String[width];
        java.util.Arrays.fill(types, "BIGINT");
        String columns = table.key().stream()
                .map(AggregateTable.Column::name)
                .collect(java.util.stream.Collectors.joining(", "));
        String keyColumns = width == 1 ? columns : "(" + columns + ")";
        for (List<Object[]> chunk : chunks(shares, CHUNK)) {
            Object[] parameters = new Object[chunk.size() * width];
            for (int i = 0; i < chunk.size(); i++) {
                System.arraycopy(chunk.get(i), 0, parameters, i * width, width);
            }
            Sql.bind(
                            em.createNativeQuery("SELECT 1 FROM " + table.table() + " WHERE " + keyColumns
                                    + " IN (SELECT * FROM " + Sql.values(chunk.size(), types) + " k) ORDER BY "
                                    + columns + " FOR NO KEY UPDATE"),
                            parameters)
                    .getResultList();
        }
    }

    /**
     * A loose index scan: a recursive CTE that jumps from one value to the next on
     * {@code view_group_k1_score_idx (view_id, k1, score, id)}, each value kept only when a
     * non-ignored group has it — at most {@code limit} values plus one probe for null, whatever the
     * number of view groups.
     */
    @Override
    public long firstKeyValues(EntityManager em, long viewId, int limit) {
        return ((Number) new Sql("WITH RECURSIVE k(v) AS (" + "(SELECT k1 FROM view_group WHERE view_id = ")
                        .value(viewId)
                        .sql(" AND k1 IS NOT NULL ORDER BY k1 LIMIT 1)"
                                + " UNION ALL"
                                + " SELECT (SELECT vg.k1 FROM view_group vg WHERE vg.view_id = ")
                        .value(viewId)
                        .sql(" AND vg.k1 > k.v ORDER BY vg.k1 LIMIT 1) FROM k WHERE k.v IS NOT NULL)"
                                + " SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM k WHERE k.v IS NOT NULL AND EXISTS (SELECT 1"
                                + " FROM view_group vg JOIN event_group g ON g.id = vg.group_id WHERE vg.view_id = ")
                        .value(viewId)
                        .sql(" AND vg.k1 = k.v AND g.status <> " + GroupStatus.IGNORED.sql() + ") LIMIT ")
                        .value(limit)
                        .sql(") s) + (SELECT COUNT(*) FROM (SELECT 1 FROM view_group vg JOIN event_group g"
                                + " ON g.id = vg.group_id WHERE vg.view_id = ")
                        .value(viewId)
                        .sql(" AND vg.k1 IS NULL AND g.status <> " + GroupStatus.IGNORED.sql() + " LIMIT 1) n)")
                        .query(em)
                        .getSingleResult())
                .longValue();
    }

    /** A group's row and, last, the users its batch added ({@link #writeGroupTags}). */
    private static Object[] withUsers(Object[] row, long users) {
        Object[] withUsers = java.util.Arrays.copyOf(row, row.length + 1);
        withUsers[row.length] = users;
        return withUsers;
    }

    private static Object[] withId(long id, Object[] row) {
        Object[] withId = new Object[row.length + 1];
        withId[0] = id;
        System.arraycopy(row, 0, withId, 1, row.length);
        return withId;
    }

    @Override
    public void wordsCondition(Sql sql, String alias, List<String> words) {
        StringBuilder tsquery = new StringBuilder();
        for (int i = 0; i < words.size(); i++) {
            // words are letters, digits, '_', '$' and '.': nothing to escape inside the quotes
            tsquery.append(i == 0 ? "" : " & ")
                    .append('\'')
                    .append(words.get(i))
                    .append("':*");
        }
        sql.sql("array_to_tsvector(string_to_array(" + alias + ".search_words, ' ')) @@ CAST(")
                .value(tsquery.toString())
                .sql(" AS tsquery)");
    }
}
