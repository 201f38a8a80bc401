package io.lookout.regroup;

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
import io.lookout.processing.Processing;
import io.lookout.processing.Reprocessing;
import io.lookout.processors.message.MessageProcessor;
import io.lookout.processors.spi.Processor;
import io.lookout.schema.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link RegroupBatches} against a real database in this JVM (H2, or PostgreSQL with
 * {@code -Ppostgresql}), with the real reprocessing and moves: a job in small batches moves exactly
 * the events whose checksum changed, its counters add up, every aggregate equals a recount after
 * each batch, and a job under unchanged rules moves nothing; one lease holder at a time.
 */
class RegroupBatchesTest {

    private static final Processor MESSAGES = new MessageProcessor();

    private static TestDatabase db;
    private static TestEvents events;
    private static final RegroupBatches batches = new RegroupBatches();

    @BeforeAll
    static void createDatabase() {
        db = TestDatabase.create();
        events = new TestEvents(db);
        AggregateSql sql = AggregateSql.of(db.vendor());
        GroupMoves moves = new GroupMoves();
        moves.use(db.entityManager(), sql);
        Processing processing =
                new Processing(type -> MESSAGES.types().contains(type) ? Optional.of(MESSAGES) : Optional.empty());
        Regrouper regrouper = new Regrouper();
        regrouper.use(
                new Reprocessing(processing),
                moves,
                type -> MESSAGES.types().contains(type) ? Optional.of(MESSAGES) : Optional.empty());
        batches.use(db.entityManager(), sql, regrouper);
    }

    @AfterAll
    static void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    private static void assertRecountMatches(String when) {
        try (Connection connection = db.connect()) {
            assertEquals(List.of(), Recount.mismatches(connection), "every aggregate equals a recount " + when);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static long job(String column, long job) {
        return db.number("SELECT " + column + " FROM regroup_job WHERE id = " + job);
    }

    /** Runs the job to its end, batch by batch, each in a transaction of its own; answers the batches. */
    private static int runToEnd(long job, int size) {
        assertEquals(Optional.of(job), db.inTransaction(em -> batches.next()));
        int steps = 0;
        boolean finished = false;
        while (!finished) {
            finished = db.inTransaction(em -> batches.step(job, size));
            steps++;
            assertRecountMatches("after batch " + steps);
        }
        return steps;
    }

    @Test
    void eventsStoredIntoAGroupAsItWasMergedAreMovedOnToTheMergedGroup() {
        Project project = events.project(30);
        Instant at = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        StoredBatch stored = events.store(
                project,
                List.of(),
                event("message").message("Cache cold").tag("server", "s1").at(at),
                event("message").message("Cache frozen").tag("server", "s2").at(at.plusSeconds(60)),
                event("message").message("Cache frozen").tag("server", "s1").at(at.plusSeconds(120)));
        long merged = stored.events().get(0).groupId();
        long alias = stored.events().get(1).groupId();
        // what an ingest batch leaves when it found the group just before a merge made it an alias
        db.inTransaction(em -> em.createNativeQuery("UPDATE event_group SET merged_into = ?1 WHERE id = ?2")
                .setParameter(1, merged)
                .setParameter(2, alias)
                .executeUpdate());

        assertEquals(2L, (long) db.inTransaction(em -> batches.drainAliases(500)));

        assertEquals(3, db.number("SELECT times_seen FROM event_group WHERE id = " + merged));
        assertEquals(0, db.number("SELECT times_seen FROM event_group WHERE id = " + alias), "the alias stays, empty");
        assertEquals(0L, (long) db.inTransaction(em -> batches.drainAliases(500)), "nothing left to move");
        assertRecountMatches("after the strays moved on");
    }

    @Test
    void aJobMovesTheEventsWhoseChecksumChangedBatchByBatchWithExactAggregates() {
        Project project = events.project(30);
        ViewDefinition byServer = events.view(project, Set.of("message"), List.of("server"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String user = "user-" + (char) ('a' + i) + "x";
            sent.add(event("message")
                    .message("cart of " + user + " is empty")
                    .tag("server", "s" + i % 3)
                    .timeSpent(i)
                    .at(now.minus(i * 13L, ChronoUnit.MINUTES)));
        }
        // one event out of the window: it stays where it is
        sent.add(event("message").message("cart of user-zz is empty").at(now.minus(10, ChronoUnit.DAYS)));
        events.store(project, List.of(byServer), sent.toArray(Sent[]::new));
        assertEquals(13, db.number("SELECT COUNT(*) FROM event_group WHERE project_id = " + project.id()));
        db.inTransaction(em -> em.createNativeQuery("UPDATE project SET grouping_rules = ?1 WHERE id = ?2")
                .setParameter(1, "message:\"*user-*\" -> strip \"user-[a-z]+\"")
                .setParameter(2, project.id())
                .executeUpdate());

        RegroupJob queued = db.inTransaction(em -> batches.queue(project.id(), new RegroupRequest(7), "admin"));
        assertEquals(RegroupJob.QUEUED, queued.state());
        assertEquals(12, queued.total());
        assertEquals(4, runToEnd(queued.id(), 4), "12 events in batches of 4: the fourth reads none and ends");

        assertEquals(
                1,
                db.number("SELECT COUNT(*) FROM regroup_job WHERE id = " + queued.id()
                        + " AND state = 'done' AND active_project IS NULL AND finished_at IS NOT NULL"),
                "the job is done and no longer active");
        assertEquals(12, job("examined", queued.id()));
        assertEquals(0, job("skipped", queued.id()));
        assertEquals(12, job("moved", queued.id()));
        assertEquals(1, job("groups_created", queued.id()));
        assertEquals(1, job("groups_joined", queued.id()));
        assertEquals(12, job("groups_emptied", queued.id()));
        assertEquals(
                2,
                db.number("SELECT COUNT(*) FROM event_group WHERE project_id = " + project.id()),
                "the twelve joined one new group; the old event kept its own");
        assertEquals(
                1,
                db.number("SELECT COUNT(DISTINCT checksum) FROM event WHERE project_id = " + project.id()
                        + " AND message <> 'cart of user-zz is empty'"),
                "the moved events carry their new checksum");
        assertEquals(
                1,
                db.number("SELECT COUNT(*) FROM group_activity WHERE project_id = " + project.id()
                        + " AND kind = 'regrouped' AND details = '{\"job\":" + queued.id() + ",\"events\":12}'"),
                "one history entry on the group that received the events, with their count");

        RegroupJob again = db.inTransaction(em -> batches.queue(project.id(), new RegroupRequest(7), null));
        runToEnd(again.id(), 5);
        assertEquals(12, job("examined", again.id()));
        assertEquals(0, job("moved", again.id()), "unchanged rules move nothing");
        assertEquals(0, job("groups_emptied", again.id()));
    }

    @Test
    void aProjectHasOneActiveJobAtATime() {
        Project project = events.project(30);
        RegroupJob first = db.inTransaction(em -> batches.queue(project.id(), new RegroupRequest(7), null));
        try {
            assertThrowsOnCommit(
                    () -> db.inTransaction(em -> batches.queue(project.id(), new RegroupRequest(3), null)));
            assertEquals(1, db.number("SELECT COUNT(*) FROM regroup_job WHERE project_id = " + project.id()));
        } finally {
            // not left active for the other tests, which run the oldest active job
            db.inTransaction(em -> {
                batches.fail(first.id(), "test over");
                return null;
            });
        }
    }

    private static void assertThrowsOnCommit(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException expected) {
            return;
        }
        throw new AssertionError("a second active job of the project was queued");
    }

    private static boolean lease(String holder, OffsetDateTime until) {
        Boolean taken = db.inTransaction(em -> batches.lease(holder, until));
        return taken;
    }

    @Test
    void oneLeaseHolderAtATime() {
        OffsetDateTime until = OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(1);
        assertTrue(lease("one", until));
        assertFalse(lease("two", until));
        assertTrue(lease("one", until), "the holder renews it");
        db.inTransaction(em -> {
            batches.release("one");
            return null;
        });
        assertTrue(lease("two", until));
        db.inTransaction(em -> {
            batches.release("two");
            return null;
        });
    }
}
