package io.lookout.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RefusalSpreadTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger held = new AtomicInteger();
    private final List<Long> waits = new ArrayList<>();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void anAnswerThatIsNoRefusalGoesAtOnce() {
        String accepted = "202 accepted";
        CompletionStage<String> answer = RefusalSpread.answer(accepted, false, 1000, scheduler, held, waits::add);
        assertTrue(answer.toCompletableFuture().isDone());
        assertSame(accepted, answer.toCompletableFuture().join());
        assertEquals(0, held.get());
        assertTrue(waits.isEmpty());
    }

    @Test
    void refusalsWaitSpreadOverTheWindowAndAreAnsweredUnchanged() throws Exception {
        List<CompletionStage<String>> answers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            answers.add(RefusalSpread.answer("429", true, 200, scheduler, held, waits::add));
        }
        assertTrue(answers.stream().anyMatch(a -> !a.toCompletableFuture().isDone()), "some wait");
        for (CompletionStage<String> answer : answers) {
            assertEquals("429", answer.toCompletableFuture().get(5, TimeUnit.SECONDS));
        }
        assertEquals(0, held.get(), "nothing held once answered");
        assertEquals(40, waits.size());
        long shortest = waits.stream().mapToLong(Long::longValue).min().orElseThrow();
        long longest = waits.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(shortest >= 0 && longest < TimeUnit.MILLISECONDS.toNanos(200), shortest + " .. " + longest);
        // spread, not one wait for all (40 uniform draws inside a fifth of the window: never)
        assertTrue(longest - shortest > TimeUnit.MILLISECONDS.toNanos(40), shortest + " .. " + longest);
    }

    @Test
    void noSpreadAnswersARefusalAtOnce() {
        CompletionStage<String> answer = RefusalSpread.answer("429", true, 0, scheduler, held, waits::add);
        assertTrue(answer.toCompletableFuture().isDone());
        assertTrue(waits.isEmpty());
    }

    @Test
    void pastTheHeldLimitARefusalIsAnsweredAtOnce() {
        held.set(RefusalSpread.MAX_HELD);
        CompletionStage<String> answer = RefusalSpread.answer("429", true, 60_000, scheduler, held, waits::add);
        assertTrue(answer.toCompletableFuture().isDone());
        assertEquals(RefusalSpread.MAX_HELD, held.get(), "the count is given back");
        held.set(RefusalSpread.MAX_HELD - 1);
        assertFalse(RefusalSpread.answer("429", true, 60_000, scheduler, held, waits::add)
                .toCompletableFuture()
                .isDone());
    }

    @Test
    void aStoppedSchedulerAnswersAtOnce() {
        scheduler.shutdown();
        CompletionStage<String> answer = RefusalSpread.answer("429", true, 1000, scheduler, held, waits::add);
        assertTrue(answer.toCompletableFuture().isDone());
        assertEquals(0, held.get());
    }
}
