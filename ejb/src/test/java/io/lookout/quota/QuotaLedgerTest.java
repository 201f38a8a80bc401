package io.lookout.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.project.QuotaSettings;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The windows, the spike rule and the shared counting of {@link QuotaLedger}, without a database. */
class QuotaLedgerTest {

    private static final Instant T = Instant.parse("2026-12-05T10:15:20Z");
    private static final QuotaLimits TEN_A_MINUTE = new QuotaLimits(10, 0, 0, 0);

    @Test
    void theSpikeRuleLimitsAMinuteToFactorTimesTheNormalRateButNeverBelowTheFloorOrAboveTheLimit() {
        QuotaLimits limits = new QuotaLimits(1000, 0, 10, 20);
        assertEquals(20, limits.minuteLimit(0), "a new project: the floor");
        assertEquals(32, limits.minuteLimit(3.2), "10 × 3.2, rounded up");
        assertTrue(limits.spikeLimits(3.2));
        assertEquals(1000, limits.minuteLimit(500), "never above the configured minute");
        assertFalse(limits.spikeLimits(500));
        assertEquals(1000, new QuotaLimits(1000, 0, 0, 20).minuteLimit(0), "factor 0: no spike rule");
        assertEquals(0, new QuotaLimits(0, 0, 0, 20).minuteLimit(3), "no limit at all");
        assertEquals(30, new QuotaLimits(0, 0, 10, 5).minuteLimit(3), "only the spike rule");
    }

    @Test
    void aProjectsOwnSettingsOverrideTheDefaultsOneByOne() {
        QuotaLimits defaults = new QuotaLimits(600, 5000, 10, 100);
        assertEquals(new QuotaLimits(50, 5000, 10, 100), QuotaLimits.of(new QuotaSettings(50L, null, null), defaults));
        assertEquals(new QuotaLimits(600, 0, 0, 100), QuotaLimits.of(new QuotaSettings(null, 0L, 0.0), defaults));
    }

    @Test
    void aMinuteTakesItsLimitThenRefusesUntilItEndsAndTheNextMinuteStartsAfresh() {
        QuotaLedger ledger = new QuotaLedger();
        assertTrue(ledger.acquire(1, 6, TEN_A_MINUTE, T).accepted());
        QuotaLedger.Decision over = ledger.acquire(1, 5, TEN_A_MINUTE, T.plusSeconds(1));
        assertEquals("eventsPerMinute", over.limit());
        assertEquals(10, over.allowed());
        assertEquals(6, over.used());
        assertEquals(39, over.retryAfterSeconds(), "10:15:21 → 10:16:00");
        assertTrue(ledger.acquire(1, 4, TEN_A_MINUTE, T.plusSeconds(2)).accepted(), "the refused batch took nothing");
        assertFalse(ledger.acquire(1, 1, TEN_A_MINUTE, T.plusSeconds(3)).accepted());
        assertTrue(ledger.acquire(2, 10, TEN_A_MINUTE, T).accepted(), "another project counts alone");
        assertTrue(ledger.acquire(1, 10, TEN_A_MINUTE, T.plusSeconds(40)).accepted(), "10:16:00: a new minute");
    }

    @Test
    void aDayRefusesUntilUtcMidnightWhenItsLimitIsUsed() {
        QuotaLimits limits = new QuotaLimits(0, 100, 0, 0);
        QuotaLedger ledger = new QuotaLedger();
        assertTrue(ledger.acquire(1, 100, limits, T).accepted());
        QuotaLedger.Decision over = ledger.acquire(1, 1, limits, T.plusSeconds(3600));
        assertEquals("eventsPerDay", over.limit());
        assertEquals(
                Instant.parse("2026-12-06T00:00:00Z").getEpochSecond()
                        - T.plusSeconds(3600).getEpochSecond(),
                over.retryAfterSeconds());
        assertTrue(ledger.acquire(1, 100, limits, Instant.parse("2026-12-06T00:00:01Z"))
                .accepted());
    }

    @Test
    void theSpikeRuleNamesItselfWhenItRefuses() {
        QuotaLedger ledger = new QuotaLedger();
        ledger.normalRates(Map.of(1L, 2.0));
        QuotaLimits limits = new QuotaLimits(1000, 0, 3, 5);
        assertTrue(ledger.acquire(1, 6, limits, T).accepted());
        QuotaLedger.Decision over = ledger.acquire(1, 1, limits, T);
        assertEquals("spike", over.limit());
        assertEquals(6, over.allowed(), "3 × 2 a minute");
    }

    /** Two nodes and the shared rows, as {@link QuotaStore} keeps them: totals add up. */
    private static final class SharedRows {
        final Map<QuotaLedger.Key, Long> rows = new HashMap<>();

        void flush(QuotaLedger node, Instant now) {
            List<QuotaLedger.Delta> deltas = node.unwritten();
            deltas.forEach(d -> rows.merge(d.key(), d.events(), Long::sum));
            Map<QuotaLedger.Key, Long> totals = new HashMap<>();
            for (QuotaLedger.Key key : node.current(now)) {
                if (rows.containsKey(key)) {
                    totals.put(key, rows.get(key));
                }
            }
            node.written(deltas, totals, now);
        }
    }

    @Test
    void afterAWriteEachNodeSeesWhatTheOthersAcceptedAndTheSlackIsOneFlushOfTheOthers() {
        SharedRows shared = new SharedRows();
        QuotaLedger a = new QuotaLedger();
        QuotaLedger b = new QuotaLedger();
        assertTrue(a.acquire(1, 6, TEN_A_MINUTE, T).accepted());
        assertTrue(b.acquire(1, 1, TEN_A_MINUTE, T).accepted());
        shared.flush(a, T);
        shared.flush(b, T);
        assertEquals(7, b.used(1, QuotaLedger.Window.MINUTE, T), "b sees a's 6 and its own 1");
        assertFalse(b.acquire(1, 4, TEN_A_MINUTE, T).accepted(), "7 + 4 > 10");
        assertTrue(b.acquire(1, 3, TEN_A_MINUTE, T).accepted());
        // a has not read b's last write: within one flush it may still take what it believes is free
        assertEquals(6, a.used(1, QuotaLedger.Window.MINUTE, T));
        assertTrue(a.acquire(1, 4, TEN_A_MINUTE, T).accepted());
        shared.flush(a, T);
        shared.flush(b, T);
        assertEquals(
                14,
                shared.rows.get(new QuotaLedger.Key(1, QuotaLedger.Window.MINUTE, QuotaLedger.Window.MINUTE.start(T))));
        assertFalse(a.acquire(1, 1, TEN_A_MINUTE, T).accepted(), "both know the minute is over now");
        assertFalse(b.acquire(1, 1, TEN_A_MINUTE, T).accepted());
    }

    @Test
    void eventsAcceptedWhileAWriteIsUnderWayAreNeitherLostNorCountedTwice() {
        SharedRows shared = new SharedRows();
        QuotaLedger node = new QuotaLedger();
        node.acquire(1, 5, TEN_A_MINUTE, T);
        List<QuotaLedger.Delta> deltas = node.unwritten();
        deltas.forEach(d -> shared.rows.merge(d.key(), d.events(), Long::sum));
        node.acquire(1, 2, TEN_A_MINUTE, T); // between the write and the read-back
        Map<QuotaLedger.Key, Long> totals = new HashMap<>(shared.rows);
        node.written(deltas, totals, T);
        assertEquals(7, node.used(1, QuotaLedger.Window.MINUTE, T));
        shared.flush(node, T);
        assertEquals(7, node.used(1, QuotaLedger.Window.MINUTE, T));
        assertTrue(node.unwritten().isEmpty());
    }

    @Test
    void aWindowThatEndedIsForgottenOnceWritten() {
        SharedRows shared = new SharedRows();
        QuotaLedger node = new QuotaLedger();
        node.acquire(1, 5, TEN_A_MINUTE, T);
        Instant later = T.plusSeconds(120);
        assertEquals(
                0,
                node.current(later).stream()
                        .filter(k -> k.window() == QuotaLedger.Window.MINUTE)
                        .count());
        shared.flush(node, later);
        assertEquals(
                5,
                shared.rows.get(new QuotaLedger.Key(1, QuotaLedger.Window.MINUTE, QuotaLedger.Window.MINUTE.start(T))));
        assertTrue(node.unwritten().isEmpty());
        assertEquals(0, node.used(1, QuotaLedger.Window.MINUTE, later));
    }

    @Test
    void dropsAreCountedPerHourAndPutBackWhenTheirWriteFailed() {
        QuotaLedger node = new QuotaLedger();
        node.dropped(1, 3, T);
        node.dropped(1, 4, T.plusSeconds(60));
        node.dropped(1, 1, T.plusSeconds(3600));
        List<QuotaLedger.Drops> taken = node.takeDrops();
        assertEquals(2, taken.size());
        assertEquals(8, taken.stream().mapToLong(QuotaLedger.Drops::events).sum());
        assertTrue(node.takeDrops().isEmpty());
        node.dropsNotWritten(taken);
        node.dropped(1, 2, T);
        assertEquals(
                10,
                node.takeDrops().stream().mapToLong(QuotaLedger.Drops::events).sum());
    }
}
