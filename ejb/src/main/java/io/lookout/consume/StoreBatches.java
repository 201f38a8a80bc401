package io.lookout.consume;

import io.lookout.alerts.NotificationQueue;
import io.lookout.grouping.AggregateSql;
import io.lookout.grouping.PendingEvent;
import io.lookout.operations.LookoutMetrics;
import io.lookout.schema.TransientFailures;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Group commit for the consumers: each consumer thread hands in the events of its message and waits
 * until a transaction that stored them has committed; meanwhile the messages that arrive together
 * are stored together, in one transaction ({@link BatchWriter}) whose aggregates are added up in
 * memory. No thread of its own: a waiting consumer takes a turn as the writer when one is free
 * ({@code lookout.ingest.writers} at once), writes what is queued (up to
 * {@code lookout.ingest.batch-events}), and returns when its own message is stored. When
 * {@code lookout.ingest.yield-to-readers-ms} is set (default 0: off), the consumer and the writer
 * first give way, at most that long, to the pages and API reads in flight on this node
 * ({@link ReadersFirst}).
 *
 * <p>The guarantee stays: a consumer returns (and its message is acknowledged) only after the
 * commit that stored its events; when a batch fails, each of its messages is written again alone,
 * so one bad message fails only itself and is redelivered, never its neighbours. A batch that
 * failed for a deadlock or a lock wait is first written again whole, once.
 */
@ApplicationScoped
public class StoreBatches {

    @Inject
    private BatchWriter writer;

    @Inject
    private LookoutMetrics metrics;

    @Inject
    private AggregateSql database;

    @Inject
    private NotificationQueue prompts;

    /** Writers at once; 0: the database's default ({@link AggregateSql#writers}: one on H2, two on PostgreSQL). */
    @Inject
    @ConfigProperty(name = "lookout.ingest.writers", defaultValue = "0")
    private int writers;

    @Inject
    @ConfigProperty(name = "lookout.ingest.batch-events", defaultValue = "1000")
    private int batchEvents;

    @Inject
    private ReadersFirst readers;

    /**
     * How long a consumer waits, before it reads a message, and a writer, before it starts a batch, for
     * the pages and API reads in flight on this node to finish ({@link ReadersFirst}); 0 (the default):
     * they do not wait (why off: docs/architecture.md, "People's reads before the backlog").
     */
    @Inject
    @ConfigProperty(name = "lookout.ingest.yield-to-readers-ms", defaultValue = "0")
    private long yieldToReadersMillis;

    private final ConcurrentLinkedQueue<Work> queue = new ConcurrentLinkedQueue<>();
    private Semaphore turns;

    private static final class Work {
        final QueuedEvents.Processed message;
        final CompletableFuture<boolean[]> stored = new CompletableFuture<>();

        Work(QueuedEvents.Processed message) {
            this.message = message;
        }
    }

    protected StoreBatches() {
        // for CDI
    }

    /** For tests: the collaborators CDI would inject. */
    StoreBatches(BatchWriter writer, LookoutMetrics metrics, int writers, int batchEvents) {
        this(writer, metrics, writers, batchEvents, new ReadersFirst(), 0);
    }

    /** For tests: the collaborators CDI would inject, with the readers a writer gives way to. */
    StoreBatches(
            BatchWriter writer,
            LookoutMetrics metrics,
            int writers,
            int batchEvents,
            ReadersFirst readers,
            long yieldToReadersMillis) {
        this.writer = writer;
        this.metrics = metrics;
        this.writers = writers;
        this.batchEvents = batchEvents;
        this.readers = readers;
        this.yieldToReadersMillis = yieldToReadersMillis;
        init();
    }

    @PostConstruct
    void init() {
        int turnsAtOnce = writers > 0 ? writers : database != null ? database.writers() : 1;
        turns = new Semaphore(turnsAtOnce);
    }

    /**
     * Waits, at most {@code lookout.ingest.yield-to-readers-ms}, until the pages and API reads in flight
     * on this node have finished: a consumer asks before it reads and processes its message, so that a
     * burst of messages does not take the cores from a page being read ({@link ReadersFirst}).
     */
    public void giveWayToReaders() {
        metrics.yieldedToReaders(readers.awaitReaders(yieldToReadersMillis));
    }

    /**
     * Stores a message's events and returns once they are committed.
     *
     * @return how many of them were stored now (the others were stored before)
     * @throws RuntimeException the events could not be stored (the message must be redelivered)
     */
    public int store(QueuedEvents.Processed message) {
        if (message.events().isEmpty()) {
            return 0;
        }
        Work work = new Work(message);
        queue.add(work);
        try {
            while (!work.stored.isDone()) {
                if (queue.isEmpty()) {
                    // ours is being written by another consumer
                    awaitQuietly(work, 5);
                } else if (turns.tryAcquire(2, TimeUnit.MILLISECONDS)) {
                    try {
                        writeQueued();
                    } finally {
                        turns.release();
                    }
                }
            }
            return count(work.stored.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing events", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private void writeQueued() {
        // people's reads first: what arrives meanwhile joins this batch
        giveWayToReaders();
        List<Work> batch = new ArrayList<>();
        int events = 0;
        for (Work next = queue.peek();
                next != null
                        && (batch.isEmpty() || events + next.message.events().size() <= batchEvents);
                next = queue.peek()) {
            if (queue.remove(next)) {
                batch.add(next);
                events += next.message.events().size();
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            try {
                writeBatch(batch, events);
            } catch (RuntimeException e) {
                if (!TransientFailures.isTransient(e)) {
                    throw e;
                }
                // a deadlock's victim or a lock wait (with the other writer or the cleanup): the
                // transaction left nothing behind, the same batch again
                metrics.batchRetried();
                writeBatch(batch, events);
            }
        } catch (Error e) {
            // no consumer may wait for ever on a batch that will never be written
            batch.forEach(work -> work.stored.completeExceptionally(e));
            throw e;
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).stored.completeExceptionally(e);
                return;
            }
            // find the message that failed: each one again, alone
            for (Work work : batch) {
                try {
                    complete(List.of(work), written(writer.write(List.of(work.message))));
                } catch (RuntimeException alone) {
                    work.stored.completeExceptionally(alone);
                }
            }
        }
    }

    private void writeBatch(List<Work> batch, int events) {
        complete(batch, written(writer.write(batch.stream().map(w -> w.message).toList())));
        metrics.batchStored(batch.size(), events);
    }

    /** After the commit: the digests of the rules that raised notifications are due. */
    private List<boolean[]> written(BatchWriter.Written written) {
        if (!written.alertRules().isEmpty() && prompts != null) {
            prompts.dispatchSoon(written.alertRules());
        }
        return written.stored();
    }

    private void complete(List<Work> batch, List<boolean[]> stored) {
        Instant now = Instant.now();
        for (int i = 0; i < batch.size(); i++) {
            Work work = batch.get(i);
            boolean[] flags = stored.get(i);
            for (int e = 0; e < flags.length; e++) {
                if (flags[e]) {
                    PendingEvent event = work.message.events().get(e);
                    metrics.stored(Duration.between(event.receivedAt(), now));
                    metrics.scrubbed(work.message.projectId(), event.scrubbed());
                } else {
                    metrics.duplicate();
                }
            }
            work.stored.complete(flags);
        }
    }

    private static void awaitQuietly(Work work, long millis) throws InterruptedException, ExecutionException {
        try {
            work.stored.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // look at the queue again
        }
    }

    private static int count(boolean[] flags) {
        int n = 0;
        for (boolean flag : flags) {
            n += flag ? 1 : 0;
        }
        return n;
    }
}
