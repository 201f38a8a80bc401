package io.lookout.grouping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
    void aBatchOfAnySizeGoesInOrderInChunksOfAFewSizes() {
        Rows rows = new Rows("INSERT INTO t (a, b) VALUES ", "(?, ?)", "");
        Set<Integer> sizes = new TreeSet<>();
        for (int n = 1; n <= 1000; n++) {
            List<Object[]> batch = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                batch.add(new Object[] {i, "v" + i});
            }
            List<List<Object[]>> chunks = rows.chunks(batch);
            List<Object[]> again = new ArrayList<>();
            chunks.forEach(again::addAll);
            assertEquals(batch, again, n + " rows: each once, in order");
            // a few statements more than the 64-row chunks: at most three of each smaller size
            assertTrue(chunks.size() <= n / 64 + 9, n + " rows in " + chunks.size() + " statements");
            chunks.forEach(chunk -> sizes.add(chunk.size()));
        }
        // so a connection parses at most four texts of the statement, whatever the batches hold
        assertEquals(Set.of(1, 4, 16, 64), sizes);
    }

    @Test
    void aWideRowKeepsEveryChunkUnderTheParameterLimit() {
        Rows wide = new Rows("INSERT INTO t VALUES ", "(" + "?, ".repeat(299) + "?)", "");
        List<Object[]> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            batch.add(new Object[300]);
        }
        List<List<Object[]>> chunks = wide.chunks(batch);
        assertEquals(100, chunks.stream().mapToInt(List::size).sum());
        chunks.forEach(chunk -> assertTrue(chunk.size() * 300 <= Rows.MAX_PARAMETERS, chunk.size() + " rows"));
        assertEquals(16, chunks.get(0).size(), "the largest size under the limit (26 rows)");
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
