package io.lookout.grouping;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The statements of {@link EventStore} that differ between databases. This portable version (used
 * on H2) finds a row and increments it with one atomic {@code UPDATE}, or inserts it; counters
 * keyed by their natural key use one {@code MERGE}. Two consumers creating the same new row at
 * once collide on the unique key: the loser's transaction rolls back and its message is
 * redelivered, so nothing is counted twice. {@link PostgresStoreSql} does each upsert in one
 * {@code INSERT ... ON CONFLICT} statement.
 *
 * <p>Every counter changes by SQL arithmetic on the row ({@code times_seen = times_seen + 1}), never
 * by a value read earlier, so concurrent consumers on one hot group neither lose counts nor wait
 * for each other longer than one statement.
 */
class StoreSql {

    /** The group's score: {@code ln(times_seen) * 600 + last_seen} in epoch seconds. */
    static final String GROUP_SCORE_AFTER_UPDATE =
            "LN(times_seen + 1) * 600 + EXTRACT(EPOCH FROM GREATEST(last_seen, ?1))";

    long nextId(EntityManager em, String sequence) {
        return number(em.createNativeQuery("SELECT NEXT VALUE FOR " + sequence).getSingleResult());
    }

    long upsertGroup(EntityManager em, GroupUpdate update) {
        List<?> ids = em.createNativeQuery(
                        "SELECT id FROM event_group WHERE project_id = ?1 AND type = ?2 AND checksum = ?3")
                .setParameter(1, update.projectId())
                .setParameter(2, update.type())
                .setParameter(3, update.checksum())
                .getResultList();
        if (!ids.isEmpty()) {
            long id = number(ids.get(0));
            em.createNativeQuery("UPDATE event_group SET times_seen = times_seen + 1,"
                            + " score = " + GROUP_SCORE_AFTER_UPDATE + ","
                            + " first_seen = LEAST(first_seen, ?1), last_seen = GREATEST(last_seen, ?1),"
                            + " message = CASE WHEN ?1 >= last_seen THEN ?2 ELSE message END,"
                            + " culprit = CASE WHEN ?1 >= last_seen THEN ?3 ELSE culprit END,"
                            + " level = CASE WHEN ?1 >= last_seen THEN ?4 ELSE level END,"
                            + " time_spent_total = time_spent_total + ?5, time_spent_count = time_spent_count + ?6,"
                            + " time_spent_max = GREATEST(time_spent_max, ?5),"
                            + " regressed_at = CASE WHEN status = 'resolved' THEN ?8 ELSE regressed_at END,"
                            + " resolved_at = CASE WHEN status = 'resolved' THEN NULL ELSE resolved_at END,"
                            + " status = CASE WHEN status = 'resolved' THEN 'unresolved' ELSE status END"
                            + " WHERE id = ?7")
                    .setParameter(1, update.seen())
                    .setParameter(2, update.message())
                    .setParameter(3, update.culprit())
                    .setParameter(4, update.level())
                    .setParameter(5, update.timeSpentTotal())
                    .setParameter(6, update.timeSpentCount())
                    .setParameter(7, id)
                    .setParameter(8, OffsetDateTime.now(java.time.ZoneOffset.UTC))
                    .executeUpdate();
            return id;
        }
        long id = nextId(em, "event_group_seq");
        em.createNativeQuery("INSERT INTO event_group (id, project_id, type, checksum, message, culprit, level, status,"
                        + " times_seen, first_seen, last_seen, time_spent_total, time_spent_count, time_spent_max, score)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'unresolved', 1, ?8, ?8, ?9, ?10, ?9,"
                        + " EXTRACT(EPOCH FROM CAST(?8 AS TIMESTAMP WITH TIME ZONE)))")
                .setParameter(1, id)
                .setParameter(2, update.projectId())
                .setParameter(3, update.type())
                .setParameter(4, update.checksum())
                .setParameter(5, update.message())
                .setParameter(6, update.culprit())
                .setParameter(7, update.level())
                .setParameter(8, update.seen())
                .setParameter(9, update.timeSpentTotal())
                .setParameter(10, update.timeSpentCount())
                .executeUpdate();
        return id;
    }

    long upsertTagValue(EntityManager em, long projectId, String key, String value, OffsetDateTime seen) {
        List<?> ids = em.createNativeQuery(
                        "SELECT id FROM tag_value WHERE project_id = ?1 AND tag_key = ?2 AND tag_value = ?3")
                .setParameter(1, projectId)
                .setParameter(2, key)
                .setParameter(3, value)
                .getResultList();
        if (!ids.isEmpty()) {
            long id = number(ids.get(0));
            em.createNativeQuery("UPDATE tag_value SET times_seen = times_seen + 1,"
                            + " first_seen = LEAST(first_seen, ?1), last_seen = GREATEST(last_seen, ?1) WHERE id = ?2")
                    .setParameter(1, seen)
                    .setParameter(2, id)
                    .executeUpdate();
            return id;
        }
        long id = nextId(em, "tag_value_seq");
        em.createNativeQuery("INSERT INTO tag_value (id, project_id, tag_key, tag_value, times_seen, first_seen, last_seen)"
                        + " VALUES (?1, ?2, ?3, ?4, 1, ?5, ?5)")
                .setParameter(1, id)
                .setParameter(2, projectId)
                .setParameter(3, key)
                .setParameter(4, value)
                .setParameter(5, seen)
                .executeUpdate();
        return id;
    }

    long upsertViewGroup(EntityManager em, long viewId, long groupId, String keyHash, String keyValues,
            List<String> values, GroupUpdate update) {
        List<?> ids = em.createNativeQuery(
                        "SELECT id FROM view_group WHERE view_id = ?1 AND group_id = ?2 AND key_hash = ?3")
                .setParameter(1, viewId)
                .setParameter(2, groupId)
                .setParameter(3, keyHash)
                .getResultList();
        if (!ids.isEmpty()) {
            long id = number(ids.get(0));
            em.createNativeQuery("UPDATE view_group SET times_seen = times_seen + 1,"
                            + " score = " + GROUP_SCORE_AFTER_UPDATE + ","
                            + " first_seen = LEAST(first_seen, ?1), last_seen = GREATEST(last_seen, ?1),"
                            + " time_spent_total = time_spent_total + ?2, time_spent_count = time_spent_count + ?3,"
                            + " time_spent_max = GREATEST(time_spent_max, ?2) WHERE id = ?4")
                    .setParameter(1, update.seen())
                    .setParameter(2, update.timeSpentTotal())
                    .setParameter(3, update.timeSpentCount())
                    .setParameter(4, id)
                    .executeUpdate();
            return id;
        }
        long id = nextId(em, "view_group_seq");
        bindKeys(em.createNativeQuery("INSERT INTO view_group (id, view_id, group_id, key_hash, key_values, times_seen,"
                        + " first_seen, last_seen, score, time_spent_total, time_spent_count, time_spent_max, " + KEY_COLUMNS + ")"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?6,"
                        + " EXTRACT(EPOCH FROM CAST(?6 AS TIMESTAMP WITH TIME ZONE)), ?7, ?8, ?7, " + KEY_PARAMETERS + ")")
                .setParameter(1, id)
                .setParameter(2, viewId)
                .setParameter(3, groupId)
                .setParameter(4, keyHash)
                .setParameter(5, keyValues)
                .setParameter(6, update.seen())
                .setParameter(7, update.timeSpentTotal())
                .setParameter(8, update.timeSpentCount()), values)
                .executeUpdate();
        return id;
    }

    void countGroupTagValue(EntityManager em, long groupId, long tagValueId, String tagKey, OffsetDateTime seen) {
        bind(em.createNativeQuery("MERGE INTO group_tag_value t"
                        + " USING (VALUES (CAST(?1 AS BIGINT), CAST(?2 AS BIGINT), CAST(?3 AS TIMESTAMP WITH TIME ZONE),"
                        + " CAST(?4 AS VARCHAR(64)))) s(group_id, tag_value_id, seen, tag_key)"
                        + " ON t.group_id = s.group_id AND t.tag_value_id = s.tag_value_id"
                        + " WHEN MATCHED THEN UPDATE SET times_seen = t.times_seen + 1,"
                        + " first_seen = LEAST(t.first_seen, s.seen), last_seen = GREATEST(t.last_seen, s.seen)"
                        + " WHEN NOT MATCHED THEN INSERT (group_id, tag_value_id, tag_key, times_seen, first_seen, last_seen)"
                        + " VALUES (s.group_id, s.tag_value_id, s.tag_key, 1, s.seen, s.seen)"), groupId, tagValueId, seen, tagKey)
                .executeUpdate();
    }

    void countHour(EntityManager em, String table, String ownerColumn, long ownerId, OffsetDateTime hour) {
        bind(em.createNativeQuery("MERGE INTO " + table + " t"
                        + " USING (VALUES (CAST(?1 AS BIGINT), CAST(?2 AS TIMESTAMP WITH TIME ZONE))) s(owner, hour_start)"
                        + " ON t." + ownerColumn + " = s.owner AND t.hour_start = s.hour_start"
                        + " WHEN MATCHED THEN UPDATE SET times_seen = t.times_seen + 1"
                        + " WHEN NOT MATCHED THEN INSERT (" + ownerColumn + ", hour_start, times_seen)"
                        + " VALUES (s.owner, s.hour_start, 1)"), ownerId, hour)
                .executeUpdate();
    }

    /** The view group columns holding the values of a view's keys, one per key. */
    static final String KEY_COLUMNS = "k1, k2, k3, k4, k5, k6, k7, k8";
    static final String KEY_PARAMETERS = "?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28";

    /** Binds a view group's key values to {@link #KEY_PARAMETERS}, null past the view's keys. */
    static Query bindKeys(Query query, List<String> values) {
        for (int i = 0; i < 8; i++) {
            query.setParameter(21 + i, i < values.size() ? values.get(i) : null);
        }
        return query;
    }

    static Query bind(Query query, Object... parameters) {
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return query;
    }

    static long number(Object value) {
        return ((Number) value).longValue();
    }
}
