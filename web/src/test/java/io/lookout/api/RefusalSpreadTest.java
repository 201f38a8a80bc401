package io.lookout.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RefusalSpreadTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger held = new AtomicInteger();
    private final List<Long> waits = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void onlyTheIngestEndpointsAreHeld() {
        assertTrue(RefusalSpread.isIngest("/7/events"));
        assertTrue(RefusalSpread.isIngest("/12/envelope/"));
        assertTrue(RefusalSpread.isIngest("/12/envelope"));
        assertTrue(RefusalSpread.isIngest("/3/store/"));
        for (String other : new String[] {
            null, "/", "/events", "/x/events", "/7/groups", "/7/events/abc", "/admin/projects", "/7", "//events"
        }) {
            assertFalse(RefusalSpread.isIngest(other), other);
        }
    }

    @Test
    void refusalsWaitSpreadOverTheWindow() throws Exception {
        int refusals = 40;
        CountDownLatch answered = new CountDownLatch(refusals);
        for (int i = 0; i < refusals; i++) {
            assertTrue(RefusalSpread.mayHold(held));
            assertTrue(RefusalSpread.later(answered::countDown, 200, scheduler, held, waits::add));
        }
        assertTrue(answered.await(5, TimeUnit.SECONDS), "every answer is written");
        assertEquals(0, held.get(), "nothing held once answered");
        assertEquals(refusals, waits.size());
        long shortest = waits.stream().mapToLong(Long::longValue).min().orElseThrow();
        long longest = waits.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(shortest >= 0 && longest < TimeUnit.MILLISECONDS.toNanos(200), shortest + " .. " + longest);
        // spread, not one wait for all (40 uniform draws inside a fifth of the window: never)
        assertTrue(longest - shortest > TimeUnit.MILLISECONDS.toNanos(40), shortest + " .. " + longest);
    }

    @Test
    void pastTheHeldLimitARefusalIsNotHeld() {
        held.set(RefusalSpread.MAX_HELD);
        assertFalse(RefusalSpread.mayHold(held));
        assertEquals(RefusalSpread.MAX_HELD, held.get(), "the count is given back");
        held.set(RefusalSpread.MAX_HELD - 1);
        assertTrue(RefusalSpread.mayHold(held));
        assertEquals(RefusalSpread.MAX_HELD, held.get());
    }

    @Test
    void aStoppedSchedulerLeavesTheAnswerToTheCaller() {
        scheduler.shutdown();
        assertTrue(RefusalSpread.mayHold(held));
        assertFalse(RefusalSpread.later(() -> {}, 1000, scheduler, held, waits::add));
        assertEquals(0, held.get());
        assertTrue(waits.isEmpty());
    }
}
