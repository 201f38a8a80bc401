package io.lookout.retention;

import io.lookout.operations.LookoutLog;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.ScheduleExpression;
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
 * Runs the cleanup on the configured schedule ({@code lookout.retention.schedule.minute} and
 * {@code .hour}, calendar syntax; default every 15 minutes). A run that spent its time budget with
 * expired data left is followed by another after {@code lookout.retention.continue-after-seconds}
 * (default 5), until the backlog is gone: the budget bounds how long one run holds the lease, not
 * how much a day can clean. A failed run leaves the data consistent (every batch is a transaction)
 * and the next one resumes.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class RetentionTimer {

    @Resource
    private TimerService timers;

    @Inject
    private Retention retention;

    @Inject
    @ConfigProperty(name = "lookout.retention.schedule.minute", defaultValue = "*/15")
    private String minute;

    @Inject
    @ConfigProperty(name = "lookout.retention.schedule.hour", defaultValue = "*")
    private String hour;

    @Inject
    @ConfigProperty(name = "lookout.retention.continue-after-seconds", defaultValue = "5")
    private int continueAfterSeconds;

    @PostConstruct
    void schedule() {
        timers.createCalendarTimer(
                new ScheduleExpression().hour(hour).minute(minute).second("0"),
                new TimerConfig("lookout retention", false));
        LookoutLog.LOG.cleanupScheduled(hour, minute);
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void run() {
        try {
            CleanupReport report = retention.run();
            if (!report.complete() && report.heldBy() == null) {
                // expired data left and nobody else cleaning: go on soon, not in 15 minutes
                timers.createSingleActionTimer(
                        continueAfterSeconds * 1000L, new TimerConfig("lookout retention (continued)", false));
            }
        } catch (RuntimeException e) {
            LookoutLog.LOG.cleanupFailed(e);
        }
    }
}
