package io.lookout.grouping;

import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Function;

/**
 * PostgreSQL: the rows of a batch first, the counters last. {@code prepare...} reads the ids of the
 * rows that exist (a plain read: no lock, no wait) and creates the missing ones with zero counts
 * ({@code INSERT ... ON CONFLICT DO NOTHING RETURNING}, then reads again those another writer
 * created meanwhile); {@code count...} adds the tallies with one multi-row
 * {@code INSERT ... ON CONFLICT DO UPDATE} per table, rows by id, after the events and their tag
 * links are written, so two writers wait for each other only over the counting and the commit.
 */
class PostgresBatchSql extends BatchSql {

    private static final String GROUP_INSERT = "INSERT INTO event_group AS g (id, project_id, type, checksum,"
            + " message, culprit, level, status, times_seen, first_seen, last_seen, time_spent_total, time_spent_count,"
            + " time_spent_max, score) VALUES ";
    private static final String GROUP_ROW = "(nextval('event_group_seq'), ?, ?, ?, ?, ?, ?, 'unresolved', ?, ?, ?, ?, ?, ?, ?)";
    private static final Rows CREATE_GROUPS = new Rows(GROUP_INSERT, GROUP_ROW,
            " ON CONFLICT (project_id, type, checksum) DO NOTHING RETURNING id, type, checksum");
    private static final Rows COUNT_GROUPS = new Rows(GROUP_INSERT, GROUP_ROW,
            " ON CONFLICT (project_id, type, checksum) DO UPDATE SET times_seen = g.times_seen + EXCLUDED.times_seen,"
                    + " score = LN(g.times_seen + EXCLUDED.times_seen) * 600"
                    + " + EXTRACT(EPOCH FROM GREATEST(g.last_seen, EXCLUDED.last_seen)),"
                    + " first_seen = LEAST(g.first_seen, EXCLUDED.first_seen),"
                    + " last_seen = GREATEST(g.last_seen, EXCLUDED.last_seen),"
                    + " message = CASE WHEN EXCLUDED.last_seen >= g.last_seen THEN EXCLUDED.message ELSE g.message END,"
                    + " culprit = CASE WHEN EXCLUDED.last_seen >= g.last_seen THEN EXCLUDED.culprit ELSE g.culprit END,"
                    + " level = CASE WHEN EXCLUDED.last_seen >= g.last_seen THEN EXCLUDED.level ELSE g.level END,"
                    + " time_spent_total = g.time_spent_total + EXCLUDED.time_spent_total,"
                    + " time_spent_count = g.time_spent_count + EXCLUDED.time_spent_count,"
                    + " time_spent_max = GREATEST(g.time_spent_max, EXCLUDED.time_spent_max),"
                    + " regressed_at = CASE WHEN g.status = 'resolved' THEN CURRENT_TIMESTAMP ELSE g.regressed_at END,"
                    + " resolved_at = CASE WHEN g.status = 'resolved' THEN NULL ELSE g.resolved_at END,"
                    + " status = CASE WHEN g.status = 'resolved' THEN 'unresolved' ELSE g.status END");

    private static final String TAG_VALUE_INSERT = "INSERT INTO tag_value AS t (id, project_id, tag_key, tag_value,"
            + " times_seen, first_seen, last_seen) VALUES ";
    private static final String TAG_VALUE_ROW = "(nextval('tag_value_seq'), ?, ?, ?, ?, ?, ?)";
    private static final Rows CREATE_TAG_VALUES = new Rows(TAG_VALUE_INSERT, TAG_VALUE_ROW,
            " ON CONFLICT (project_id, tag_key, tag_value) DO NOTHING RETURNING id, tag_key, tag_value");
    private static final Rows COUNT_TAG_VALUES = new Rows(TAG_VALUE_INSERT, TAG_VALUE_ROW,
            " ON CONFLICT (project_id, tag_key, tag_value) DO UPDATE SET times_seen = t.times_seen + EXCLUDED.times_seen,"
                    + " first_seen = LEAST(t.first_seen, EXCLUDED.first_seen),"
                    + " last_seen = GREATEST(t.last_seen, EXCLUDED.last_seen)");

    private static final Rows UPSERT_GROUP_TAGS = new Rows("INSERT INTO group_tag_value AS t (group_id, tag_value_id,"
            + " tag_key, times_seen, first_seen, last_seen) VALUES ", "(?, ?, ?, ?, ?, ?)",
            " ON CONFLICT (group_id, tag_value_id) DO UPDATE SET times_seen = t.times_seen + EXCLUDED.times_seen,"
                    + " first_seen = LEAST(t.first_seen, EXCLUDED.first_seen),"
                    + " last_seen = GREATEST(t.last_seen, EXCLUDED.last_seen)");

    private static final String VIEW_GROUP_INSERT = "INSERT INTO view_group AS v (view_id, group_id, key_hash,"
            + " key_values, times_seen, first_seen, last_seen, time_spent_total, time_spent_count, time_spent_max, score,"
            + " k1, k2, k3, k4, k5, k6, k7, k8, id) VALUES ";
    private static final String VIEW_GROUP_ROW =
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, nextval('view_group_seq'))";
    private static final Rows CREATE_VIEW_GROUPS = new Rows(VIEW_GROUP_INSERT, VIEW_GROUP_ROW,
            " ON CONFLICT (view_id, group_id, key_hash) DO NOTHING RETURNING id, view_id, group_id, key_hash");
    private static final Rows COUNT_VIEW_GROUPS = new Rows(VIEW_GROUP_INSERT, VIEW_GROUP_ROW,
            " ON CONFLICT (view_id, group_id, key_hash) DO UPDATE SET times_seen = v.times_seen + EXCLUDED.times_seen,"
                    + " score = LN(v.times_seen + EXCLUDED.times_seen) * 600"
                    + " + EXTRACT(EPOCH FROM GREATEST(v.last_seen, EXCLUDED.last_seen)),"
                    + " first_seen = LEAST(v.first_seen, EXCLUDED.first_seen),"
                    + " last_seen = GREATEST(v.last_seen, EXCLUDED.last_seen),"
                    + " time_spent_total = v.time_spent_total + EXCLUDED.time_spent_total,"
                    + " time_spent_count = v.time_spent_count + EXCLUDED.time_spent_count,"
                    + " time_spent_max = GREATEST(v.time_spent_max, EXCLUDED.time_spent_max)");

    @Override
    List<Long> nextIds(EntityManager em, String sequence, int n) {
        return ids(em.createNativeQuery("SELECT nextval('" + sequence + "') FROM generate_series(1, ?1)")
                .setParameter(1, n).getResultList());
    }

    @Override
    Map<Keys.Group, Long> prepareGroups(EntityManager em, long projectId, SortedMap<Keys.Group, Tally.OfGroup> groups) {
        return prepare(groups.keySet(), keys -> readGroupIds(em, projectId, keys), key -> {
            Object[] row = groupRow(projectId, key, groups.get(key));
            row[6] = 0L; // times_seen, time_spent_total, time_spent_count: countGroups adds them
            row[9] = 0.0;
            row[10] = 0L;
            return row;
        }, rows -> CREATE_GROUPS.fetch(em, rows), row -> new Keys.Group((String) row[1], ((String) row[2]).trim()));
    }

    @Override
    void countGroups(EntityManager em, long projectId, SortedMap<Keys.Group, Tally.OfGroup> groups, Map<Keys.Group, Long> ids) {
        List<Object[]> rows = new ArrayList<>(groups.size());
        byId(groups.keySet(), ids).forEach(key -> rows.add(groupRow(projectId, key, groups.get(key))));
        COUNT_GROUPS.execute(em, rows);
    }

    @Override
    Map<Keys.Tag, Long> prepareTagValues(EntityManager em, long projectId, SortedMap<Keys.Tag, Tally> tags) {
        return prepare(tags.keySet(), keys -> readTagValueIds(em, projectId, keys), key -> {
            Object[] row = tagValueRow(projectId, key, tags.get(key));
            row[3] = 0L; // times_seen: countTagValues adds it
            return row;
        }, rows -> CREATE_TAG_VALUES.fetch(em, rows), row -> new Keys.Tag((String) row[1], (String) row[2]));
    }

    @Override
    void countTagValues(EntityManager em, long projectId, SortedMap<Keys.Tag, Tally> tags, Map<Keys.Tag, Long> ids) {
        List<Object[]> rows = new ArrayList<>(tags.size());
        byId(tags.keySet(), ids).forEach(key -> rows.add(tagValueRow(projectId, key, tags.get(key))));
        COUNT_TAG_VALUES.execute(em, rows);
    }

    @Override
    Rows groupTagRows() {
        return UPSERT_GROUP_TAGS;
    }

    @Override
    Map<Keys.ViewGroup, Long> prepareViewGroups(EntityManager em, SortedMap<Keys.ViewGroup, Tally.OfViewGroup> viewGroups) {
        return prepare(viewGroups.keySet(), keys -> readViewGroupIds(em, keys), key -> {
            Object[] row = viewGroupRow(key, viewGroups.get(key));
            row[4] = 0L; // times_seen, time_spent_total, time_spent_count: countViewGroups adds them
            row[7] = 0.0;
            row[8] = 0L;
            return row;
        }, rows -> CREATE_VIEW_GROUPS.fetch(em, rows),
                row -> new Keys.ViewGroup(number(row[1]), number(row[2]), ((String) row[3]).trim()));
    }

    @Override
    void countViewGroups(EntityManager em, SortedMap<Keys.ViewGroup, Tally.OfViewGroup> viewGroups,
            Map<Keys.ViewGroup, Long> ids) {
        List<Object[]> rows = new ArrayList<>(viewGroups.size());
        byId(viewGroups.keySet(), ids).forEach(key -> rows.add(viewGroupRow(key, viewGroups.get(key))));
        COUNT_VIEW_GROUPS.execute(em, rows);
    }

    /** The keys in the order of their rows' ids: the order in which every writer and the cleanup lock rows. */
    private static <K> List<K> byId(Collection<K> keys, Map<K, Long> ids) {
        return keys.stream().sorted(java.util.Comparator.comparingLong(ids::get)).toList();
    }

    /**
     * The ids of the rows of {@code keys}: read; the missing ones created with zero counts
     * ({@code create} answers id and key of the rows it inserted); those another writer created
     * meanwhile read again.
     */
    private static <K> Map<K, Long> prepare(Collection<K> keys, Function<Collection<K>, Map<K, Long>> read,
            Function<K, Object[]> newRow, Function<List<Object[]>, List<Object[]>> create, Function<Object[], K> keyOf) {
        Map<K, Long> ids = read.apply(keys);
        if (ids.size() < keys.size()) {
            List<Object[]> rows = new ArrayList<>();
            for (K key : keys) {
                if (!ids.containsKey(key)) {
                    rows.add(newRow.apply(key));
                }
            }
            for (Object[] row : create.apply(rows)) {
                ids.put(keyOf.apply(row), number(row[0]));
            }
            if (ids.size() < keys.size()) {
                ids.putAll(read.apply(keys.stream().filter(key -> !ids.containsKey(key)).toList()));
            }
        }
        return ids;
    }

    @Override
    Rows hourRows(String table, String ownerColumn) {
        return new Rows("INSERT INTO " + table + " AS t (" + ownerColumn + ", hour_start, times_seen) VALUES ", "(?, ?, ?)",
                " ON CONFLICT (" + ownerColumn + ", hour_start) DO UPDATE SET times_seen = t.times_seen + EXCLUDED.times_seen");
    }
}
