package io.lookout.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final TokenBuckets buckets = new TokenBuckets(now::get);

    @Test
    void aBurstPassesThenTheRateHolds() {
        for (int i = 0; i < 5; i++) {
            assertEquals(0, buckets.acquire("k", 1, 2, 5), "request " + i + " of the burst");
        }
        assertEquals(1, buckets.acquire("k", 1, 2, 5), "the bucket is empty: retry after 1 s");
        now.addAndGet(500_000_000L); // half a second refills one token at 2 a second
        assertEquals(0, buckets.acquire("k", 1, 2, 5));
        assertEquals(1, buckets.acquire("k", 1, 2, 5));
        assertEquals(0, buckets.acquire("other", 1, 2, 5), "each key has its own bucket");
    }

    @Test
    void aLargeBatchPassesOnceAndLeavesADebt() {
        assertEquals(0, buckets.acquire("k", 100, 10, 20));
        assertEquals(9, buckets.acquire("k", 1, 10, 20), "80 tokens of debt plus one at 10 a second");
        now.addAndGet(9_000_000_000L);
        assertEquals(0, buckets.acquire("k", 1, 10, 20));
    }

    @Test
    void aRateOfZeroIsNoLimit() {
        for (int i = 0; i < 1000; i++) {
            assertEquals(0, buckets.acquire("k", 1000, 0, 1));
        }
    }
}
