package io.lookout.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.event.IncomingEvent;
import io.lookout.grouping.PendingEvent;
import io.lookout.operations.LookoutMetrics;
import io.lookout.processing.ProcessedResult;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StoreBatchesTest {

    private final ExecutorService consumers = Executors.newFixedThreadPool(16);

    @AfterEach
    void stop() throws InterruptedException {
        consumers.shutdownNow();
        assertTrue(consumers.awaitTermination(10, TimeUnit.SECONDS));
    }

    /** Records what it is asked to write; slow, so that messages arriving meanwhile queue up. */
    static class RecordingWriter extends BatchWriter {
        final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
        final Set<String> written = ConcurrentHashMap.newKeySet();
        final AtomicInteger concurrent = new AtomicInteger();
        final AtomicInteger maxConcurrent = new AtomicInteger();
        volatile String poison;

        @Override
        public Written write(List<QueuedEvents.Processed> messages) {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            try {
                Thread.sleep(20);
                List<String> ids = messages.stream()
                        .map(m -> m.events().get(0).event().id())
                        .toList();
                if (poison != null && ids.contains(poison)) {
                    throw new IllegalStateException("cannot store " + poison);
                }
                batches.add(ids);
                List<boolean[]> stored = new ArrayList<>();
                for (QueuedEvents.Processed message : messages) {
                    boolean[] flags = new boolean[message.events().size()];
                    for (int i = 0; i < flags.length; i++) {
                        flags[i] = written.add(message.events().get(i).event().id());
                    }
                    stored.add(flags);
                }
                return new Written(stored, java.util.Set.of());
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                concurrent.decrementAndGet();
            }
        }
    }

    static class CountingMetrics extends LookoutMetrics {
        final AtomicInteger stored = new AtomicInteger();
        final AtomicInteger duplicates = new AtomicInteger();

        @Override
        public void stored(Duration sinceReceived) {
            stored.incrementAndGet();
        }

        @Override
        public void duplicate() {
            duplicates.incrementAndGet();
        }

        @Override
        public void batchStored(int messages, int events) {}

        @Override
        public void batchRetried() {}

        @Override
        public void yieldedToReaders(long nanos) {}
    }

    private static QueuedEvents.Processed message(String... ids) {
        List<PendingEvent> events = new ArrayList<>();
        for (String id : ids) {
            IncomingEvent event = new IncomingEvent(
                    id, "message", Instant.now(), "m", null, Map.of(), JsonValue.EMPTY_JSON_OBJECT, null, null, null);
            events.add(new PendingEvent(
                    event,
                    new ProcessedResult("c", "m", null, null, Map.of(), JsonValue.EMPTY_JSON_OBJECT),
                    Instant.now()));
        }
        return new QueuedEvents.Processed(1, events);
    }

    private List<Future<Integer>> storeConcurrently(StoreBatches batches, List<QueuedEvents.Processed> messages)
            throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (QueuedEvents.Processed message : messages) {
            results.add(consumers.submit(() -> {
                start.await();
                return batches.store(message);
            }));
        }
        start.countDown();
        return results;
    }

    @Test
    void messagesThatArriveTogetherAreWrittenTogetherAndEachReturnsAfterItsWrite() throws Exception {
        RecordingWriter writer = new RecordingWriter();
        CountingMetrics metrics = new CountingMetrics();
        StoreBatches batches = new StoreBatches(writer, metrics, 1, 1000);
        List<QueuedEvents.Processed> messages = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            messages.add(message("e" + i, "e" + i + "b"));
        }
        for (Future<Integer> result : storeConcurrently(batches, messages)) {
            assertEquals(2, result.get(10, TimeUnit.SECONDS));
        }
        assertEquals(128, writer.written.size());
        assertEquals(128, metrics.stored.get());
        assertTrue(
                writer.batches.size() < 64,
                "64 messages from 16 consumers in " + writer.batches.size() + " transactions");
        assertEquals(1, writer.maxConcurrent.get(), "one writer at a time when lookout.ingest.writers is 1");
    }

    @Test
    void aWriterWaitsForThePeoplesReadsInFlightAndTheMessagesMeanwhileJoinItsBatch() throws Exception {
        RecordingWriter writer = new RecordingWriter();
        ReadersFirst readers = new ReadersFirst();
        StoreBatches batches = new StoreBatches(writer, new CountingMetrics(), 1, 1000, readers, 60_000);
        readers.begin();
        List<QueuedEvents.Processed> messages = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            messages.add(message("r" + i));
        }
        List<Future<Integer>> results = storeConcurrently(batches, messages);
        Thread.sleep(300);
        assertTrue(results.stream().noneMatch(Future::isDone), "nothing written while a page is being read");
        assertTrue(writer.batches.isEmpty());
        readers.end();
        for (Future<Integer> result : results) {
            assertEquals(1, result.get(10, TimeUnit.SECONDS));
        }
        assertEquals(1, writer.batches.size(), "the messages that waited are written together: " + writer.batches);
    }

    @Test
    void aReadThatNeverEndsDelaysEachBatchOnlyByTheYield() throws Exception {
        RecordingWriter writer = new RecordingWriter();
        ReadersFirst readers = new ReadersFirst();
        StoreBatches batches = new StoreBatches(writer, new CountingMetrics(), 1, 1000, readers, 100);
        readers.begin(); // a stuck page: its end never comes
        for (int i = 0; i < 5; i++) {
            assertEquals(
                    1,
                    consumers
                            .submit(() -> batches.store(message("s" + System.nanoTime())))
                            .get(10, TimeUnit.SECONDS));
        }
        assertEquals(5, writer.written.size());
        assertEquals(1, readers.reading());
    }

    @Test
    void aBatchNeverHoldsMoreEventsThanItsLimit() throws Exception {
        RecordingWriter writer = new RecordingWriter();
        StoreBatches batches = new StoreBatches(writer, new CountingMetrics(), 2, 3);
        List<QueuedEvents.Processed> messages = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            messages.add(message("e" + i, "e" + i + "b"));
        }
        for (Future<Integer> result : storeConcurrently(batches, messages)) {
            result.get(10, TimeUnit.SECONDS);
        }
        assertTrue(
                writer.batches.stream().allMatch(batch -> batch.size() == 1),
                "two events each, at most three per batch");
        assertTrue(writer.maxConcurrent.get() <= 2);
    }

    @Test
    void aMessageThatCannotBeStoredFailsAloneAndItsNeighboursAreStored() throws Exception {
        RecordingWriter writer = new RecordingWriter();
        writer.poison = "e7";
        CountingMetrics metrics = new CountingMetrics();
        StoreBatches batches = new StoreBatches(writer, metrics, 1, 1000);
        List<QueuedEvents.Processed> messages = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            messages.add(message("e" + i));
        }
        List<Future<Integer>> results = storeConcurrently(batches, messages);
        for (int i = 0; i < results.size(); i++) {
            Future<Integer> result = results.get(i);
            if (i == 7) {
                var failure = assertThrows(
                        java.util.concurrent.ExecutionException.class, () -> result.get(10, TimeUnit.SECONDS));
                assertTrue(failure.getCause().getMessage().contains("cannot store e7"));
            } else {
                assertEquals(1, result.get(10, TimeUnit.SECONDS));
            }
        }
        assertEquals(31, writer.written.size());
        assertEquals(31, metrics.stored.get());
    }

    @Test
    void aBatchThatLostADeadlockIsWrittenAgainWholeNotMessageByMessage() throws Exception {
        AtomicInteger deadlocks = new AtomicInteger(1);
        RecordingWriter writer = new RecordingWriter() {
            @Override
            public Written write(List<QueuedEvents.Processed> messages) {
                if (messages.size() > 1 && deadlocks.getAndDecrement() > 0) {
                    throw new jakarta.persistence.PersistenceException(
                            new java.sql.SQLException("ERROR: deadlock detected", "40P01"));
                }
                return super.write(messages);
            }
        };
        CountingMetrics metrics = new CountingMetrics();
        StoreBatches batches = new StoreBatches(writer, metrics, 1, 1000);
        List<QueuedEvents.Processed> messages = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            messages.add(message("e" + i));
        }
        for (Future<Integer> result : storeConcurrently(batches, messages)) {
            assertEquals(1, result.get(10, TimeUnit.SECONDS));
        }
        assertEquals(32, writer.written.size());
        assertEquals(32, metrics.stored.get());
        assertTrue(
                writer.batches.stream().anyMatch(batch -> batch.size() > 1),
                "the failed batch was written again as a batch: " + writer.batches);
        assertTrue(
                writer.batches.size() < 32,
                "not split into single messages: " + writer.batches.size() + " transactions");
    }

    @Test
    void anErrorInTheWriterFailsEveryMessageOfItsBatchInsteadOfLeavingThemWaiting() throws Exception {
        RecordingWriter writer = new RecordingWriter() {
            @Override
            public Written write(List<QueuedEvents.Processed> messages) {
                throw new StackOverflowError("deep");
            }
        };
        StoreBatches batches = new StoreBatches(writer, new CountingMetrics(), 1, 1000);
        List<QueuedEvents.Processed> messages = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            messages.add(message("e" + i));
        }
        for (Future<Integer> result : storeConcurrently(batches, messages)) {
            var failure =
                    assertThrows(java.util.concurrent.ExecutionException.class, () -> result.get(10, TimeUnit.SECONDS));
            assertTrue(failure.getCause() instanceof StackOverflowError, String.valueOf(failure.getCause()));
        }
    }

    @Test
    void anEventStoredBeforeCountsAsADuplicate() throws Exception {
        RecordingWriter writer = new RecordingWriter();
        CountingMetrics metrics = new CountingMetrics();
        StoreBatches batches = new StoreBatches(writer, metrics, 1, 1000);
        assertEquals(2, batches.store(message("a", "b")));
        assertEquals(1, batches.store(message("b", "c")));
        assertEquals(1, metrics.duplicates.get());
    }
}
