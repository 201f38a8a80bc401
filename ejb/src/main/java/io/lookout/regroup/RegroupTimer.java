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
 * Runs the regroup jobs: every {@code lookout.regroup.tick-seconds} (default 5) a run works on them
 * for its budget ({@link Regroup}). A run that fails leaves every job consistent (each batch is a
 * transaction); the next tick resumes. Runs of one node never overlap (a singleton's timeouts are
 * serialised), runs of several nodes exclude each other by the lease.
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

    @PostConstruct
    void schedule() {
        long interval = Math.max(1, tickSeconds) * 1000L;
        timers.createIntervalTimer(interval, interval, new TimerConfig("lookout regroup", false));
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void tick() {
        try {
            regroup.run();
        } catch (RuntimeException e) {
            LookoutLog.LOG.regroupRunFailed(e);
        }
    }
}
