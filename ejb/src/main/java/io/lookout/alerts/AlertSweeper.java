package io.lookout.alerts;

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
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every {@code lookout.alerts.sweep-seconds} (15): prompts again what is due for
 * {@code lookout.alerts.overdue-seconds} (20) and was not taken up — a prompt lost between a
 * commit and its send (a crash), or an attempt whose node died (its lease ran out) — and, once an
 * hour, prunes the frequency counts and the old history. Harmless when repeated or run on several
 * nodes: a prompt with nothing to do does nothing. One timer at a time, rescheduled by each sweep
 * (as {@code RegroupTimer}), so sweeps of one node never overlap; only tests shorten the two
 * intervals (AlertsCrashIT waits for sweeps).
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class AlertSweeper {

    /** What is due this long and still waiting is taken as lost. */
    @Inject
    @ConfigProperty(name = "lookout.alerts.overdue-seconds", defaultValue = "20")
    int overdueSeconds;

    /** The pause between sweeps. */
    @Inject
    @ConfigProperty(name = "lookout.alerts.sweep-seconds", defaultValue = "15")
    int sweepSeconds;

    @Resource
    private TimerService timers;

    @Inject
    private Dispatches dispatches;

    @Inject
    private NotificationQueue queue;

    private Instant lastPrune = Instant.EPOCH;

    @PostConstruct
    void schedule() {
        next();
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void sweep() {
        try {
            Instant now = Instant.now();
            Instant overdue = now.minus(Duration.ofSeconds(Math.max(1, overdueSeconds)));
            for (long ruleId : dispatches.overdueRules(overdue)) {
                queue.dispatchAt(ruleId, now);
            }
            for (Object[] channel : dispatches.overdueChannels(overdue)) {
                queue.deliverAt((Long) channel[0], (String) channel[1], now);
            }
            if (Duration.between(lastPrune, now).toHours() >= 1) {
                dispatches.prune(now);
                lastPrune = now;
            }
        } catch (RuntimeException e) {
            LookoutLog.LOG.alertSweepFailed(e);
        } finally {
            next();
        }
    }

    private void next() {
        timers.createSingleActionTimer(
                Math.max(1, sweepSeconds) * 1000L, new TimerConfig("lookout alerts sweeper", false));
    }
}
