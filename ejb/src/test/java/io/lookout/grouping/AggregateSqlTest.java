package io.lookout.grouping;

import static io.lookout.grouping.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lookout.grouping.TestEvents.Project;
import io.lookout.schema.DatabaseVendor;
import io.lookout.schema.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The statements of the database seam that the store's and the cleanup's tests do not reach, on
 * the vendor's own implementation (H2, or PostgreSQL with {@code -Ppostgresql}).
 */
class AggregateSqlTest {

    private static TestDatabase db;
    private static TestEvents events;
    private static AggregateSql sql;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabase.create();
        events = new TestEvents(db);
        sql = AggregateSql.of(db.vendor());
    }

    @AfterAll
    static void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void theScrubbedValuesOfAProjectAddUpAcrossBatches() {
        Project project = events.project(30);
        Project other = events.project(30);
        db.inTransaction(em -> {
            events.store().addScrubbedValues(project.id(), 3);
            return null;
        });
        db.inTransaction(em -> {
            events.store().addScrubbedValues(project.id(), 4);
            events.store().addScrubbedValues(project.id(), 0);
            events.store().addScrubbedValues(other.id(), 1);
            return null;
        });
        assertEquals(7, scrubbed(project));
        assertEquals(1, scrubbed(other));
    }

    @Test
    void theFirstKeysValuesAreCountedWithNullAsOneValueAndWithoutIgnoredGroups() throws SQLException {
        Project project = events.project(30);
        ViewDefinition byServer = events.view(project, null, List.of("server"));
        events.store(
                project,
                List.of(byServer),
                event("message").message("a").tag("server", "s1"),
                event("message").message("b").tag("server", "s2"),
                event("message").message("b").tag("server", "s1"),
                event("message").message("c").tag("server", "s3"),
                event("message").message("d"));
        assertEquals(4, firstKeyValues(byServer, 20), "s1, s2, s3 and null");
        long capped = firstKeyValues(byServer, 2);
        assertTrue(capped >= 2 && capped < 4, "at least the limit, without counting them all: " + capped);

        try (Connection connection = db.connect();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE event_group SET status = " + GroupStatus.IGNORED.sql()
                    + " WHERE project_id = " + project.id() + " AND message IN ('c', 'd')");
        }
        assertEquals(2, firstKeyValues(byServer, 20), "s3 and null only in ignored groups");
    }

    /**
     * On PostgreSQL {@code event_tag} has no key to {@code tag_value} (V29): the writer's look-up of a
     * batch's tag values takes the lock the key's check took per link, so that the cleanup cannot
     * delete a value whose count went to zero while a batch links events to it (which would leave
     * links to a value that is gone, and the batch's events counted in a new one made by another
     * writer). H2 keeps the key, whose check at each link takes the lock there.
     */
    @Test
    void aTagValueABatchHasLookedUpIsNotDeletedBeforeTheBatchCommits() throws Exception {
        assumeTrue(db.vendor() == DatabaseVendor.POSTGRESQL, "on H2 the key to tag_value takes this lock");
        Project project = events.project(30);
        String server = "s-" + System.nanoTime();
        // a value whose events the cleanup has taken, its count at zero: what its DELETE removes
        long valueId = db.inTransaction(em -> ((Number) em.createNativeQuery(
                                "INSERT INTO tag_value (id, project_id, tag_key, tag_value, times_seen, first_seen,"
                                        + " last_seen) VALUES (nextval('tag_value_seq'), ?1, 'server', ?2, 0, now(),"
                                        + " now()) RETURNING id")
                        .setParameter(1, project.id())
                        .setParameter(2, server)
                        .getSingleResult())
                .longValue());
        SortedMap<Keys.Tag, Tally> tags = new TreeMap<>(Map.of(new Keys.Tag("server", server), new Tally()));
        CountDownLatch lookedUp = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Map<Keys.Tag, Long>> batch = CompletableFuture.supplyAsync(() -> db.inTransaction(em -> {
            Map<Keys.Tag, Long> ids = sql.prepareTagValues(em, project.id(), tags);
            lookedUp.countDown();
            try {
                // the batch writes its links and counts here; it commits once the cleanup waits
                assertTrue(release.await(60, TimeUnit.SECONDS), "released");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return ids;
        }));
        assertTrue(lookedUp.await(30, TimeUnit.SECONDS), "the batch looked its tag values up");
        CompletableFuture<Integer> cleanup = CompletableFuture.supplyAsync(() -> {
            try (Connection connection = db.connect();
                    Statement statement = connection.createStatement()) {
                return statement.executeUpdate("DELETE FROM tag_value WHERE times_seen <= 0 AND id = " + valueId);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (db.number("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
                            + " AND wait_event_type = 'Lock'")
                    == 0) {
                assertFalse(cleanup.isDone(), "the cleanup deleted the value under the open batch");
                assertTrue(System.nanoTime() < deadline, "the cleanup waits for the batch's lock");
                TimeUnit.MILLISECONDS.sleep(20);
            }
            assertFalse(cleanup.isDone(), "the cleanup waits for the batch");
        } finally {
            release.countDown();
        }
        assertEquals(valueId, batch.get(60, TimeUnit.SECONDS).get(new Keys.Tag("server", server)));
        // this batch counted nothing (a real one adds its events first): the value goes after it
        assertEquals(1, cleanup.get(60, TimeUnit.SECONDS));
    }

    private static long firstKeyValues(ViewDefinition view, int limit) {
        return db.inTransaction(em -> sql.firstKeyValues(em, view.id(), limit));
    }

    private static long scrubbed(Project project) {
        return db.number("SELECT scrubbed_values FROM project_scrub_count WHERE project_id = " + project.id());
    }
}
