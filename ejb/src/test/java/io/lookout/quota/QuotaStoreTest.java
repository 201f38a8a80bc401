package io.lookout.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.grouping.TestEvents;
import io.lookout.schema.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared counter on the vendor's database (H2, or PostgreSQL with {@code -Ppostgresql}): two
 * nodes' ledgers writing into one {@code quota_usage}, the normal rate, drops per hour, pruning.
 */
class QuotaStoreTest {

    private static TestDatabase db;
    private static TestEvents events;
    private static QuotaStore store;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabase.create();
        events = new TestEvents(db);
        store = new QuotaStore();
        store.use(db.entityManager());
    }

    @AfterAll
    static void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    private static void flush(QuotaLedger node, Instant now) {
        List<QuotaLedger.Delta> deltas = node.unwritten();
        List<QuotaLedger.Drops> drops = node.takeDrops();
        Map<QuotaLedger.Key, Long> totals = db.inTransaction(em -> store.write(deltas, drops, node.current(now)));
        node.written(deltas, totals, now);
    }

    private static long accepted(long project, QuotaLedger.Window window, Instant start) {
        Long accepted = db.inTransaction(em -> store.accepted(project, window, start));
        return accepted;
    }

    @Test
    void twoNodesCountIntoOneTotalAndShareOneBucket() {
        long project = events.project(30).id();
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        QuotaLimits limits = new QuotaLimits(600, 1000, 0, 0); // 10 a second, bursts of 60
        QuotaLedger a = new QuotaLedger();
        QuotaLedger b = new QuotaLedger();
        assertTrue(a.acquire(project, 40, limits, minute).accepted());
        assertTrue(b.acquire(project, 20, limits, minute).accepted());
        flush(a, minute);
        flush(b, minute);
        flush(a, minute);
        assertEquals(60, a.used(project, QuotaLedger.Window.MINUTE, minute));
        assertEquals(60, b.used(project, QuotaLedger.Window.MINUTE, minute));
        assertFalse(a.acquire(project, 1, limits, minute).accepted(), "b's 20 left the bucket of a");
        assertFalse(b.acquire(project, 1, limits, minute).accepted(), "a's 40 left the bucket of b");
        Instant second = minute.plusSeconds(1);
        assertTrue(b.acquire(project, 10, limits, second).accepted(), "a second's refill");
        flush(b, second);
        flush(a, second);
        QuotaLedger.Decision refused = a.acquire(project, 1, limits, second);
        assertFalse(refused.accepted(), "b took the second's refill");
        assertEquals(1, refused.retryAfterSeconds());
        assertEquals(70, accepted(project, QuotaLedger.Window.MINUTE, minute));
        assertEquals(70, accepted(project, QuotaLedger.Window.DAY, QuotaLedger.Window.DAY.start(minute)));
    }

    @Test
    void theNormalRateIsTheAverageMinuteOfThePast24HoursAndOldRowsArePruned() {
        long project = events.project(30).id();
        Instant now = Instant.now();
        QuotaLedger node = new QuotaLedger();
        QuotaLimits none = new QuotaLimits(0, 0, 0, 0);
        node.acquire(project, 1440, none, now.minus(Duration.ofHours(3)));
        node.acquire(project, 2880, none, now.minus(Duration.ofHours(20)));
        node.acquire(project, 999, none, now.minus(Duration.ofHours(30))); // not in the 24 hours
        node.acquire(project, 7, none, now); // the current minute is not in the normal rate
        flush(node, now);
        Map<Long, Double> rates = db.inTransaction(em -> store.normalRates(now));
        assertEquals(3.0, rates.get(project), 1e-9);
        int pruned = db.inTransaction(em -> store.prune(now));
        assertTrue(pruned >= 1);
        assertEquals(
                0,
                db.number("SELECT COUNT(*) FROM quota_usage WHERE project_id = " + project
                        + " AND window_kind = 'm' AND accepted = 999"));
        assertEquals(7, accepted(project, QuotaLedger.Window.MINUTE, QuotaLedger.Window.MINUTE.start(now)));
    }

    @Test
    void dropsOfSeveralNodesAddUpPerHour() {
        long project = events.project(30).id();
        Instant now = Instant.now();
        QuotaLedger a = new QuotaLedger();
        QuotaLedger b = new QuotaLedger();
        a.dropped(project, 5, now);
        b.dropped(project, 7, now);
        a.dropped(project, 2, now.minus(Duration.ofHours(1)));
        flush(a, now);
        flush(b, now);
        List<QuotaHour> hours = db.inTransaction(em -> store.drops(project, now.minus(Duration.ofHours(2))));
        assertEquals(2, hours.size());
        assertEquals(12, hours.get(0).dropped(), "newest first: this hour");
        assertEquals(now.truncatedTo(ChronoUnit.HOURS).toString(), hours.get(0).hour());
        assertEquals(2, hours.get(1).dropped());
    }
}
