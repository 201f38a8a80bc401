package io.lookout.grouping;

import static io.lookout.grouping.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lookout.grouping.TestEvents.Project;
import io.lookout.schema.DatabaseVendor;
import io.lookout.schema.TestDatabase;
import io.lookout.schema.TransientFailures;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
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
     * On PostgreSQL {@code event_tag} has no key to {@code tag_value} (V29) and the look-up of a batch's
     * tag values locks nothing: the cleanup may delete a value whose count went to zero while a batch
     * links events to it, and another writer create it again under a new id. The batch's count then
     * meets the new id and fails as a serialization failure, so that it is written again (its links
     * would point to a value that is gone). H2 keeps the key, whose check at each link locks the value.
     */
    @Test
    void aTagValueDeletedAndCreatedAgainUnderAnOpenBatchMakesTheBatchRunAgain() throws Exception {
        assumeTrue(db.vendor() == DatabaseVendor.POSTGRESQL, "on H2 the key to tag_value guards the links");
        Project project = events.project(30);
        // the cleanup deletes the value under the open batch: nothing locks it
        HeldBatch batch = HeldBatch.overADeletedValue(project, HeldBatch::countTagValue);
        Keys.Tag tag = batch.tag;
        long valueId = batch.valueId;
        // another writer meets the value missing and creates it again
        long again = countOneEvent(project, tag);
        assertTrue(again != valueId, "created under a new id");

        ExecutionException failed = assertThrows(ExecutionException.class, batch::count);
        assertTrue(
                TransientFailures.isTransient(failed.getCause()),
                "the batch, whose links point to the deleted value, fails as a serialization failure: " + failed);
        assertEquals(0, db.number("SELECT COUNT(*) FROM tag_value WHERE id = " + valueId));
        assertEquals(1, db.number("SELECT times_seen FROM tag_value WHERE id = " + again), "only the other writer's");

        // written again, the batch looks the value up anew and counts it there
        assertEquals(again, countOneEvent(project, tag));
        assertEquals(2, db.number("SELECT times_seen FROM tag_value WHERE id = " + again));
    }

    @Test
    void aTagValueDeletedUnderAnOpenBatchComesBackWithItsId() throws Exception {
        assumeTrue(db.vendor() == DatabaseVendor.POSTGRESQL, "on H2 the key to tag_value guards the links");
        HeldBatch batch = HeldBatch.overADeletedValue(events.project(30), HeldBatch::countTagValue);
        long valueId = batch.valueId;

        // nobody created it again: the batch's count puts it back under the id its links use
        assertEquals(Map.of(batch.tag, valueId), batch.count());
        assertEquals(1, db.number("SELECT times_seen FROM tag_value WHERE id = " + valueId));
        assertEquals(0, deleteIfUnused(valueId), "counted, the value is no longer the cleanup's");
    }

    @Test
    void aDistributionOfATagValueDeletedUnderAnOpenBatchMakesTheBatchRunAgain() throws Exception {
        assumeTrue(db.vendor() == DatabaseVendor.POSTGRESQL, "on H2 the key to tag_value guards the links");
        Project project = events.project(30);
        events.store(project, List.of(), event("message").message("a group for the distribution"));
        long groupId = db.number("SELECT id FROM event_group WHERE project_id = " + project.id());
        HeldBatch batch = HeldBatch.overADeletedValue(project, (em, projectId, tag, id) -> {
            Tally.OfGroupTag tally = new Tally.OfGroupTag(tag.key());
            tally.add(OffsetDateTime.now(ZoneOffset.UTC), null);
            sql.countGroupTags(em, new TreeMap<>(Map.of(new Keys.GroupTag(groupId, id), tally)));
        });
        long valueId = batch.valueId;

        // the batch's new distribution row refers to the deleted value: the batch runs again
        ExecutionException failed = assertThrows(ExecutionException.class, batch::count);
        assertTrue(TransientFailures.isTransient(failed.getCause()), "a serialization failure: " + failed);
        assertEquals(
                0,
                db.number("SELECT COUNT(*) FROM group_tag_value WHERE group_id = " + groupId + " AND tag_value_id = "
                        + valueId));
    }

    /** What a held batch does once released, with the tag value it looked up. */
    @FunctionalInterface
    private interface Counting {
        void count(EntityManager em, long projectId, Keys.Tag tag, long id);
    }

    /**
     * A batch of one event with a tag of its own, on its own thread: its transaction looks the tag value
     * up and waits, open, until {@link #count} lets it add its tally and commit.
     */
    private static final class HeldBatch {
        final Keys.Tag tag = new Keys.Tag("server", "s-" + System.nanoTime());
        final long valueId;
        private final CountDownLatch release = new CountDownLatch(1);
        private final CompletableFuture<Map<Keys.Tag, Long>> done;

        /**
         * The batch, after its look-up found a value whose count is zero, which the cleanup then deleted
         * (nothing locks it on PostgreSQL).
         */
        static HeldBatch overADeletedValue(Project project, Counting counting) throws InterruptedException {
            HeldBatch batch = new HeldBatch(project, counting);
            assertEquals(1, deleteIfUnused(batch.valueId), "the cleanup deleted the value under the open batch");
            return batch;
        }

        private HeldBatch(Project project, Counting counting) throws InterruptedException {
            valueId = zeroCountValue(project, tag);
            CountDownLatch lookedUp = new CountDownLatch(1);
            done = CompletableFuture.supplyAsync(() -> db.inTransaction(em -> {
                Map<Keys.Tag, Long> ids = sql.prepareTagValues(em, project.id(), oneEvent(tag));
                lookedUp.countDown();
                try {
                    // a real batch writes its events and links here
                    assertTrue(release.await(60, TimeUnit.SECONDS), "released");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                counting.count(em, project.id(), tag, ids.get(tag));
                return ids;
            }));
            assertTrue(lookedUp.await(30, TimeUnit.SECONDS), "the batch looked its tag value up");
        }

        /** The writer's own count of the value, by the id the batch looked up. */
        static void countTagValue(EntityManager em, long projectId, Keys.Tag tag, long id) {
            sql.countTagValues(em, projectId, oneEvent(tag), Map.of(tag, id));
        }

        Map<Keys.Tag, Long> count() throws Exception {
            release.countDown();
            return done.get(60, TimeUnit.SECONDS);
        }
    }

    /** A batch of one event with {@code tag}, looked up and counted in one transaction: the value's id. */
    private static long countOneEvent(Project project, Keys.Tag tag) {
        return db.inTransaction(em -> {
            SortedMap<Keys.Tag, Tally> tags = oneEvent(tag);
            Map<Keys.Tag, Long> ids = sql.prepareTagValues(em, project.id(), tags);
            sql.countTagValues(em, project.id(), tags, ids);
            return ids.get(tag);
        });
    }

    private static SortedMap<Keys.Tag, Tally> oneEvent(Keys.Tag tag) {
        Tally tally = new Tally();
        tally.add(OffsetDateTime.now(ZoneOffset.UTC), null);
        return new TreeMap<>(Map.of(tag, tally));
    }

    /** A value whose events the cleanup has taken, its count at zero: what the cleanup's DELETE removes. */
    private static long zeroCountValue(Project project, Keys.Tag tag) {
        return db.inTransaction(em -> {
            long id = sql.nextIds(em, "tag_value_seq", 1).get(0);
            em.createNativeQuery("INSERT INTO tag_value (id, project_id, tag_key, tag_value, times_seen, first_seen,"
                            + " last_seen) VALUES (?1, ?2, ?3, ?4, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
                    .setParameter(1, id)
                    .setParameter(2, project.id())
                    .setParameter(3, tag.key())
                    .setParameter(4, tag.value())
                    .executeUpdate();
            return id;
        });
    }

    /** The cleanup's delete of an unused value, in a transaction of its own. */
    private static int deleteIfUnused(long valueId) {
        try (Connection connection = db.connect();
                Statement statement = connection.createStatement()) {
            return statement.executeUpdate("DELETE FROM tag_value WHERE times_seen <= 0 AND id = " + valueId);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long firstKeyValues(ViewDefinition view, int limit) {
        return db.inTransaction(em -> sql.firstKeyValues(em, view.id(), limit));
    }

    private static long scrubbed(Project project) {
        return db.number("SELECT scrubbed_values FROM project_scrub_count WHERE project_id = " + project.id());
    }
}
