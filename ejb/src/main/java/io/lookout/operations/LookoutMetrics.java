package io.lookout.operations;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Lookout's metrics in WildFly's Micrometer registry (Prometheus at {@code :9990/prometheus}):
 * events accepted, rejected by reason, processed, dead-lettered; processing latency (received to
 * stored); the event queue's depth; what the cleanup deleted.
 */
@ApplicationScoped
public class LookoutMetrics {

    private static final Logger LOG = Logger.getLogger(LookoutMetrics.class.getName());
    /** The event queue's management bean (Artemis in WildFly's platform MBean server). */
    private static final String QUEUE_MBEAN = "org.apache.activemq.artemis:broker=\"default\",component=addresses,"
            + "address=\"jms.queue.LookoutEvents\",subcomponent=queues,routing-type=\"anycast\",queue=\"jms.queue.LookoutEvents\"";

    @Inject
    private MeterRegistry registry;

    /**
     * The tagged counters the edge and the consumer count into on every request, by name and tag value:
     * the registry's own lookup (a meter id built, its filters applied) took a fifth of a refused
     * request's time under a storm (docs/benchmarks.md, "The dashboard under a storm", session 19).
     */
    private final Map<String, Counter> tagged = new ConcurrentHashMap<>();

    private Counter accepted;
    private Counter processed;
    private Counter duplicates;
    private Timer latency;
    private Timer yielded;
    private Timer refusalsHeld;
    private DistributionSummary batchMessages;
    private DistributionSummary batchEvents;
    private volatile boolean brokerNotHereLogged;

    /**
     * Meters are registered through the registry's own methods: WildFly's per-deployment registry
     * exports those, not meters registered with {@code Counter.builder(...).register(registry)}.
     * Timers give count, total and max (client-side percentiles would need HdrHistogram, which
     * WildFly's Micrometer module does not ship).
     */
    @PostConstruct
    void register() {
        accepted = registry.counter("lookout.events.accepted");
        processed = registry.counter("lookout.events.processed");
        duplicates = registry.counter("lookout.events.duplicates");
        latency = registry.timer("lookout.events.latency");
        yielded = registry.timer("lookout.ingest.yield_to_readers");
        refusalsHeld = registry.timer("lookout.ingest.refusals.held");
        batchMessages = registry.summary("lookout.ingest.batch.messages");
        batchEvents = registry.summary("lookout.ingest.batch.events");
        registry.gauge("lookout.queue.depth", Tags.empty(), this, LookoutMetrics::queueDepth);
    }

    /**
     * The registry outlives a deployment and holds a gauge's state weakly: without this, a
     * redeployed Lookout would find the old gauge (reading NaN) instead of registering its own.
     */
    @PreDestroy
    void unregister() {
        Gauge depth = registry.find("lookout.queue.depth").gauge();
        if (depth != null) {
            registry.remove(depth);
        }
    }

    /** The counter of {@code name} with one tag, registered through the registry once. */
    private Counter counter(String name, String tag, String value) {
        String key = name + '\u0000' + value;
        Counter counter = tagged.get(key);
        return counter != null ? counter : tagged.computeIfAbsent(key, k -> registry.counter(name, tag, value));
    }

    public void accepted(int events) {
        accepted.increment(events);
    }

    /** @param reason a short word: invalid, unauthorized, unknown_project, too_large, rate_limited */
    public void rejected(String reason) {
        counter("lookout.events.rejected", "reason", reason).increment();
    }

    /** Events of the project refused over a quota ({@code lookout.quota.dropped}, tagged by project). */
    public void quotaDropped(long projectId, int events) {
        counter("lookout.quota.dropped", "project", Long.toString(projectId)).increment(events);
    }

    /**
     * Events of the project counted in their group's aggregates without an event row, past the
     * per-group cap ({@code lookout.quota.counted_only}); counted in the storing transaction, before
     * its commit.
     */
    public void quotaCountedOnly(long projectId, int events) {
        counter("lookout.quota.counted_only", "project", Long.toString(projectId))
                .increment(events);
    }

    public void stored(Duration sinceReceived) {
        processed.increment();
        latency.record(sinceReceived.isNegative() ? Duration.ZERO : sinceReceived);
    }

    /** Values scrubbed from a stored event of the project (counted as the database counts them). */
    public void scrubbed(long projectId, int values) {
        if (values > 0) {
            counter("lookout.scrubbed.values", "project", Long.toString(projectId))
                    .increment(values);
        }
    }

    public void duplicate() {
        duplicates.increment();
    }

    /** One consumer transaction committed: how many messages and events it stored together. */
    public void batchStored(int messages, int events) {
        batchMessages.record(messages);
        batchEvents.record(events);
    }

    /** The consumer waited for the pages and API reads in flight before it went on (ReadersFirst). */
    public void yieldedToReaders(long nanos) {
        if (nanos > 0) {
            yielded.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** A {@code 429} of the edge was answered after this wait (RefusalSpread). */
    public void refusalHeld(long nanos) {
        refusalsHeld.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A consumer transaction failed for a deadlock or a lock wait and its batch is written again. */
    public void batchRetried() {
        registry.counter("lookout.ingest.batch.retried").increment();
    }

    public void deadLettered(String reason) {
        counter("lookout.messages.dead_lettered", "reason", reason).increment();
    }

    /** A cleanup run that held the lease: what it deleted, in how many batches, and how long it took. */
    public void cleanedUp(long events, long groups, long viewGroups, long tagValues, long batches, Duration took) {
        registry.counter("lookout.retention.deleted.events").increment(events);
        registry.counter("lookout.retention.deleted.groups").increment(groups);
        registry.counter("lookout.retention.deleted.view_groups").increment(viewGroups);
        registry.counter("lookout.retention.deleted.tag_values").increment(tagValues);
        registry.counter("lookout.retention.batches").increment(batches);
        registry.timer("lookout.retention.runs").record(took);
    }

    /** A cleanup run that found the lease held by another run (on this node or another). */
    public void cleanupSkipped() {
        registry.counter("lookout.retention.skipped").increment();
    }

    /**
     * Messages waiting in the event queue; NaN when the broker does not say. With an external broker
     * (docs/deploy.md) there is no such bean in this server: NaN, said once in the log; the broker's
     * own management gives the depth, which every node shares.
     */
    public double queueDepth() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            return ((Number) server.getAttribute(new ObjectName(QUEUE_MBEAN), "MessageCount")).doubleValue();
        } catch (InstanceNotFoundException e) {
            if (!brokerNotHereLogged) {
                brokerNotHereLogged = true;
                LookoutLog.LOG.queueDepthUnavailable();
            }
            return Double.NaN;
        } catch (Exception e) {
            LOG.log(Level.FINE, "queue depth not available", e);
            return Double.NaN;
        }
    }

    /** A reason word for a rejection status. */
    public static String reason(int status) {
        return switch (status) {
            case 401, 403 -> "unauthorized";
            case 404 -> "unknown_project";
            case 413 -> "too_large";
            case 429 -> "rate_limited";
            case 503 -> "unavailable";
            default -> "invalid";
        };
    }
}
