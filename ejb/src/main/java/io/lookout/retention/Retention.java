package io.lookout.retention;

import io.lookout.operations.LookoutLog;
import io.lookout.operations.LookoutMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Removes, per project, every event older than its retention, with its share of every aggregate:
 * in bounded batches (each its own short transaction, so ingestion keeps flowing) until done or
 * until the time budget is spent; the next run resumes. One node at a time cleans: a lease row in
 * the database, renewed per batch, expiring by itself if its holder dies.
 */
@ApplicationScoped
public class Retention {

    /** This node's name in the lease. */
    private static final String NODE = System.getProperty("jboss.node.name", "node") + "/" + UUID.randomUUID();

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

    /** Runs a cleanup; answers at once (with nothing done) when another node is cleaning. */
    public CleanupReport run() {
        long start = System.nanoTime();
        Duration lease = Duration.ofSeconds(budgetSeconds + 60L);
        if (!batches.lease(NODE, OffsetDateTime.now(ZoneOffset.UTC).plus(lease))) {
            LookoutLog.LOG.cleanupSkipped();
            return CleanupReport.NONE.took(0, false);
        }
        long deadline = start + Duration.ofSeconds(budgetSeconds).toNanos();
        CleanupReport total = CleanupReport.NONE;
        boolean complete = true;
        try {
            for (Map.Entry<Long, Integer> project : batches.retentions().entrySet()) {
                OffsetDateTime cutoff = OffsetDateTime.now(ZoneOffset.UTC).minusDays(project.getValue());
                CleanupReport batch;
                do {
                    if (System.nanoTime() > deadline) {
                        complete = false;
                        break;
                    }
                    batch = batches.deleteBatch(project.getKey(), cutoff, batchSize);
                    total = total.plus(batch);
                    batches.lease(NODE, OffsetDateTime.now(ZoneOffset.UTC).plus(lease));
                } while (!batch.complete());
                if (!complete) {
                    break;
                }
            }
        } finally {
            batches.release(NODE);
        }
        CleanupReport report = total.took(Duration.ofNanos(System.nanoTime() - start).toMillis(), complete);
        LookoutLog.LOG.cleanedUp(report.toJson());
        metrics.cleanedUp(report.events(), report.groups(), report.millis());
        return report;
    }
}
