package io.lookout.alerts;

import io.lookout.schema.DatabaseVendor;
import jakarta.persistence.EntityManager;

/**
 * The alerts' statements that differ between H2 and PostgreSQL, one implementation per database,
 * chosen once by {@link AlertSqlChoice}. Everything else the alerts write is standard SQL.
 */
public interface AlertSql {

    /** The implementation for the vendor: called once, by {@link AlertSqlChoice} (and tests). */
    static AlertSql of(DatabaseVendor vendor) {
        return switch (vendor) {
            case H2 -> new H2();
            case POSTGRESQL -> new Postgres();
        };
    }

    /** The SQL expression of a sequence's next value. */
    String nextValue(String sequence);

    /** A new id from the sequence. */
    default long nextId(EntityManager em, String sequence) {
        return ((Number) em.createNativeQuery("SELECT " + nextValue(sequence)).getSingleResult()).longValue();
    }

    /**
     * The lock clause that keeps a second digest of the project out while it is formed; on
     * PostgreSQL without the key lock, so the batches whose foreign keys take a key-share lock on
     * the project's row never wait for it.
     */
    String digestLock();

    /**
     * The upsert of a rule's count of a minute, parameters rule, subject, minute, count: with
     * {@code add} the count adds to the stored one, without it replaces it.
     */
    String upsertMinuteCount(boolean add);

    /**
     * The insert of a notification unless one with its idempotency key exists: the {@code columns}
     * after {@code id} take parameters 1 to {@code values}, then, when {@link #keyBoundAgain}, the
     * key once more at {@code values + 1}.
     *
     * @param columns {@code (id, a, b, ...)}
     * @param values the parameter markers and fixed values of the columns after {@code id}
     */
    String insertNotificationIfNew(String columns, String values, String sequence);

    /** Whether {@link #insertNotificationIfNew} takes the key a second time, as its last parameter. */
    boolean keyBoundAgain();

    /** H2: {@code MERGE ... USING}, and {@code NOT EXISTS} for the insert of a new key. */
    final class H2 implements AlertSql {

        @Override
        public String nextValue(String sequence) {
            return "NEXT VALUE FOR " + sequence;
        }

        @Override
        public String digestLock() {
            return "FOR UPDATE";
        }

        @Override
        public String upsertMinuteCount(boolean add) {
            return "MERGE INTO alert_count t USING (VALUES (CAST(? AS BIGINT), CAST(? AS BIGINT),"
                    + " CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS BIGINT))) s(rule_id, subject_id, minute_start, n)"
                    + " ON t.rule_id = s.rule_id AND t.subject_id = s.subject_id AND t.minute_start = s.minute_start"
                    + " WHEN MATCHED THEN UPDATE SET times_seen = " + (add ? "t.times_seen + " : "") + "s.n"
                    + " WHEN NOT MATCHED THEN INSERT (rule_id, subject_id, minute_start, times_seen)"
                    + " VALUES (s.rule_id, s.subject_id, s.minute_start, s.n)";
        }

        @Override
        public String insertNotificationIfNew(String columns, String values, String sequence) {
            return "INSERT INTO alert_notification " + columns + " SELECT " + nextValue(sequence) + ", " + values
                    + " FROM (VALUES (1)) one(x) WHERE NOT EXISTS"
                    + " (SELECT 1 FROM alert_notification WHERE idempotency_key = ?)";
        }

        @Override
        public boolean keyBoundAgain() {
            return true;
        }
    }

    /** PostgreSQL: {@code ON CONFLICT}, and the weaker project lock. */
    final class Postgres implements AlertSql {

        @Override
        public String nextValue(String sequence) {
            return "nextval('" + sequence + "')";
        }

        @Override
        public String digestLock() {
            return "FOR NO KEY UPDATE";
        }

        @Override
        public String upsertMinuteCount(boolean add) {
            return "INSERT INTO alert_count AS t (rule_id, subject_id, minute_start, times_seen) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (rule_id, subject_id, minute_start) DO UPDATE SET times_seen = "
                    + (add ? "t.times_seen + " : "") + "EXCLUDED.times_seen";
        }

        @Override
        public String insertNotificationIfNew(String columns, String values, String sequence) {
            return "INSERT INTO alert_notification " + columns + " VALUES (" + nextValue(sequence) + ", " + values
                    + ") ON CONFLICT (idempotency_key) DO NOTHING";
        }

        @Override
        public boolean keyBoundAgain() {
            return false;
        }
    }
}
