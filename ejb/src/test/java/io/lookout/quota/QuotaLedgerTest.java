package io.lookout.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.project.QuotaSettings;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
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
    void theBurstIsATenthOfTheMinuteButAtLeastTenOrTheWholeLimit() {
        assertEquals(6000, QuotaLimits.burst(60_000));
        assertEquals(60, QuotaLimits.burst(600));
        assertEquals(61, QuotaLimits.burst(601), "rounded up");
        assertEquals(10, QuotaLimits.burst(60), "the floor");
        assertEquals(10, QuotaLimits.burst(10));
        assertEquals(5, QuotaLimits.burst(5), "a small limit: all of it at once");
        assertEquals(0, QuotaLimits.burst(0), "no limit");
    }

    @Test
    void aMinuteLimitTakesItsBurstAtOnceThenRefillsAtASixtiethOfItASecond() {
        QuotaLedger ledger = new QuotaLedger();
        QuotaLimits sixHundred = new QuotaLimits(600, 0, 0, 0); // 10 a second, bursts of 60
        assertTrue(ledger.acquire(1, 50, sixHundred, T).accepted());
        QuotaLedger.Decision over = ledger.acquire(1, 20, sixHundred, T);
        assertEquals("eventsPerMinute", over.limit());
        assertEquals(600, over.allowed());
        assertEquals(50, over.used(), "what the minute took");
        assertEquals(1, over.retryAfterSeconds(), "10 tokens left, 10 more in a second");
        assertTrue(ledger.acquire(1, 10, sixHundred, T).accepted(), "the refused batch took nothing");
        QuotaLedger.Decision empty = ledger.acquire(1, 1, sixHundred, T.plusMillis(50));
        assertFalse(empty.accepted(), "half a token");
        assertEquals(1, empty.retryAfterSeconds());
        assertTrue(ledger.acquire(1, 20, sixHundred, T.plusSeconds(2)).accepted(), "two seconds: 20 tokens");
        assertFalse(ledger.acquire(1, 1, sixHundred, T.plusSeconds(2)).accepted());
        assertTrue(ledger.acquire(2, 60, sixHundred, T).accepted(), "another project has its own bucket");
        assertTrue(ledger.acquire(1, 60, sixHundred, T.plusSeconds(60)).accepted(), "refilled, never above the burst");
        assertFalse(ledger.acquire(1, 1, sixHundred, T.plusSeconds(60)).accepted());
    }

    @Test
    void aStormIsAdmittedAtTheLimitsRateNotTheWholeMinuteInItsFirstSeconds() {
        QuotaLedger ledger = new QuotaLedger();
        QuotaLimits limits = new QuotaLimits(1200, 0, 0, 0); // 20 a second, bursts of 120
        long accepted = 0;
        long firstTenSeconds = 0;
        // a request of one event every 5 ms for two minutes: 10 times the rate
        for (int ms = 0; ms < 120_000; ms += 5) {
            if (ledger.acquire(1, 1, limits, T.plusMillis(ms)).accepted()) {
                accepted++;
                if (ms < 10_000) {
                    firstTenSeconds++;
                }
            }
        }
        assertEquals(120 + 10 * 20, firstTenSeconds, 1, "the burst, then the rate");
        assertEquals(120 + 120 * 20, accepted, 1, "the burst and two minutes at 20 a second, across the minute");
    }

    @Test
    void aBatchLargerThanTheBurstPassesWhenTheBucketIsFullAndLeavesADebt() {
        QuotaLedger ledger = new QuotaLedger();
        QuotaLimits sixHundred = new QuotaLimits(600, 0, 0, 0);
        assertTrue(ledger.acquire(1, 100, sixHundred, T).accepted(), "100 > the burst of 60, the bucket is full");
        QuotaLedger.Decision debt = ledger.acquire(1, 1, sixHundred, T);
        assertEquals(5, debt.retryAfterSeconds(), "-40 tokens: 4 s to 0, 1 more s to 1 token");
        assertFalse(ledger.acquire(1, 1, sixHundred, T.plusSeconds(4)).accepted());
        assertTrue(ledger.acquire(1, 1, sixHundred, T.plusSeconds(5)).accepted());
        QuotaLedger.Decision big = ledger.acquire(1, 100, sixHundred, T.plusSeconds(5));
        assertEquals(6, big.retryAfterSeconds(), "a big batch waits for a full bucket: 51 more tokens in 5.1 s");
    }

    @Test
    void aSmallQuotaTakesItsFewQuickEventsThenOneEveryFewSeconds() {
        QuotaLedger ledger = new QuotaLedger();
        QuotaLimits five = new QuotaLimits(5, 0, 0, 0); // one every 12 s, bursts of 5
        for (int i = 0; i < 5; i++) {
            assertTrue(ledger.acquire(1, 1, five, T.plusMillis(100 * i)).accepted());
        }
        QuotaLedger.Decision sixth = ledger.acquire(1, 1, five, T.plusMillis(500));
        assertEquals("eventsPerMinute", sixth.limit());
        assertEquals(12, sixth.retryAfterSeconds(), "a token every 12 s (0.04 of one already back)");
        assertFalse(ledger.acquire(1, 1, five, T.plusSeconds(11)).accepted());
        assertTrue(ledger.acquire(1, 1, five, T.plusSeconds(13)).accepted());
    }

    @Test
    void aQuotaIsFullOnlyWhenNotEvenOneEventFitsAndAskingTakesNothing() {
        QuotaLedger ledger = new QuotaLedger();
        assertTrue(ledger.full(1, TEN_A_MINUTE, T).accepted(), "a full bucket");
        assertTrue(ledger.acquire(1, 9, TEN_A_MINUTE, T).accepted());
        assertTrue(ledger.full(1, TEN_A_MINUTE, T).accepted(), "one event still fits");
        assertTrue(ledger.full(1, TEN_A_MINUTE, T).accepted(), "asking took nothing");
        assertTrue(ledger.acquire(1, 1, TEN_A_MINUTE, T).accepted(), "the last one");
        QuotaLedger.Decision full = ledger.full(1, TEN_A_MINUTE, T.plusSeconds(1));
        assertEquals("eventsPerMinute", full.limit());
        assertEquals(10, full.used());
        assertEquals(5, full.retryAfterSeconds(), "a token every 6 s, one sixth back");
        assertTrue(ledger.full(1, TEN_A_MINUTE, T.plusSeconds(6)).accepted(), "one token back");
        assertTrue(ledger.full(1, new QuotaLimits(0, 0, 0, 0), T).accepted(), "no limits: never full");
        QuotaLimits day = new QuotaLimits(0, 5, 0, 0);
        assertTrue(ledger.acquire(2, 5, day, T).accepted());
        assertEquals("eventsPerDay", ledger.full(2, day, T.plusSeconds(3600)).limit());
    }

    @Test
    void beforeParsingALowBucketRefusesARequestWhoseCountedEventsDoNotFitAndAFullerOneCountsNothing() {
        QuotaLedger ledger = new QuotaLedger();
        QuotaLimits sixHundred = new QuotaLimits(600, 0, 0, 0); // bursts of 60
        int[] counts = {0};
        IntSupplier twenty = () -> {
            counts[0]++;
            return 20;
        };
        assertTrue(ledger.beforeParsing(1, sixHundred, T, twenty).accepted());
        assertEquals(0, counts[0], "a full bucket: nothing counted, the parse decides");
        assertTrue(ledger.acquire(1, 45, sixHundred, T).accepted());
        QuotaLedger.Decision low = ledger.beforeParsing(1, sixHundred, T, twenty);
        assertEquals(1, counts[0], "15 tokens, under half the burst: counted");
        assertEquals("eventsPerMinute", low.limit());
        assertEquals(1, low.retryAfterSeconds(), "5 more tokens in half a second");
        assertTrue(ledger.beforeParsing(1, sixHundred, T, () -> 15).accepted(), "15 fit");
        assertTrue(ledger.acquire(1, 15, sixHundred, T).accepted(), "asking took nothing");
        assertFalse(ledger.beforeParsing(1, sixHundred, T, twenty).accepted());
        assertTrue(ledger.beforeParsing(1, sixHundred, T.plusSeconds(2), twenty).accepted(), "20 tokens back");
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
        Instant minute = Instant.parse("2026-12-05T10:15:00Z");
        SharedRows shared = new SharedRows();
        QuotaLedger a = new QuotaLedger();
        QuotaLedger b = new QuotaLedger();
        assertTrue(a.acquire(1, 6, TEN_A_MINUTE, minute).accepted());
        assertTrue(b.acquire(1, 1, TEN_A_MINUTE, minute).accepted());
        shared.flush(a, minute);
        shared.flush(b, minute);
        assertEquals(7, b.used(1, QuotaLedger.Window.MINUTE, minute), "b sees a's 6 and its own 1");
        assertFalse(b.acquire(1, 4, TEN_A_MINUTE, minute).accepted(), "7 + 4 > the burst of 10");
        assertTrue(b.acquire(1, 3, TEN_A_MINUTE, minute).accepted());
        // a has not read b's last write: within one flush it may still take what it believes is left
        assertEquals(6, a.used(1, QuotaLedger.Window.MINUTE, minute));
        assertTrue(a.acquire(1, 4, TEN_A_MINUTE, minute).accepted());
        shared.flush(a, minute);
        shared.flush(b, minute);
        assertEquals(14, shared.rows.get(new QuotaLedger.Key(1, QuotaLedger.Window.MINUTE, minute)));
        assertFalse(a.acquire(1, 1, TEN_A_MINUTE, minute).accepted(), "both know the bucket is empty now");
        QuotaLedger.Decision debt = b.acquire(1, 1, TEN_A_MINUTE, minute);
        assertEquals(30, debt.retryAfterSeconds(), "4 over: a token every 6 s, 5 tokens");
        assertTrue(a.acquire(1, 1, TEN_A_MINUTE, minute.plusSeconds(30)).accepted(), "the debt paid");
    }

    @Test
    void twoNodesUnderAStormAdmitTheRateBetweenThemPlusTheirBurstsAndOneFlushOfSlack() {
        Instant minute = Instant.parse("2026-12-05T10:15:00Z");
        QuotaLimits limits = new QuotaLimits(600, 0, 0, 0); // 10 a second, bursts of 60
        SharedRows shared = new SharedRows();
        QuotaLedger a = new QuotaLedger();
        QuotaLedger b = new QuotaLedger();
        long accepted = 0;
        long lastTwoMinutes = 0;
        // each node is offered an event every 10 ms (20 times the rate together) for three minutes
        for (int ms = 0; ms < 180_000; ms += 10) {
            Instant now = minute.plusMillis(ms);
            for (QuotaLedger node : List.of(a, b)) {
                if (node.acquire(1, 1, limits, now).accepted()) {
                    accepted++;
                    if (ms >= 60_000) {
                        lastTwoMinutes++;
                    }
                }
            }
            if (ms % 1000 == 500) {
                shared.flush(a, now);
                shared.flush(b, now.plusMillis(5));
            }
        }
        assertTrue(lastTwoMinutes >= 1150 && lastTwoMinutes <= 1250, "two minutes at 10 a second: " + lastTwoMinutes);
        assertTrue(accepted <= 2 * 60 + 1800 + 60, "both bursts, the rate, a minute's slack: " + accepted);
    }

    @Test
    void atMidnightTheBucketTakesOutTheOtherNodesEventsOfTheNewDay() {
        Instant late = Instant.parse("2026-12-05T23:59:59.500Z");
        Instant early = Instant.parse("2026-12-06T00:00:00.500Z");
        QuotaLimits limits = new QuotaLimits(600, 0, 0, 0); // bursts of 60
        SharedRows shared = new SharedRows();
        QuotaLedger a = new QuotaLedger();
        QuotaLedger b = new QuotaLedger();
        assertTrue(a.acquire(1, 5, limits, late).accepted());
        assertTrue(b.acquire(1, 5, limits, late).accepted());
        shared.flush(a, late);
        shared.flush(b, late);
        assertTrue(b.acquire(1, 10, limits, early).accepted());
        shared.flush(b, early);
        shared.flush(a, early.plusMillis(100));
        assertFalse(a.acquire(1, 51, limits, early.plusMillis(100)).accepted(), "b's 10 of the new day are out");
        assertTrue(a.acquire(1, 50, limits, early.plusMillis(100)).accepted());
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
                List.of(QuotaLedger.Window.MINUTE.start(later)),
                node.current(later).stream()
                        .filter(k -> k.window() == QuotaLedger.Window.MINUTE)
                        .map(QuotaLedger.Key::start)
                        .toList(),
                "the ended minute is not read back; the current one is, for the bucket");
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
