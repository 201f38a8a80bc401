package io.lookout.alerts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.grouping.TestEvents;
import io.lookout.schema.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The alerts' statements that differ between the databases, on the vendor's own implementation
 * (H2, or PostgreSQL with {@code -Ppostgresql}): what the trigger detection and the dispatcher
 * rely on them for.
 */
class AlertSqlTest {

    private static final OffsetDateTime MINUTE =
            Instant.parse("2026-12-05T10:15:00Z").atOffset(ZoneOffset.UTC);

    private static TestDatabase db;
    private static TestEvents events;
    private static AlertSql sql;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabase.create();
        events = new TestEvents(db);
        sql = AlertSql.of(db.vendor());
    }

    @AfterAll
    static void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void aMinutesCountAddsUpOrIsReplacedAndEachSubjectKeepsItsOwn() throws SQLException {
        long rule = rule(events.project(30).id());
        try (Connection connection = db.connect()) {
            count(connection, sql.upsertMinuteCount(true), rule, 1, 3);
            count(connection, sql.upsertMinuteCount(true), rule, 1, 4);
            count(connection, sql.upsertMinuteCount(true), rule, 2, 5);
            assertEquals(7, minute(rule, 1), "added to the stored count");
            count(connection, sql.upsertMinuteCount(false), rule, 1, 2);
            assertEquals(2, minute(rule, 1), "replaced by a backfill's count");
            assertEquals(5, minute(rule, 2));
        }
    }

    @Test
    void aNotificationWhoseKeyIsStoredAlreadyIsNotInsertedAgain() throws SQLException {
        long project = events.project(30).id();
        long rule = rule(project);
        String insert = sql.insertNotificationIfNew(
                "(id, project_id, rule_id, trigger_kind, idempotency_key, created_at, due_at, state)",
                "?, ?, 'new-group', ?, ?, ?, 'pending'",
                "alert_notification_seq");
        try (Connection connection = db.connect();
                PreparedStatement statement = connection.prepareStatement(insert)) {
            for (String key : List.of("new-group:1", "new-group:2")) {
                bindNotification(statement, project, rule, key);
                statement.addBatch();
            }
            assertArrayEquals(new int[] {1, 1}, statement.executeBatch());
            for (String key : List.of("new-group:2", "new-group:3")) {
                bindNotification(statement, project, rule, key);
                statement.addBatch();
            }
            assertArrayEquals(new int[] {0, 1}, statement.executeBatch(), "the known key is skipped, not refused");
        }
        assertEquals(3, db.number("SELECT COUNT(*) FROM alert_notification WHERE rule_id = " + rule));
        assertEquals(
                3,
                db.number("SELECT COUNT(DISTINCT id) FROM alert_notification WHERE rule_id = " + rule),
                "each row has its own id from the sequence");
    }

    @Test
    void idsComeFromTheSequenceAndTheDigestLockIsTakenInsideATransaction() {
        long project = events.project(30).id();
        long[] ids = db.inTransaction(em -> {
            List<?> locked = em.createNativeQuery("SELECT id FROM project WHERE id = ?1 " + sql.digestLock())
                    .setParameter(1, project)
                    .getResultList();
            assertEquals(1, locked.size());
            return new long[] {sql.nextId(em, "alert_dispatch_seq"), sql.nextId(em, "alert_dispatch_seq")};
        });
        assertTrue(ids[1] > ids[0], "two ids, the second after the first: " + ids[0] + ", " + ids[1]);
    }

    private static void bindNotification(PreparedStatement statement, long project, long rule, String key)
            throws SQLException {
        statement.setLong(1, project);
        statement.setLong(2, rule);
        statement.setString(3, key);
        statement.setObject(4, MINUTE);
        statement.setObject(5, MINUTE);
        if (sql.keyBoundAgain()) {
            statement.setString(6, key);
        }
    }

    private static void count(Connection connection, String upsert, long rule, long subject, long n)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(upsert)) {
            statement.setLong(1, rule);
            statement.setLong(2, subject);
            statement.setObject(3, MINUTE);
            statement.setLong(4, n);
            statement.executeUpdate();
        }
    }

    private static long minute(long rule, long subject) {
        return db.number("SELECT times_seen FROM alert_count WHERE rule_id = " + rule + " AND subject_id = " + subject);
    }

    private static long rule(long project) {
        return db.inTransaction(em -> {
            long id = sql.nextId(em, "alert_rule_seq");
            em.createNativeQuery("INSERT INTO alert_rule (id, project_id, name, trigger_kind, created_at, updated_at)"
                            + " VALUES (?1, ?2, 'rule', 'new-group', CAST(?3 AS TIMESTAMP WITH TIME ZONE),"
                            + " CAST(?3 AS TIMESTAMP WITH TIME ZONE))")
                    .setParameter(1, id)
                    .setParameter(2, project)
                    .setParameter(3, MINUTE)
                    .executeUpdate();
            return id;
        });
    }
}
