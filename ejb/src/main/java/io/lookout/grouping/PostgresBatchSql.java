package io.lookout.grouping;

import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/** PostgreSQL: each upsert is one multi-row {@code INSERT ... ON CONFLICT DO UPDATE ... RETURNING}. */
class PostgresBatchSql extends BatchSql {

    private static final Rows UPSERT_GROUPS = new Rows("INSERT INTO event_group AS g (id, project_id, type, checksum,"
            + " message, culprit, level, status, times_seen, first_seen, last_seen, time_spent_total, time_spent_count,"
            + " time_spent_max, score) VALUES ",
            "(nextval('event_group_seq'), ?, ?, ?, ?, ?, ?, 'unresolved', ?, ?, ?, ?, ?, ?, ?)",
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
                    + " status = CASE WHEN g.status = 'resolved' THEN 'unresolved' ELSE g.status END"
                    + " RETURNING id, type, checksum");

    private static final Rows UPSERT_TAG_VALUES = new Rows("INSERT INTO tag_value AS t (id, project_id, tag_key, tag_value,"
            + " times_seen, first_seen, last_seen) VALUES ", "(nextval('tag_value_seq'), ?, ?, ?, ?, ?, ?)",
            " ON CONFLICT (project_id, tag_key, tag_value) DO UPDATE SET times_seen = t.times_seen + EXCLUDED.times_seen,"
                    + " first_seen = LEAST(t.first_seen, EXCLUDED.first_seen),"
                    + " last_seen = GREATEST(t.last_seen, EXCLUDED.last_seen)"
                    + " RETURNING id, tag_key, tag_value");

    private static final Rows UPSERT_GROUP_TAGS = new Rows("INSERT INTO group_tag_value AS t (group_id, tag_value_id,"
            + " tag_key, times_seen, first_seen, last_seen) VALUES ", "(?, ?, ?, ?, ?, ?)",
            " ON CONFLICT (group_id, tag_value_id) DO UPDATE SET times_seen = t.times_seen + EXCLUDED.times_seen,"
                    + " first_seen = LEAST(t.first_seen, EXCLUDED.first_seen),"
                    + " last_seen = GREATEST(t.last_seen, EXCLUDED.last_seen)");

    private static final Rows UPSERT_VIEW_GROUPS = new Rows("INSERT INTO view_group AS v (view_id, group_id, key_hash,"
            + " key_values, times_seen, first_seen, last_seen, time_spent_total, time_spent_count, time_spent_max, score,"
            + " k1, k2, k3, k4, k5, k6, k7, k8, id) VALUES ",
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, nextval('view_group_seq'))",
            " ON CONFLICT (view_id, group_id, key_hash) DO UPDATE SET times_seen = v.times_seen + EXCLUDED.times_seen,"
                    + " score = LN(v.times_seen + EXCLUDED.times_seen) * 600"
                    + " + EXTRACT(EPOCH FROM GREATEST(v.last_seen, EXCLUDED.last_seen)),"
                    + " first_seen = LEAST(v.first_seen, EXCLUDED.first_seen),"
                    + " last_seen = GREATEST(v.last_seen, EXCLUDED.last_seen),"
                    + " time_spent_total = v.time_spent_total + EXCLUDED.time_spent_total,"
                    + " time_spent_count = v.time_spent_count + EXCLUDED.time_spent_count,"
                    + " time_spent_max = GREATEST(v.time_spent_max, EXCLUDED.time_spent_max)"
                    + " RETURNING id, view_id, group_id, key_hash");

    @Override
    List<Long> nextIds(EntityManager em, String sequence, int n) {
        return ids(em.createNativeQuery("SELECT nextval('" + sequence + "') FROM generate_series(1, ?1)")
                .setParameter(1, n).getResultList());
    }

    @Override
    Map<Keys.Group, Long> upsertGroups(EntityManager em, long projectId, SortedMap<Keys.Group, Tally.OfGroup> groups) {
        List<Object[]> rows = new ArrayList<>(groups.size());
        groups.forEach((key, t) -> rows.add(new Object[] {projectId, key.type(), key.checksum(), t.message, t.culprit,
            t.level, t.count, t.first, t.last, t.timeSpentTotal, t.timeSpentCount, t.timeSpentMax, t.score()}));
        Map<Keys.Group, Long> ids = new HashMap<>();
        for (Object[] row : UPSERT_GROUPS.fetch(em, rows)) {
            ids.put(new Keys.Group((String) row[1], ((String) row[2]).trim()), number(row[0]));
        }
        return ids;
    }

    @Override
    Map<Keys.Tag, Long> upsertTagValues(EntityManager em, long projectId, SortedMap<Keys.Tag, Tally> tags) {
        List<Object[]> rows = new ArrayList<>(tags.size());
        tags.forEach((key, t) -> rows.add(new Object[] {projectId, key.key(), key.value(), t.count, t.first, t.last}));
        Map<Keys.Tag, Long> ids = new HashMap<>();
        for (Object[] row : UPSERT_TAG_VALUES.fetch(em, rows)) {
            ids.put(new Keys.Tag((String) row[1], (String) row[2]), number(row[0]));
        }
        return ids;
    }

    @Override
    Rows groupTagRows() {
        return UPSERT_GROUP_TAGS;
    }

    @Override
    Map<Keys.ViewGroup, Long> upsertViewGroups(EntityManager em, SortedMap<Keys.ViewGroup, Tally.OfViewGroup> viewGroups) {
        List<Object[]> rows = new ArrayList<>(viewGroups.size());
        viewGroups.forEach((key, t) -> rows.add(viewGroupRow(key, t)));
        Map<Keys.ViewGroup, Long> ids = new HashMap<>();
        for (Object[] row : UPSERT_VIEW_GROUPS.fetch(em, rows)) {
            ids.put(new Keys.ViewGroup(number(row[1]), number(row[2]), ((String) row[3]).trim()), number(row[0]));
        }
        return ids;
    }

    @Override
    Rows hourRows(String table, String ownerColumn) {
        return new Rows("INSERT INTO " + table + " AS t (" + ownerColumn + ", hour_start, times_seen) VALUES ", "(?, ?, ?)",
                " ON CONFLICT (" + ownerColumn + ", hour_start) DO UPDATE SET times_seen = t.times_seen + EXCLUDED.times_seen");
    }
}
