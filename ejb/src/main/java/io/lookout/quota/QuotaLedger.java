package io.lookout.quota;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * This node's view of the quotas, in memory: for each project and window (the minute, the UTC day)
 * the total all nodes had accepted when this node last read it ({@code shared}) and what this node
 * accepted since it last wrote ({@code local}), and per project the minute limit's token bucket
 * ({@link QuotaBucket}), fed by the same totals. A request is decided here, without the database: it
 * passes when the bucket holds its events and {@code shared + local + its events} stays within the
 * day's limit. {@link Quotas} writes the local counts and reads the shared totals back about once a
 * second ({@link #unwritten}, {@link #written}); until then other nodes' events are not seen, which is
 * the slack documented in docs/architecture.md ("Quotas"). Thread-safe.
 */
public final class QuotaLedger {

    /** The windows a quota counts in. */
    public enum Window {
        MINUTE('m', ChronoUnit.MINUTES),
        DAY('d', ChronoUnit.DAYS);

        private final char code;
        private final ChronoUnit unit;

        Window(char code, ChronoUnit unit) {
            this.code = code;
            this.unit = unit;
        }

        /** The letter of {@code quota_usage.window_kind}. */
        public String code() {
            return Character.toString(code);
        }

        public static Window of(String code) {
            return code.charAt(0) == 'm' ? MINUTE : DAY;
        }

        /** The start of the window {@code now} is in (UTC). */
        public Instant start(Instant now) {
            return now.truncatedTo(unit);
        }

        /** Whole seconds from {@code now} until the window it is in ends (at least 1). */
        public long secondsLeft(Instant now) {
            Instant end = start(now).plus(1, unit);
            return Math.max(1, (Duration.between(now, end).toMillis() + 999) / 1000);
        }
    }

    /** One project's count in one window. */
    public record Key(long projectId, Window window, Instant start) {}

    /** Events this node accepted in a window and has not written yet. */
    public record Delta(Key key, long events) {}

    /** Dropped events of a project in an hour, not written yet. */
    public record Drops(long projectId, Instant hour, long events) {}

    /**
     * What a request was told.
     *
     * @param limit which limit refused it: {@code eventsPerMinute}, {@code spike}, {@code eventsPerDay};
     *     null when it passed
     * @param allowed that limit's value
     * @param used what the window had taken when the request came
     * @param retryAfterSeconds until the request would pass: the minute limits' bucket holds its events,
     *     or the day is over
     */
    public record Decision(String limit, long allowed, long used, long retryAfterSeconds) {
        static final Decision ACCEPTED = new Decision(null, 0, 0, 0);

        public boolean accepted() {
            return limit == null;
        }

        /** The refusal as the edge answers it, naming the limit. */
        public String describe(long projectId, int events) {
            if (limit.equals("eventsPerDay")) {
                return "project " + projectId + " is over its quota " + limit + " of " + allowed + " events (used "
                        + used + ", this request " + events + "); retry after " + retryAfterSeconds + " s";
            }
            return "project " + projectId + " is over its quota " + limit + " of " + allowed
                    + " events a minute, admitted at an even rate (used " + used + " this minute, this request "
                    + events + "); retry after " + retryAfterSeconds + " s";
        }

        /** {@code X-Sentry-Rate-Limits}: all categories, for the whole project, reason {@code usage_exceeded}. */
        public String sentryRateLimits() {
            return retryAfterSeconds + "::project:usage_exceeded";
        }
    }

    private static final class Count {
        long shared;
        long local;
    }

    private final Map<Key, Count> counts = new ConcurrentHashMap<>();
    private final Map<Long, Object> locks = new ConcurrentHashMap<>();
    private final Map<Long, Double> normal = new ConcurrentHashMap<>();
    private final Map<Long, Map<Instant, AtomicLong>> drops = new ConcurrentHashMap<>();
    private final Map<Long, QuotaBucket> buckets = new ConcurrentHashMap<>();

    /**
     * Takes {@code events} from the project's limits when all of them have room (the minute limits'
     * bucket holds them, the day has room), else takes nothing and answers the first limit that refused.
     */
    public Decision acquire(long projectId, int events, QuotaLimits limits, Instant now) {
        return decide(projectId, events, limits, now, true);
    }

    /**
     * Whether the project's limits are full already (not one token in the bucket, or the day used up), so
     * that a request of any size would be refused:
     * then the refusal, else {@link Decision#ACCEPTED}; takes nothing. The edge asks this before it
     * parses a body, so that a storm on a full quota is refused without the cost of reading its events.
     */
    public Decision full(long projectId, QuotaLimits limits, Instant now) {
        return decide(projectId, 1, limits, now, false);
    }

    /**
     * Asked before a body is parsed: {@link #full}, and when the minute limits' bucket holds less than
     * half its burst, whether it holds the request's events, counted by {@code events} (outside the
     * project's lock; the edge counts them without parsing): then the refusal, else
     * {@link Decision#ACCEPTED}; takes nothing. Under a storm the bucket is nearly empty and refills a
     * few events at a time, so a request is refused here unless its events fit, not only when not one
     * does; with a fuller bucket nothing is counted and {@link #acquire} decides after the parse.
     */
    public Decision beforeParsing(long projectId, QuotaLimits limits, Instant now, IntSupplier events) {
        Decision one = full(projectId, limits, now);
        if (!one.accepted()) {
            return one;
        }
        QuotaBucket bucket = buckets.get(projectId);
        boolean low;
        synchronized (lock(projectId)) {
            low = bucket != null && bucket.lessThanHalfFull(now);
        }
        return low ? decide(projectId, Math.max(1, events.getAsInt()), limits, now, false) : one;
    }

    private Decision decide(long projectId, int events, QuotaLimits limits, Instant now, boolean take) {
        double normalRate = normalPerMinute(projectId);
        long minuteLimit = limits.minuteLimit(normalRate);
        Count minute = count(new Key(projectId, Window.MINUTE, Window.MINUTE.start(now)));
        Count day = count(new Key(projectId, Window.DAY, Window.DAY.start(now)));
        synchronized (lock(projectId)) {
            QuotaBucket bucket = buckets.computeIfAbsent(projectId, id -> new QuotaBucket(now));
            bucket.limit(minuteLimit, now);
            long wait = bucket.wait(events, now);
            if (wait > 0) {
                return new Decision(
                        limits.spikeLimits(normalRate) ? "spike" : "eventsPerMinute",
                        minuteLimit,
                        minute.shared + minute.local,
                        wait);
            }
            long dayUsed = day.shared + day.local;
            if (limits.perDay() > 0 && dayUsed + events > limits.perDay()) {
                return new Decision("eventsPerDay", limits.perDay(), dayUsed, Window.DAY.secondsLeft(now));
            }
            if (take) {
                minute.local += events;
                day.local += events;
                bucket.took(events, now);
            }
            return Decision.ACCEPTED;
        }
    }

    /** Notes events refused over a quota, to be written per hour. */
    public void dropped(long projectId, long events, Instant now) {
        drops.computeIfAbsent(projectId, id -> new ConcurrentHashMap<>())
                .computeIfAbsent(now.truncatedTo(ChronoUnit.HOURS), hour -> new AtomicLong())
                .addAndGet(events);
    }

    /** What this node accepted and has not written, per window (the counts stay until {@link #written}). */
    public List<Delta> unwritten() {
        List<Delta> deltas = new ArrayList<>();
        counts.forEach((key, count) -> {
            synchronized (lock(key.projectId())) {
                if (count.local > 0) {
                    deltas.add(new Delta(key, count.local));
                }
            }
        });
        return deltas;
    }

    /**
     * The windows whose shared totals matter now: the current minute and day of every project counted
     * or with a bucket (so that a bucket sees the other nodes' events of a new day or minute before this
     * node has decided a request in it).
     */
    public List<Key> current(Instant now) {
        Set<Key> keys = new LinkedHashSet<>();
        for (Key key : counts.keySet()) {
            if (key.start().equals(key.window().start(now))) {
                keys.add(key);
            }
        }
        for (Long projectId : buckets.keySet()) {
            keys.add(new Key(projectId, Window.MINUTE, Window.MINUTE.start(now)));
            keys.add(new Key(projectId, Window.DAY, Window.DAY.start(now)));
        }
        return new ArrayList<>(keys);
    }

    /**
     * After a write: {@code deltas} are in the database now, and {@code totals} are what all nodes
     * had accepted when it was read back (with those deltas). The buckets take out what all nodes
     * accepted since the last read and refill up to {@code now}. Windows that ended and hold nothing
     * unwritten are forgotten.
     */
    public void written(List<Delta> deltas, Map<Key, Long> totals, Instant now) {
        Map<Key, Long> wrote = new HashMap<>();
        deltas.forEach(delta -> wrote.merge(delta.key(), delta.events(), Long::sum));
        for (Map.Entry<Key, Count> entry : counts.entrySet()) {
            Key key = entry.getKey();
            Count count = entry.getValue();
            synchronized (lock(key.projectId())) {
                count.local -= wrote.getOrDefault(key, 0L);
                Long total = totals.get(key);
                if (total != null) {
                    count.shared = total;
                } else if (wrote.containsKey(key)) {
                    count.shared += wrote.get(key);
                }
            }
        }
        Instant today = Window.DAY.start(now);
        Instant minute = Window.MINUTE.start(now);
        // per project: this node's events written now (each accepted event is in one day's delta), and of them today's
        Map<Long, long[]> own = new HashMap<>();
        for (Delta delta : deltas) {
            if (delta.key().window() == Window.DAY) {
                long[] sums = own.computeIfAbsent(delta.key().projectId(), id -> new long[2]);
                sums[0] += delta.events();
                if (delta.key().start().equals(today)) {
                    sums[1] += delta.events();
                }
            }
        }
        buckets.forEach((projectId, bucket) -> {
            long[] sums = own.getOrDefault(projectId, new long[2]);
            synchronized (lock(projectId)) {
                bucket.written(
                        sums[0],
                        today,
                        sums[1],
                        totals.get(new Key(projectId, Window.DAY, today)),
                        minute,
                        totals.get(new Key(projectId, Window.MINUTE, minute)),
                        now);
            }
        });
        counts.entrySet().removeIf(entry -> {
            synchronized (lock(entry.getKey().projectId())) {
                return !entry.getKey().start().equals(entry.getKey().window().start(now))
                        && entry.getValue().local == 0;
            }
        });
    }

    /** Takes the dropped counts to write; {@link #dropsNotWritten} puts them back when the write failed. */
    public List<Drops> takeDrops() {
        List<Drops> taken = new ArrayList<>();
        drops.forEach((project, hours) -> hours.forEach((hour, count) -> {
            long events = count.getAndSet(0);
            if (events > 0) {
                taken.add(new Drops(project, hour, events));
            }
        }));
        drops.values().forEach(hours -> hours.values().removeIf(count -> count.get() == 0));
        return taken;
    }

    public void dropsNotWritten(List<Drops> taken) {
        taken.forEach(d -> drops.computeIfAbsent(d.projectId(), id -> new ConcurrentHashMap<>())
                .computeIfAbsent(d.hour(), hour -> new AtomicLong())
                .addAndGet(d.events()));
    }

    /** The projects' average events a minute over the past 24 hours (the spike rule's normal rate). */
    public void normalRates(Map<Long, Double> perMinute) {
        normal.keySet().retainAll(perMinute.keySet());
        normal.putAll(perMinute);
    }

    public double normalPerMinute(long projectId) {
        return normal.getOrDefault(projectId, 0.0);
    }

    /** What the window has taken as far as this node knows (shared total and local count). */
    public long used(long projectId, Window window, Instant now) {
        Count count = counts.get(new Key(projectId, window, window.start(now)));
        if (count == null) {
            return 0;
        }
        synchronized (lock(projectId)) {
            return count.shared + count.local;
        }
    }

    private Count count(Key key) {
        return counts.computeIfAbsent(key, k -> new Count());
    }

    private Object lock(long projectId) {
        return locks.computeIfAbsent(projectId, id -> new Object());
    }
}
