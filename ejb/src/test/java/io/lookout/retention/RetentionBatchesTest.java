package io.lookout.retention;

import static io.lookout.grouping.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.grouping.AggregateSql;
import io.lookout.grouping.GroupMoves;
import io.lookout.grouping.Recount;
import io.lookout.grouping.StoredBatch;
import io.lookout.grouping.TestEvents;
import io.lookout.grouping.TestEvents.Project;
import io.lookout.grouping.TestEvents.Sent;
import io.lookout.grouping.ViewDefinition;
import io.lookout.schema.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link RetentionBatches} against a real database in this JVM (H2, or PostgreSQL with
 * {@code -Ppostgresql}): a batch removes exactly the expired events and takes exactly their share
 * out of every aggregate; the lease admits one holder at a time.
 */
class RetentionBatchesTest {

    private static TestDatabase db;
    private static TestEvents events;
    private static final RetentionBatches batches = new RetentionBatches();
    private static final GroupMoves moves = new GroupMoves();

    @BeforeAll
    static void createDatabase() {
        db = TestDatabase.create();
        events = new TestEvents(db);
        batches.use(db.entityManager(), AggregateSql.of(db.vendor()));
        moves.use(db.entityManager(), AggregateSql.of(db.vendor()));
    }

    @AfterAll
    static void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    /** One batch in a transaction of its own, as the container runs it (REQUIRES_NEW). */
    private static CleanupReport deleteBatch(Project project, int retentionDays, int size) {
        OffsetDateTime cutoff = OffsetDateTime.now(ZoneOffset.UTC).minusDays(retentionDays);
        return db.inTransaction(em -> batches.deleteBatch(project.id(), cutoff, size));
    }

    /** The sum of a count column over the project's rows of a table. */
    private static long sum(String table, String column, Project project) {
        return db.number(
                "SELECT COALESCE(SUM(" + column + "), 0) FROM " + table + " WHERE project_id = " + project.id());
    }

    private static long viewGroupSum(ViewDefinition view) {
        return db.number("SELECT COALESCE(SUM(times_seen), 0) FROM view_group WHERE view_id = " + view.id());
    }

    private static void assertRecountMatches() {
        try (Connection connection = db.connect()) {
            assertEquals(List.of(), Recount.mismatches(connection), "every aggregate equals a recount from the events");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A merge or a regroup moves expired events to another group while a cleanup batch deletes them:
     * whichever commits first, the other sees it, and every aggregate still equals a recount (the
     * cleanup must not take the events' share out of the group they left).
     */
    @Test
    void aCleanupWaitingForAMoveOfItsEventsTakesThemOutOfTheGroupTheyMovedTo() throws Exception {
        Project project = events.project(30);
        ViewDefinition byServer = events.view(project, Set.of("message"), List.of("server"));
        Instant old = Instant.now().minus(40, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        StoredBatch stored = events.store(
                project,
                List.of(byServer),
                event("message")
                        .message("Queue stuck")
                        .tag("server", "s1")
                        .timeSpent(3)
                        .at(old),
                event("message").message("Queue stuck").tag("server", "s2").at(old.plusSeconds(60)),
                event("message")
                        .message("Queue jammed")
                        .tag("server", "s1")
                        .at(Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)));
        long stuck = stored.events().get(0).groupId();
        long jammed = stored.events().get(2).groupId();
        List<Long> moving = new ArrayList<>();
        db.inTransaction(em -> {
            for (Object id : em.createNativeQuery("SELECT id FROM event WHERE group_id = ?1")
                    .setParameter(1, stuck)
                    .getResultList()) {
                moving.add(((Number) id).longValue());
            }
            return null;
        });

        CountDownLatch moved = new CountDownLatch(1);
        CountDownLatch cleanupWaits = new CountDownLatch(1);
        CompletableFuture<GroupMoves.MoveResult> move = CompletableFuture.supplyAsync(() -> db.inTransaction(em -> {
            GroupMoves.MoveResult result = moves.move(project.id(), moving, jammed);
            moved.countDown();
            try {
                // commit only once the cleanup has read, or waits to read, the events being moved
                assertTrue(cleanupWaits.await(30, TimeUnit.SECONDS), "the cleanup started");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return result;
        }));
        assertTrue(moved.await(30, TimeUnit.SECONDS), "the move ran");
        CompletableFuture<CleanupReport> cleanup = CompletableFuture.supplyAsync(() -> deleteBatch(project, 30, 500));
        awaitBlockedSession();
        cleanupWaits.countDown();

        assertEquals(2, move.get(60, TimeUnit.SECONDS).moved());
        assertEquals(2, cleanup.get(60, TimeUnit.SECONDS).events());
        assertRecountMatches();
        assertEquals(1, db.number("SELECT times_seen FROM event_group WHERE id = " + jammed));
        assertEquals(0, db.number("SELECT COUNT(*) FROM event_group WHERE id = " + stuck));
    }

    /** Until a session of the test's database waits for a lock another one holds. */
    private static void awaitBlockedSession() throws InterruptedException {
        String waiting = db.vendor() == io.lookout.schema.DatabaseVendor.POSTGRESQL
                ? "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                : "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (db.number(waiting) == 0) {
            assertTrue(System.nanoTime() < deadline, "the cleanup waits for the move's locks");
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    @Test
    void expiredEventsGoAndExactlyTheirShareOfEveryAggregateWithThem() {
        Project project = events.project(30);
        ViewDefinition byServer = events.view(project, Set.of("message"), List.of("server"));
        List<ViewDefinition> views = List.of(byServer);
        Instant old = Instant.now().minus(40, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Instant recent = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String oldZone = "zone-old";
        List<Sent> expired = List.of(
                event("message")
                        .message("Disk full")
                        .tag("server", "s1")
                        .tag("zone", oldZone)
                        .timeSpent(10)
                        .at(old),
                event("message")
                        .message("Disk full")
                        .tag("server", "s1")
                        .tag("zone", oldZone)
                        .timeSpent(20)
                        .at(old.plusSeconds(60)),
                event("message")
                        .message("Disk full")
                        .tag("server", "s2")
                        .tag("zone", oldZone)
                        .at(old.plusSeconds(3600)),
                event("message")
                        .message("Cache cold")
                        .tag("server", "s4")
                        .tag("zone", oldZone)
                        .at(old));
        List<Sent> kept = List.of(
                event("message")
                        .message("Disk full")
                        .tag("server", "s1")
                        .tag("zone", "new")
                        .timeSpent(1)
                        .at(recent),
                event("message")
                        .message("Disk full")
                        .tag("server", "s3")
                        .tag("zone", "new")
                        .timeSpent(2)
                        .at(recent.plusSeconds(60)));
        List<Sent> all = new ArrayList<>(expired);
        all.addAll(kept);
        StoredBatch stored = events.store(project, views, all.toArray(Sent[]::new));
        long diskFull = stored.events().get(0).groupId();
        long cacheCold = stored.events().get(3).groupId();
        // an expired event of a project with a longer retention stays
        Project patient = events.project(90);
        Sent patientsOld =
                event("message").message("Disk full").tag("server", "s1").at(old);
        events.store(patient, List.of(), patientsOld);

        long groupsBefore = sum("event_group", "times_seen", project);
        long tagValuesBefore = sum("tag_value", "times_seen", project);
        long linksBefore =
                db.number("SELECT COUNT(*) FROM event_tag et JOIN event e ON e.id = et.event_id WHERE e.project_id = "
                        + project.id());
        long viewGroupsBefore = viewGroupSum(byServer);

        CleanupReport report = deleteBatch(project, 30, 500);

        assertEquals(4, report.events());
        assertEquals(1, report.groups(), "Cache cold had only expired events");
        assertEquals(2, report.viewGroups(), "(Disk full, s2) and (Cache cold, s4)");
        assertEquals(3, report.tagValues(), "server=s2, server=s4, zone=zone-old");
        assertTrue(report.complete(), report.toString());

        assertEquals(
                2,
                db.number("SELECT COUNT(*) FROM event WHERE project_id = " + project.id()),
                "the recent events stay");
        assertEquals(
                1,
                db.number("SELECT COUNT(*) FROM event WHERE project_id = " + patient.id()),
                "another project's retention");
        assertEquals(groupsBefore - report.events(), sum("event_group", "times_seen", project));
        assertEquals(viewGroupsBefore - report.events(), viewGroupSum(byServer));
        long linksAfter =
                db.number("SELECT COUNT(*) FROM event_tag et JOIN event e ON e.id = et.event_id WHERE e.project_id = "
                        + project.id());
        assertEquals(4 * 2, linksBefore - linksAfter, "two tags on each expired event");
        assertEquals(tagValuesBefore - (linksBefore - linksAfter), sum("tag_value", "times_seen", project));

        assertEquals(
                0,
                db.number("SELECT COUNT(*) FROM event_group WHERE id = " + cacheCold),
                "an emptied group is deleted");
        assertEquals(2, db.number("SELECT times_seen FROM event_group WHERE id = " + diskFull));
        assertEquals(
                recent.getEpochSecond(),
                db.number("SELECT EXTRACT(EPOCH FROM first_seen) FROM event_group WHERE id = " + diskFull),
                "first seen is the oldest event left");
        assertEquals(3, db.number("SELECT CAST(time_spent_total AS BIGINT) FROM event_group WHERE id = " + diskFull));
        assertEquals(2, db.number("SELECT time_spent_count FROM event_group WHERE id = " + diskFull));
        assertEquals(
                0,
                db.number("SELECT COUNT(*) FROM tag_value WHERE project_id = " + project.id() + " AND tag_value = '"
                        + oldZone + "'"));
        assertRecountMatches();

        assertEquals(0, deleteBatch(project, 30, 500).events(), "nothing expired is left");
    }

    @Test
    void smallBatchesWorkOffTheBacklogAndSayWhenItIsDone() {
        Project project = events.project(1);
        ViewDefinition all = events.view(project, null, List.of("server"));
        Instant old = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(event(i % 2 == 0 ? "message" : "exception")
                    .message("Job " + (i % 3) + " failed")
                    .tag("server", "s" + (i % 2))
                    .at(old.plusSeconds(i * 1800L)));
        }
        sent.add(event("message")
                .message("Job 0 failed")
                .tag("server", "s0")
                .at(Instant.now().minus(1, ChronoUnit.HOURS)));
        events.store(project, List.of(all), sent.toArray(Sent[]::new));

        List<Long> deleted = new ArrayList<>();
        List<Boolean> complete = new ArrayList<>();
        for (int batch = 0; batch < 4; batch++) {
            CleanupReport report = deleteBatch(project, 1, 2);
            deleted.add(report.events());
            complete.add(report.complete());
            assertRecountMatches();
        }
        assertEquals(List.of(2L, 2L, 1L, 0L), deleted);
        assertEquals(List.of(false, false, true, true), complete);
        assertEquals(1, db.number("SELECT COUNT(*) FROM event WHERE project_id = " + project.id()));
        assertEquals(1, viewGroupSum(all));
    }

    private static boolean lease(String holder, OffsetDateTime until) {
        return db.inTransaction(em -> batches.lease(holder, until));
    }

    private static void release(String holder) {
        db.inTransaction(em -> {
            batches.release(holder);
            return null;
        });
    }

    @Test
    void theLeaseAdmitsOneHolderUntilItIsReleasedOrExpires() {
        OffsetDateTime inAMinute = OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(1);
        try {
            assertTrue(lease("node-a/1", inAMinute));
            assertFalse(lease("node-b/1", inAMinute), "node b waits while a holds it");
            assertEquals(
                    "node-a/1", db.inTransaction(em -> batches.leaseHolder()).holder());
            assertTrue(lease("node-a/1", inAMinute.plusMinutes(1)), "the holder renews");

            release("node-b/1");
            assertFalse(lease("node-b/1", inAMinute), "only the holder releases");
            release("node-a/1");
            assertTrue(
                    lease("node-b/1", OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(5)),
                    "released, another takes it");
            assertTrue(lease("node-c/1", inAMinute), "a lease past its time is free");
        } finally {
            release("node-c/1");
        }
    }

    @Test
    void everyProjectIsCleanedWithItsOwnRetention() {
        Project week = events.project(7);
        Project year = events.project(365);
        var retentions = db.inTransaction(em -> batches.retentions());
        assertEquals(7, retentions.get(week.id()));
        assertEquals(365, retentions.get(year.id()));
    }
}
