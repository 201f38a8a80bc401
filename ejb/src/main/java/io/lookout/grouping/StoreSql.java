package io.lookout.grouping;

import jakarta.persistence.EntityManager;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The statements of {@link EventStore} that differ between databases. This portable version
 * (used on H2) looks a row up, then increments it with one atomic {@code UPDATE} or inserts it;
 * two consumers inserting the same new row at once collide on the unique key, and the loser's
 * transaction rolls back and its message is redelivered, so nothing is counted twice.
 * {@link PostgresStoreSql} does each upsert in one statement.
 */
class StoreSql {

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
                            + " first_seen = LEAST(first_seen, ?1), last_seen = GREATEST(last_seen, ?1),"
                            + " message = CASE WHEN ?1 >= last_seen THEN ?2 ELSE message END,"
                            + " culprit = CASE WHEN ?1 >= last_seen THEN ?3 ELSE culprit END,"
                            + " level = CASE WHEN ?1 >= last_seen THEN ?4 ELSE level END,"
                            + " time_spent_total = time_spent_total + ?5, time_spent_count = time_spent_count + ?6,"
                            + " time_spent_max = GREATEST(time_spent_max, ?5)"
                            + " WHERE id = ?7")
                    .setParameter(1, update.seen())
                    .setParameter(2, update.message())
                    .setParameter(3, update.culprit())
                    .setParameter(4, update.level())
                    .setParameter(5, update.timeSpentTotal())
                    .setParameter(6, update.timeSpentCount())
                    .setParameter(7, id)
                    .executeUpdate();
            return id;
        }
        long id = nextId(em, "event_group_seq");
        em.createNativeQuery("INSERT INTO event_group (id, project_id, type, checksum, message, culprit, level, status,"
                        + " times_seen, first_seen, last_seen, time_spent_total, time_spent_count, time_spent_max)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'unresolved', 1, ?8, ?8, ?9, ?10, ?9)")
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

    static long number(Object value) {
        return ((Number) value).longValue();
    }
}
