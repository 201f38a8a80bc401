package io.lookout.consume;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * People's reads before the backlog: the pages and API reads in flight on this node (counted by the
 * web module's {@code ReadersFirstFilter}), for which the consumer waits, briefly, before it reads and
 * processes a message and before it starts a batch ({@link StoreBatches#giveWayToReaders},
 * {@code lookout.ingest.yield-to-readers-ms}; off by default). On a small server
 * the consumer's transactions and a page share the same cores; a page then takes about twice its
 * time while a storm's admitted events are stored (docs/benchmarks.md, "The dashboard under a
 * storm"). Waiting lets the page finish first, and the events that arrive meanwhile join the batch
 * (fewer, larger transactions): what it costs is a little accept-to-visible latency while someone
 * reads, never an event.
 */
@ApplicationScoped
public class ReadersFirst {

    /** How often a waiting writer looks again. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final AtomicInteger reading = new AtomicInteger();

    /** A read began (a page, an API read); {@link #end()} must follow, always. */
    public void begin() {
        reading.incrementAndGet();
    }

    public void end() {
        reading.decrementAndGet();
    }

    /** Reads in flight now. */
    public int reading() {
        return reading.get();
    }

    /**
     * Waits until no read is in flight, at most {@code maxMillis}.
     *
     * @return the nanoseconds waited
     */
    public long awaitReaders(long maxMillis) {
        if (maxMillis <= 0 || reading.get() == 0) {
            return 0;
        }
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        while (reading.get() > 0
                && System.nanoTime() - deadline < 0
                && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(POLL_NANOS);
        }
        return System.nanoTime() - start;
    }
}
