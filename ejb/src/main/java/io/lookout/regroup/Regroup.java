package io.lookout.regroup;

import io.lookout.Failures;
import io.lookout.operations.LookoutLog;
import io.lookout.schema.TransientFailures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Works through the queued and running regroup jobs, oldest first, in bounded batches (each its own
 * transaction, {@link RegroupBatches#step}) until they are done or the run's time budget is spent;
 * the next run ({@link RegroupTimer}, a few seconds later) goes on from each job's position. One node
 * at a time runs jobs: a lease row in the database, renewed per batch, expiring by itself when its
 * holder dies, so another node (or the same one restarted) resumes the job.
 */
@ApplicationScoped
public class Regroup {

    /** Tries of a batch that failed for a deadlock or a lock wait (ingestion counts into the same rows). */
    static final int ATTEMPTS = 3;

    private static final String NODE = System.getProperty("jboss.node.name", "node") + "/"
            + UUID.randomUUID().toString().substring(0, 8);

    private static final AtomicLong RUNS = new AtomicLong();

    @Inject
    private RegroupBatches batches;

    @Inject
    private RegroupJobs jobs;

    /** Events per batch; each batch reads their data to reprocess them. */
    @Inject
    @ConfigProperty(name = "lookout.regroup.batch-size", defaultValue = "500")
    private int batchSize;

    /** How long one run works and holds the lease; the next run follows at once when there is more. */
    @Inject
    @ConfigProperty(name = "lookout.regroup.budget-seconds", defaultValue = "10")
    private int budgetSeconds;

    /** How long the lease outlives the budget: a dead holder's jobs resume this long after its budget at the latest. */
    @Inject
    @ConfigProperty(name = "lookout.regroup.lease-grace-seconds", defaultValue = "30")
    private int leaseGraceSeconds;

    /**
     * Runs batches of the active jobs until none is left or the budget is spent; returns at once when
     * another run holds the lease.
     *
     * @return the batches run
     */
    public long run() {
        String holder = NODE + "#" + RUNS.incrementAndGet();
        Duration lease = Duration.ofSeconds(budgetSeconds + (long) leaseGraceSeconds);
        if (!batches.lease(holder, OffsetDateTime.now(ZoneOffset.UTC).plus(lease))) {
            return 0;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(budgetSeconds).toNanos();
        long steps = 0;
        try {
            steps += drainAliases(deadline);
            for (Optional<Long> job = batches.next(); job.isPresent(); job = batches.next()) {
                boolean finished = false;
                while (!finished) {
                    if (System.nanoTime() > deadline) {
                        return steps;
                    }
                    try {
                        finished = step(job.get());
                    } catch (RuntimeException e) {
                        LookoutLog.LOG.regroupFailed(job.get(), e);
                        batches.fail(job.get(), Failures.describe(e));
                        finished = true;
                    }
                    steps++;
                    if (!batches.lease(
                            holder, OffsetDateTime.now(ZoneOffset.UTC).plus(lease))) {
                        // a batch outlasted the lease and another run took it: stop, it goes on
                        LookoutLog.LOG.regroupLeaseLost(holder);
                        return steps;
                    }
                }
                jobs.find(job.get())
                        .filter(done -> !done.active())
                        .ifPresent(done -> LookoutLog.LOG.regroupFinished(
                                done.id(),
                                done.projectId(),
                                done.state(),
                                done.examined(),
                                done.moved(),
                                done.groupsCreated(),
                                done.groupsEmptied()));
            }
            return steps;
        } finally {
            batches.release(holder);
        }
    }

    /** The events of merge aliases moved on to their merged groups ({@link RegroupBatches#drainAliases}); the batches run. */
    private long drainAliases(long deadline) {
        long steps = 0;
        try {
            while (System.nanoTime() < deadline && batches.drainAliases(batchSize) > 0) {
                steps++;
            }
        } catch (RuntimeException e) {
            // a deadlock with ingestion or the cleanup: the next run tries again
            LookoutLog.LOG.regroupRunFailed(e);
        }
        return steps;
    }

    /** One batch, tried again when the database chose it as a deadlock's victim or it waited too long for a lock. */
    private boolean step(long job) {
        for (int attempt = 1; ; attempt++) {
            try {
                return batches.step(job, batchSize);
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !TransientFailures.isTransient(e)) {
                    throw e;
                }
                LookoutLog.LOG.regroupBatchRetried(job, attempt, e.getClass().getSimpleName());
            }
        }
    }
}
