package io.lookout.ingest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per project key, in this node's memory (limits are per node, DESIGN.md).
 * A bucket holds at most {@code burst} tokens and refills at {@code rate} tokens a second; a
 * request is let through when its bucket holds at least one token and then takes one token per
 * event, so a batch larger than the bucket passes once and leaves the bucket in debt until it has
 * refilled.
 */
public final class TokenBuckets {

    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }
    }

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    public TokenBuckets(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /**
     * @param key the bucket's name (the project key)
     * @param events tokens the request takes when let through
     * @param rate tokens added per second; not positive: no limit
     * @param burst the most tokens a bucket holds (at least 1)
     * @return 0 when the request may pass, otherwise the whole seconds after which it may
     */
    public long acquire(String key, int events, double rate, double burst) {
        if (!(rate > 0)) {
            return 0;
        }
        double capacity = Math.max(1, burst);
        long now = nanoClock.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(capacity, now));
        synchronized (bucket) {
            double elapsed = Math.max(0, now - bucket.updatedNanos) / 1e9;
            bucket.tokens = Math.min(capacity, bucket.tokens + elapsed * rate);
            bucket.updatedNanos = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= Math.max(1, events);
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / rate));
        }
    }
}
