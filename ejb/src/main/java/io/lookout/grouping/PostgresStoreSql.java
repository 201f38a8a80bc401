package io.lookout.grouping;

import jakarta.persistence.EntityManager;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** PostgreSQL: each upsert is one {@code INSERT ... ON CONFLICT DO UPDATE}. */
class PostgresStoreSql extends StoreSql {

    @Override
    long nextId(EntityManager em, String sequence) {
        return number(em.createNativeQuery("SELECT nextval('" + sequence + "')").getSingleResult());
    }

    @Override
    long upsertGroup(EntityManager em, GroupUpdate update) {
        return number(bind(em.createNativeQuery("INSERT INTO event_group AS g (id, project_id, type, checksum, message,"
                        + " culprit, level, status, times_seen, first_seen, last_seen, time_spent_total, time_spent_count,"
                        + " time_spent_max, score)"
                        + " VALUES (nextval('event_group_seq'), ?1, ?2, ?3, ?4, ?5, ?6, 'unresolved', 1, ?7, ?7, ?8, ?9, ?8,"
                        + " EXTRACT(EPOCH FROM CAST(?7 AS TIMESTAMP WITH TIME ZONE)))"
                        + " ON CONFLICT (project_id, type, checksum) DO UPDATE SET times_seen = g.times_seen + 1,"
                        + " score = LN(g.times_seen + 1) * 600 + EXTRACT(EPOCH FROM GREATEST(g.last_seen, EXCLUDED.last_seen)),"
                        + " first_seen = LEAST(g.first_seen, EXCLUDED.first_seen),"
                        + " last_seen = GREATEST(g.last_seen, EXCLUDED.last_seen),"
                        + " message = CASE WHEN EXCLUDED.last_seen >= g.last_seen THEN EXCLUDED.message ELSE g.message END,"
                        + " culprit = CASE WHEN EXCLUDED.last_seen >= g.last_seen THEN EXCLUDED.culprit ELSE g.culprit END,"
                        + " level = CASE WHEN EXCLUDED.last_seen >= g.last_seen THEN EXCLUDED.level ELSE g.level END,"
                        + " time_spent_total = g.time_spent_total + EXCLUDED.time_spent_total,"
                        + " time_spent_count = g.time_spent_count + EXCLUDED.time_spent_count,"
                        + " time_spent_max = GREATEST(g.time_spent_max, EXCLUDED.time_spent_max),"
                        + " regressed_at = CASE WHEN g.status = 'resolved' THEN ?10 ELSE g.regressed_at END,"
                        + " resolved_at = CASE WHEN g.status = 'resolved' THEN NULL ELSE g.resolved_at END,"
                        + " status = CASE WHEN g.status = 'resolved' THEN 'unresolved' ELSE g.status END"
                        + " RETURNING id"),
                update.projectId(), update.type(), update.checksum(), update.message(), update.culprit(), update.level(),
                update.seen(), update.timeSpentTotal(), update.timeSpentCount(), OffsetDateTime.now(ZoneOffset.UTC))
                .getSingleResult());
    }

    @Override
    long upsertTagValue(EntityManager em, long projectId, String key, String value, OffsetDateTime seen) {
        return number(bind(em.createNativeQuery("INSERT INTO tag_value AS t (id, project_id, tag_key, tag_value, times_seen,"
                        + " first_seen, last_seen) VALUES (nextval('tag_value_seq'), ?1, ?2, ?3, 1, ?4, ?4)"
                        + " ON CONFLICT (project_id, tag_key, tag_value) DO UPDATE SET times_seen = t.times_seen + 1,"
                        + " first_seen = LEAST(t.first_seen, EXCLUDED.first_seen),"
                        + " last_seen = GREATEST(t.last_seen, EXCLUDED.last_seen)"
                        + " RETURNING id"), projectId, key, value, seen)
                .getSingleResult());
    }

    @Override
    long upsertViewGroup(EntityManager em, long viewId, long groupId, String keyHash, String keyValues,
            List<String> values, GroupUpdate update) {
        return number(bindKeys(bind(em.createNativeQuery("INSERT INTO view_group AS v (id, view_id, group_id, key_hash,"
                        + " key_values, times_seen, first_seen, last_seen, score, time_spent_total, time_spent_count,"
                        + " time_spent_max, " + KEY_COLUMNS + ")"
                        + " VALUES (nextval('view_group_seq'), ?1, ?2, ?3, ?4, 1, ?5, ?5,"
                        + " EXTRACT(EPOCH FROM CAST(?5 AS TIMESTAMP WITH TIME ZONE)), ?6, ?7, ?6, " + KEY_PARAMETERS + ")"
                        + " ON CONFLICT (view_id, group_id, key_hash) DO UPDATE SET times_seen = v.times_seen + 1,"
                        + " score = LN(v.times_seen + 1) * 600 + EXTRACT(EPOCH FROM GREATEST(v.last_seen, EXCLUDED.last_seen)),"
                        + " first_seen = LEAST(v.first_seen, EXCLUDED.first_seen),"
                        + " last_seen = GREATEST(v.last_seen, EXCLUDED.last_seen),"
                        + " time_spent_total = v.time_spent_total + EXCLUDED.time_spent_total,"
                        + " time_spent_count = v.time_spent_count + EXCLUDED.time_spent_count,"
                        + " time_spent_max = GREATEST(v.time_spent_max, EXCLUDED.time_spent_max)"
                        + " RETURNING id"),
                viewId, groupId, keyHash, keyValues, update.seen(), update.timeSpentTotal(), update.timeSpentCount()),
                values).getSingleResult());
    }

    @Override
    void countGroupTagValue(EntityManager em, long groupId, long tagValueId, String tagKey, OffsetDateTime seen) {
        bind(em.createNativeQuery("INSERT INTO group_tag_value AS t (group_id, tag_value_id, tag_key, times_seen, first_seen,"
                        + " last_seen) VALUES (?1, ?2, ?4, 1, ?3, ?3) ON CONFLICT (group_id, tag_value_id) DO UPDATE SET"
                        + " times_seen = t.times_seen + 1, first_seen = LEAST(t.first_seen, EXCLUDED.first_seen),"
                        + " last_seen = GREATEST(t.last_seen, EXCLUDED.last_seen)"), groupId, tagValueId, seen, tagKey)
                .executeUpdate();
    }

    @Override
    void countHour(EntityManager em, String table, String ownerColumn, long ownerId, OffsetDateTime hour) {
        bind(em.createNativeQuery("INSERT INTO " + table + " AS t (" + ownerColumn + ", hour_start, times_seen)"
                        + " VALUES (?1, ?2, 1) ON CONFLICT (" + ownerColumn + ", hour_start) DO UPDATE SET"
                        + " times_seen = t.times_seen + 1"), ownerId, hour)
                .executeUpdate();
    }
}
