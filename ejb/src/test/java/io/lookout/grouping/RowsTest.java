package io.lookout.grouping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RowsTest {

    @Test
    void repeatsTheRowOncePerRow() {
        Rows rows = new Rows("INSERT INTO t (a, b) VALUES ", "(?, CAST(? AS BIGINT))", " ON CONFLICT DO NOTHING");
        assertEquals(
                "INSERT INTO t (a, b) VALUES (?, CAST(? AS BIGINT)), (?, CAST(? AS BIGINT)),"
                        + " (?, CAST(? AS BIGINT)) ON CONFLICT DO NOTHING",
                rows.sql(3));
    }

    @Test
    void aTallyKeepsCountsFirstLastAndTheSummaryOfTheLatestEvent() {
        OffsetDateTime t0 = OffsetDateTime.of(2026, 11, 28, 10, 0, 0, 0, ZoneOffset.UTC);
        Tally.OfGroup group = new Tally.OfGroup();
        group.add(t0.plusMinutes(5), 10.0, "second", "b", "error");
        group.add(t0, null, "first", "a", "warning");
        group.add(t0.plusMinutes(2), 30.0, "middle", "c", "info");
        assertEquals(3, group.count);
        assertEquals(t0, group.first);
        assertEquals(t0.plusMinutes(5), group.last);
        assertEquals("second", group.message);
        assertEquals(40.0, group.timeSpentTotal);
        assertEquals(2, group.timeSpentCount);
        assertEquals(30.0, group.timeSpentMax);
        // the score formula of docs/architecture.md: ln(times_seen) * 600 + last_seen in epoch seconds
        assertEquals(Math.log(3) * 600 + t0.plusMinutes(5).toEpochSecond(), group.score(), 1e-6);
    }

    @Test
    void keysSortSoThatConcurrentBatchesLockRowsInOneOrder() {
        assertTrue(new Keys.Group("exception", "b").compareTo(new Keys.Group("query", "a")) < 0);
        assertTrue(new Keys.Hour(1, OffsetDateTime.MAX).compareTo(new Keys.Hour(2, OffsetDateTime.MIN)) < 0);
    }
}
