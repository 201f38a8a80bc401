package io.lookout.alerts;

import io.lookout.operations.LookoutLog;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;

/**
 * Every 15 seconds: prompts again what is due for a while and was not taken up — a prompt lost
 * between a commit and its send (a crash), or an attempt whose node died (its lease ran out) —
 * and, once an hour, prunes the frequency counts and the old history. Harmless when repeated or
 * run on several nodes: a prompt with nothing to do does nothing.
 */
@Singleton
@DependsOn("SchemaMigration")
public class AlertSweeper {

    /** What is due this long and still waiting is taken as lost. */
    static final Duration OVERDUE = Duration.ofSeconds(20);

    @Inject
    private Dispatches dispatches;

    @Inject
    private NotificationQueue queue;

    private Instant lastPrune = Instant.EPOCH;

    @Schedule(hour = "*", minute = "*", second = "*/15", persistent = false, info = "lookout alerts sweeper")
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void sweep() {
        try {
            Instant now = Instant.now();
            for (long ruleId : dispatches.overdueRules(now.minus(OVERDUE))) {
                queue.dispatchAt(ruleId, now);
            }
            for (Object[] channel : dispatches.overdueChannels(now.minus(OVERDUE))) {
                queue.deliverAt((Long) channel[0], (String) channel[1], now);
            }
            if (Duration.between(lastPrune, now).toHours() >= 1) {
                dispatches.prune(now);
                lastPrune = now;
            }
        } catch (RuntimeException e) {
            LookoutLog.LOG.alertSweepFailed(e);
        }
    }
}
