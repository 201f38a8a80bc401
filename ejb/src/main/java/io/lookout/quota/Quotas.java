package io.lookout.quota;

import io.lookout.alerts.NotificationQueue;
import io.lookout.alerts.QuotaRefusal;
import io.lookout.operations.LookoutLog;
import io.lookout.operations.LookoutMetrics;
import io.lookout.project.ProjectSnapshot;
import io.lookout.project.QuotaSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The per-project quotas of the edge, shared by all nodes (docs/architecture.md, "Quotas"): events
 * a minute (a token bucket: the minute's limit admitted at an even rate), a day, and the spike rule. {@link #check} decides in memory ({@link QuotaLedger});
 * {@link #flush} (every second, {@link QuotaTimer}) writes this node's counts and reads all nodes'
 * totals back. Refused events are counted per project and hour ({@code quota_drop}) and as the
 * metric {@code lookout.quota.dropped}.
 */
@ApplicationScoped
public class Quotas {

    public static final String PER_MINUTE_KEY = "lookout.quota.events-per-minute";
    public static final String PER_DAY_KEY = "lookout.quota.events-per-day";
    public static final String SPIKE_FACTOR_KEY = "lookout.quota.spike-factor";
    public static final String SPIKE_FLOOR_KEY = "lookout.quota.spike-floor";
    /**
     * {@code false}: the edge skips the quota check (nothing is taken, counted or refused). For the
     * ingest benchmark's row without the check only (docs/benchmarks.md); not for a server in use.
     */
    public static final String ENABLED_KEY = "lookout.quota.enabled";

    @Inject
    @ConfigProperty(name = PER_MINUTE_KEY, defaultValue = "60000")
    private long perMinute;

    @Inject
    @ConfigProperty(name = PER_DAY_KEY, defaultValue = "10000000")
    private long perDay;

    @Inject
    @ConfigProperty(name = SPIKE_FACTOR_KEY, defaultValue = "10")
    private double spikeFactor;

    @Inject
    @ConfigProperty(name = SPIKE_FLOOR_KEY, defaultValue = "12000")
    private long spikeFloor;

    @Inject
    @ConfigProperty(name = ENABLED_KEY, defaultValue = "true")
    private boolean enabled;

    @Inject
    private QuotaStore store;

    @Inject
    private LookoutMetrics metrics;

    @Inject
    private NotificationQueue notifications;

    private final QuotaLedger ledger = new QuotaLedger();
    /** The (project, limit, window) already logged as reached: logged once per window. */
    private final Set<Reached> reached = ConcurrentHashMap.newKeySet();

    /** A limit of a project reached in the window that starts at {@code start}. */
    private record Reached(long projectId, String limit, Instant start) {}
    /** The events refused since the last flush, per project, limit and window: the "quota reached" trigger's. */
    private final ConcurrentMap<QuotaRefusal, AtomicLong> refusals = new ConcurrentHashMap<>();

    private Instant normalReadFor = Instant.EPOCH;
    private Instant lastPrune = Instant.EPOCH;

    /** The server's defaults ({@code lookout.quota.*}). */
    public QuotaLimits defaults() {
        return new QuotaLimits(perMinute, perDay, spikeFactor, spikeFloor);
    }

    /**
     * Takes {@code events} from the project's quotas.
     *
     * @return {@link QuotaLedger.Decision#accepted()}, or the limit that has no room for them: then
     *     nothing is taken and they are counted as dropped; the edge answers {@code 429}; always
     *     accepted when {@code lookout.quota.enabled} is {@code false}
     */
    public QuotaLedger.Decision check(ProjectSnapshot project, int events) {
        if (!enabled) {
            return QuotaLedger.Decision.ACCEPTED;
        }
        Instant now = Instant.now();
        QuotaLedger.Decision decision =
                ledger.acquire(project.id(), events, QuotaLimits.of(project.quota(), defaults()), now);
        if (decision.accepted()) {
            return decision;
        }
        return refused(project, decision, events, now);
    }

    /**
     * Asked before a request's body is parsed: when the project's limits have no room left at all, or
     * its bucket is less than half full and has no room for the request's events (counted by
     * {@code events}, cheaply, without parsing them; at most once), the refusal, with those events
     * counted as dropped, as {@link #check} would; else {@link QuotaLedger.Decision#accepted()}, and
     * {@link #check} decides once the events are read. Under a storm this refuses most requests
     * without reading their events (docs/benchmarks.md, "The dashboard under a storm").
     */
    public QuotaLedger.Decision checkFull(ProjectSnapshot project, IntSupplier events) {
        if (!enabled) {
            return QuotaLedger.Decision.ACCEPTED;
        }
        Instant now = Instant.now();
        int[] counted = {-1};
        IntSupplier once = () -> counted[0] >= 0 ? counted[0] : (counted[0] = events.getAsInt());
        QuotaLedger.Decision decision =
                ledger.beforeParsing(project.id(), QuotaLimits.of(project.quota(), defaults()), now, once);
        if (decision.accepted()) {
            return decision;
        }
        return refused(project, decision, once.getAsInt(), now);
    }

    private QuotaLedger.Decision refused(
            ProjectSnapshot project, QuotaLedger.Decision decision, int events, Instant now) {
        ledger.dropped(project.id(), events, now);
        metrics.quotaDropped(project.id(), events);
        QuotaLedger.Window window =
                decision.limit().equals("eventsPerDay") ? QuotaLedger.Window.DAY : QuotaLedger.Window.MINUTE;
        Instant start = window.start(now);
        refusals.computeIfAbsent(
                        new QuotaRefusal(
                                project.id(),
                                decision.limit(),
                                decision.allowed(),
                                window == QuotaLedger.Window.DAY ? "day" : "minute",
                                start,
                                window == QuotaLedger.Window.DAY
                                        ? start.plus(Duration.ofDays(1))
                                        : start.plus(Duration.ofMinutes(1)),
                                0),
                        key -> new AtomicLong())
                .addAndGet(events);
        if (reached.add(new Reached(project.id(), decision.limit(), start))) {
            LookoutLog.LOG.quotaReached(
                    project.id(), decision.limit(), decision.allowed(), decision.retryAfterSeconds());
        }
        return decision;
    }

    /** Writes this node's counts and reads every node's totals back; once a minute the normal rates. */
    public void flush() {
        Instant now = Instant.now();
        List<QuotaLedger.Delta> deltas = ledger.unwritten();
        List<QuotaLedger.Drops> drops = ledger.takeDrops();
        List<QuotaLedger.Key> current = ledger.current(now);
        List<QuotaRefusal> refused = takeRefusals();
        try {
            if (!deltas.isEmpty() || !drops.isEmpty() || !current.isEmpty() || !refused.isEmpty()) {
                QuotaStore.Written written = store.write(deltas, drops, current, refused);
                ledger.written(deltas, written.totals(), now);
                notifications.dispatchSoon(written.ruleIds());
            }
            Instant minute = QuotaLedger.Window.MINUTE.start(now);
            if (!minute.equals(normalReadFor)) {
                ledger.normalRates(store.normalRates(now));
                normalReadFor = minute;
                reached.removeIf(
                        key -> !key.start().equals(minute) && !key.limit().equals("eventsPerDay"));
            }
            if (Duration.between(lastPrune, now).toHours() >= 1) {
                store.prune(now);
                Instant day = now.truncatedTo(ChronoUnit.DAYS);
                reached.removeIf(key -> !key.start().equals(day));
                lastPrune = now;
            }
        } catch (RuntimeException e) {
            ledger.dropsNotWritten(drops);
            refused.forEach(r -> refusals.computeIfAbsent(r.withRefused(0), key -> new AtomicLong())
                    .addAndGet(r.refused()));
            LookoutLog.LOG.quotaWriteFailed(e);
        }
    }

    /** The refusals since the last flush, each with its count (the counts start again from 0). */
    private List<QuotaRefusal> takeRefusals() {
        List<QuotaRefusal> taken = new ArrayList<>();
        refusals.forEach((key, count) -> {
            long events = count.getAndSet(0);
            if (events > 0) {
                taken.add(key.withRefused(events));
            }
        });
        refusals.values().removeIf(count -> count.get() == 0);
        return taken;
    }

    /**
     * The dropped and counted-only events of a project per hour of the past 24 hours (this hour
     * included), newest first, quiet hours left out: what the dashboard shows members.
     */
    public List<QuotaHour> lastDay(long projectId) {
        return store.drops(
                projectId, Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(23)));
    }

    /** What the quota of a project is now: limits, use of the current minute and day, drops of the past 48 hours. */
    public QuotaInfo describe(long projectId, QuotaSettings settings) {
        Instant now = Instant.now();
        QuotaLimits limits = QuotaLimits.of(settings, defaults());
        double normal = ledger.normalPerMinute(projectId);
        long minuteShared = store.accepted(projectId, QuotaLedger.Window.MINUTE, QuotaLedger.Window.MINUTE.start(now));
        long dayShared = store.accepted(projectId, QuotaLedger.Window.DAY, QuotaLedger.Window.DAY.start(now));
        return new QuotaInfo(
                settings.perMinute(),
                settings.perDay(),
                settings.spikeFactor(),
                new QuotaInfo.Effective(
                        limits.perMinute(),
                        limits.perDay(),
                        limits.spikeFactor(),
                        limits.spikeFloor(),
                        Math.round(normal * 100) / 100.0,
                        limits.minuteLimit(normal),
                        QuotaLimits.burst(limits.minuteLimit(normal))),
                new QuotaInfo.Usage(
                        Math.max(minuteShared, ledger.used(projectId, QuotaLedger.Window.MINUTE, now)),
                        Math.max(dayShared, ledger.used(projectId, QuotaLedger.Window.DAY, now))),
                store.drops(projectId, now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(47))));
    }
}
