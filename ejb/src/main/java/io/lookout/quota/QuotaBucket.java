package io.lookout.quota;

import java.time.Duration;
import java.time.Instant;

/**
 * A project's minute limit as a token bucket, in this node's memory but fed by what all nodes accepted
 * (docs/architecture.md, "Quotas"): it refills at {@code minuteLimit / 60} tokens a second up to
 * {@link QuotaLimits#burst} tokens, and every accepted event takes one. So a storm is admitted at the
 * limit's rate, spread over the minute, not the whole minute's worth in its first seconds.
 *
 * <p>{@code tokens} is the bucket as of {@code at}: this node takes its own events out at once, and
 * after each write ({@link #written}) the events the other nodes accepted since the last read: the
 * growth of the project's day total ({@code quota_usage}), which counts every accepted event of every
 * node, less this node's own. Every node thus runs the same bucket from the same totals; between two
 * reads it does not see the other nodes' events (the slack of docs/architecture.md).
 *
 * <p>Not thread-safe: {@link QuotaLedger} holds the project's lock around every call.
 */
final class QuotaBucket {

    /** Below a millionth of a token or second the arithmetic's rounding, not a difference. */
    private static final double EPSILON = 1e-6;

    private double rate;
    private double burst;
    private double tokens;
    private Instant at;
    /** This node's events not written yet (for a node's first read, below). */
    private long pending;
    /** The day whose total was read last (null: never read on this node) and that total. */
    private Instant seenDay;

    private long seen;

    QuotaBucket(Instant now) {
        this.at = now;
    }

    /**
     * Sets the limit that applies now (the project's settings or the spike rule may change it): a rate of
     * {@code minuteLimit / 60} a second with bursts of {@link QuotaLimits#burst}; 0 is no limit. A bucket
     * that had no limit starts full.
     */
    void limit(long minuteLimit, Instant now) {
        double newRate = minuteLimit > 0 ? minuteLimit / 60.0 : 0;
        if (newRate == rate) {
            return;
        }
        double newBurst = QuotaLimits.burst(minuteLimit);
        if (rate > 0) {
            refill(now); // the tokens up to now at the old rate, from now on at the new one
            tokens = Math.min(tokens, newBurst);
        } else {
            tokens = newBurst;
            at = now;
        }
        rate = newRate;
        burst = newBurst;
    }

    /** The tokens a request may take now (negative: a debt); infinite without a limit. */
    double available(Instant now) {
        if (!(rate > 0)) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.min(burst, tokens + rate * seconds(at, now));
    }

    /**
     * 0 when {@code events} may pass now, else the whole seconds until they may (at least 1). A request
     * passes when the bucket holds its events, or, for a batch larger than the burst, when the bucket is
     * full: it then leaves a debt that the refill pays before anything else passes.
     */
    long wait(int events, Instant now) {
        if (!(rate > 0)) {
            return 0;
        }
        double need = Math.min(Math.max(1, events), burst);
        double available = available(now);
        if (available + EPSILON >= need) {
            return 0;
        }
        return Math.max(1, (long) Math.ceil((need - available) / rate - EPSILON));
    }

    /** Whether the bucket holds less than half its burst now (never without a limit). */
    boolean lessThanHalfFull(Instant now) {
        return rate > 0 && available(now) < burst / 2;
    }

    /** This node accepted {@code events}: they leave the bucket now. */
    void took(int events, Instant now) {
        refill(now);
        tokens -= events;
        pending += events;
    }

    /**
     * After a write and the read-back of the shared totals: the other nodes' events since the last read
     * leave the bucket.
     *
     * @param wrote this node's events written now (whatever their day)
     * @param day the current UTC day
     * @param wroteToday of {@code wrote}, those counted in {@code day}
     * @param dayTotal what all nodes had accepted in {@code day} when it was read, {@code wrote}
     *     included; null when it was not read
     * @param minute the current minute
     * @param minuteTotal what all nodes had accepted in {@code minute} when it was read; null when not
     */
    void written(
            long wrote, Instant day, long wroteToday, Long dayTotal, Instant minute, Long minuteTotal, Instant now) {
        pending -= wrote;
        long total = dayTotal != null ? dayTotal : (day.equals(seenDay) ? seen : 0) + wroteToday;
        long others;
        if (seenDay == null) {
            others = 0; // the first read: the others' events before it are not known; bounded below
        } else if (day.equals(seenDay)) {
            others = Math.max(0, total - seen - wroteToday);
        } else {
            others = Math.max(0, total - wroteToday); // a new day (but for the old day's last unread events)
        }
        if (rate > 0) {
            refill(now);
            tokens -= others;
            if (seenDay == null && minuteTotal != null) {
                // a node that has not read this project before does not know the bucket; whatever it held,
                // it held at most the burst when the minute began and has refilled since
                tokens = Math.min(tokens, Math.max(0, burst + rate * seconds(minute, now) - minuteTotal - pending));
            }
        }
        seenDay = day;
        seen = total;
    }

    private void refill(Instant now) {
        tokens = Math.min(burst, tokens + rate * seconds(at, now));
        if (now.isAfter(at)) {
            at = now;
        }
    }

    private static double seconds(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toNanos()) / 1e9;
    }
}
