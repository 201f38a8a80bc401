package io.lookout.regroup;

import io.lookout.operations.LookoutLog;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs the regroup jobs: a run works on them for its budget ({@link Regroup}), and the next run
 * follows {@code lookout.regroup.tick-seconds} (default 5) after it ends — at once when it did some
 * work, which may not be finished. One timer at a time, rescheduled by each run, so runs of one node
 * never overlap (an interval timer would fire into a run that is still going); runs of several nodes
 * exclude each other by the lease. A run that fails leaves every job consistent (each batch is a
 * transaction); the next one resumes.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class RegroupTimer {

    @Resource
    private TimerService timers;

    @Inject
    private Regroup regroup;

    @Inject
    @ConfigProperty(name = "lookout.regroup.tick-seconds", defaultValue = "5")
    private int tickSeconds;

    /** The pause before the next run after a run that did some work. */
    private static final long AGAIN_MILLIS = 100;

    @PostConstruct
    void schedule() {
        next(tickMillis());
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void tick() {
        long steps = 0;
        try {
            steps = regroup.run();
        } catch (RuntimeException e) {
            LookoutLog.LOG.regroupRunFailed(e);
        } finally {
            next(steps > 0 ? AGAIN_MILLIS : tickMillis());
        }
    }

    private long tickMillis() {
        return Math.max(1, tickSeconds) * 1000L;
    }

    private void next(long millis) {
        timers.createSingleActionTimer(millis, new TimerConfig("lookout regroup", false));
    }
}
