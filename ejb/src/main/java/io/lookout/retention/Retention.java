package io.lookout.retention;

import io.lookout.operations.LookoutLog;
import io.lookout.operations.LookoutMetrics;
import io.lookout.schema.TransientFailures;
import io.lookout.security.Audit;
import io.lookout.security.LoginThrottles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Removes, per project, every event older than its retention, with its share of every aggregate:
 * in bounded batches (each its own short transaction, so ingestion keeps flowing) until done or
 * until the time budget is spent; the next run resumes. One node at a time cleans: a lease row in
 * the database, renewed per batch, expiring by itself if its holder dies.
 */
@ApplicationScoped
public class Retention {

    /** Tries of a batch that failed for a deadlock or a lock wait. */
    static final int ATTEMPTS = 3;

    /** This node's name in the lease; each run adds its number, so two runs on one node exclude each other too. */
    private static final String NODE = System.getProperty("jboss.node.name", "node") + "/"
            + UUID.randomUUID().toString().substring(0, 8);

    private static final AtomicLong RUNS = new AtomicLong();

    /** Writes the report into the log as the API answers it. */
    private static final Jsonb JSON = JsonbBuilder.create();

    @Inject
    private RetentionBatches batches;

    @Inject
    private LookoutMetrics metrics;

    @Inject
    @ConfigProperty(name = "lookout.retention.batch-size", defaultValue = "500")
    private int batchSize;

    @Inject
    @ConfigProperty(name = "lookout.retention.budget-seconds", defaultValue = "60")
    private int budgetSeconds;

    /** How long the audit log keeps an entry. */
    @Inject
    @ConfigProperty(name = "lookout.audit.retention-days", defaultValue = "365")
    private int auditRetentionDays;

    @Inject
    private Audit audit;

    @Inject
    private LoginThrottles throttles;

    /** How long the lease outlives the budget: a dead holder's lease expires this long after its budget. */
    @Inject
    @ConfigProperty(name = "lookout.retention.lease-grace-seconds", defaultValue = "60")
    private int leaseGraceSeconds;

    /**
     * Runs a cleanup; answers at once (with nothing done, {@link CleanupReport#skipped()}, naming
     * the lease's holder) when another run, on this node or another, holds the lease.
     */
    public CleanupReport run() {
        long start = System.nanoTime();
        String holder = NODE + "#" + RUNS.incrementAndGet();
        Duration lease = Duration.ofSeconds(budgetSeconds + (long) leaseGraceSeconds);
        if (!batches.lease(holder, OffsetDateTime.now(ZoneOffset.UTC).plus(lease))) {
            RetentionBatches.Lease current = batches.leaseHolder();
            CleanupReport skipped = CleanupReport.skipped(holder, current.holder(), current.validUntil())
                    .took(holder, Duration.ofNanos(System.nanoTime() - start).toMillis(), false);
            LookoutLog.LOG.cleanupSkipped(holder, skipped.heldBy(), skipped.heldUntil());
            metrics.cleanupSkipped();
            return skipped;
        }
        long deadline = start + Duration.ofSeconds(budgetSeconds).toNanos();
        CleanupReport total = CleanupReport.NONE;
        boolean complete = true;
        long auditEntries = 0;
        try {
            projects:
            for (Map.Entry<Long, Integer> project : batches.retentions().entrySet()) {
                OffsetDateTime cutoff = OffsetDateTime.now(ZoneOffset.UTC).minusDays(project.getValue());
                CleanupReport batch;
                do {
                    if (System.nanoTime() > deadline) {
                        complete = false;
                        break projects;
                    }
                    batch = deleteBatch(project.getKey(), cutoff);
                    total = total.plus(batch);
                    if (!batches.lease(
                            holder, OffsetDateTime.now(ZoneOffset.UTC).plus(lease))) {
                        // a batch outlasted the lease and another node took it: stop, it continues
                        LookoutLog.LOG.cleanupLeaseLost(holder);
                        complete = false;
                        break projects;
                    }
                } while (!batch.complete());
            }
            if (complete) {
                // the audit log's old entries, in batches like the events', within the same budget
                Instant auditCutoff = Instant.now().minus(Duration.ofDays(Math.max(1, auditRetentionDays)));
                int deleted;
                do {
                    if (System.nanoTime() > deadline) {
                        complete = false;
                        break;
                    }
                    deleted = audit.deleteOlderThan(auditCutoff, batchSize);
                    auditEntries += deleted;
                } while (deleted == batchSize);
                throttles.sweep();
            }
        } finally {
            batches.release(holder);
        }
        CleanupReport report =
                total.took(holder, Duration.ofNanos(System.nanoTime() - start).toMillis(), complete);
        String result = JSON.toJson(CleanupResult.of(report));
        LookoutLog.LOG.cleanedUp(result);
        audit.record("retention.run", null, result + "; audit entries deleted: " + auditEntries);
        metrics.cleanedUp(
                report.events(),
                report.groups(),
                report.viewGroups(),
                report.tagValues(),
                report.batches(),
                Duration.ofMillis(report.millis()));
        return report;
    }

    /**
     * One batch, tried again (up to {@link #ATTEMPTS} times) when the database chose it as a
     * deadlock's victim or it waited too long for a lock: ingestion counts into the same rows, and a
     * rolled-back batch left nothing behind.
     */
    private CleanupReport deleteBatch(long projectId, OffsetDateTime cutoff) {
        for (int attempt = 1; ; attempt++) {
            try {
                return batches.deleteBatch(projectId, cutoff, batchSize);
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !TransientFailures.isTransient(e)) {
                    throw e;
                }
                LookoutLog.LOG.cleanupBatchRetried(
                        projectId, attempt, e.getClass().getSimpleName());
            }
        }
    }
}
