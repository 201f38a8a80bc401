package io.lookout.grouping;

import jakarta.persistence.EntityManager;
import java.time.OffsetDateTime;

/** PostgreSQL: each upsert is one {@code INSERT ... ON CONFLICT DO UPDATE ... RETURNING id}. */
class PostgresStoreSql extends StoreSql {

    @Override
    long nextId(EntityManager em, String sequence) {
        return number(em.createNativeQuery("SELECT nextval('" + sequence + "')").getSingleResult());
    }

    @Override
    long upsertGroup(EntityManager em, GroupUpdate update) {
        return number(em.createNativeQuery("INSERT INTO event_group AS g (id, project_id, type, checksum, message,"
                        + " culprit, level, status, times_seen, first_seen, last_seen, time_spent_total, time_spent_count,"
                        + " time_spent_max)"
                        + " VALUES (nextval('event_group_seq'), ?1, ?2, ?3, ?4, ?5, ?6, 'unresolved', 1, ?7, ?7, ?8, ?9, ?8)"
                        + " ON CONFLICT (project_id, type, checksum) DO UPDATE SET times_seen = g.times_seen + 1,"
                        + " first_seen = LEAST(g.first_seen, EXCLUDED.first_seen),"
                        + " last_seen = GREATEST(g.last_seen, EXCLUDED.last_seen),"
                        + " message = CASE WHEN EXCLUDED.last_seen >= g.last_seen THEN EXCLUDED.message ELSE g.message END,"
                        + " culprit = CASE WHEN EXCLUDED.last_seen >= g.last_seen THEN EXCLUDED.culprit ELSE g.culprit END,"
                        + " level = CASE WHEN EXCLUDED.last_seen >= g.last_seen THEN EXCLUDED.level ELSE g.level END,"
                        + " time_spent_total = g.time_spent_total + EXCLUDED.time_spent_total,"
                        + " time_spent_count = g.time_spent_count + EXCLUDED.time_spent_count,"
                        + " time_spent_max = GREATEST(g.time_spent_max, EXCLUDED.time_spent_max)"
                        + " RETURNING id")
                .setParameter(1, update.projectId())
                .setParameter(2, update.type())
                .setParameter(3, update.checksum())
                .setParameter(4, update.message())
                .setParameter(5, update.culprit())
                .setParameter(6, update.level())
                .setParameter(7, update.seen())
                .setParameter(8, update.timeSpentTotal())
                .setParameter(9, update.timeSpentCount())
                .getSingleResult());
    }

    @Override
    long upsertTagValue(EntityManager em, long projectId, String key, String value, OffsetDateTime seen) {
        return number(em.createNativeQuery("INSERT INTO tag_value AS t (id, project_id, tag_key, tag_value, times_seen,"
                        + " first_seen, last_seen) VALUES (nextval('tag_value_seq'), ?1, ?2, ?3, 1, ?4, ?4)"
                        + " ON CONFLICT (project_id, tag_key, tag_value) DO UPDATE SET times_seen = t.times_seen + 1,"
                        + " first_seen = LEAST(t.first_seen, EXCLUDED.first_seen),"
                        + " last_seen = GREATEST(t.last_seen, EXCLUDED.last_seen)"
                        + " RETURNING id")
                .setParameter(1, projectId)
                .setParameter(2, key)
                .setParameter(3, value)
                .setParameter(4, seen)
                .getSingleResult());
    }
}
