package io.lookout.operations;

import java.lang.invoke.MethodHandles;
import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.Cause;
import org.jboss.logging.annotations.LogMessage;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;

/**
 * Every message Lookout logs for operators, each with an id ({@code LOOKOUT0001} ...) to search
 * for and alert on. Ids are never reused; docs/deploy.md lists them.
 */
@MessageLogger(projectCode = "LOOKOUT", length = 4)
public interface LookoutLog extends BasicLogger {

    LookoutLog LOG = Logger.getMessageLogger(MethodHandles.lookup(), LookoutLog.class, "io.lookout");

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 1, value = "Schema on %s at version %s (%d migrations applied now)")
    void schemaMigrated(String database, String version, int applied);

    @LogMessage(level = Logger.Level.WARN)
    @Message(
            id = 2,
            value = "Created user 'admin' with the generated password %s "
                    + "(set lookout.bootstrap.admin-password / LOOKOUT_BOOTSTRAP_ADMIN_PASSWORD to choose one)")
    void adminCreatedWithGeneratedPassword(String password);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 3, value = "Created user 'admin'")
    void adminCreated();

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 4, value = "Created project 1 'default'; DSN %s")
    void defaultProjectCreated(String dsn);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 5, value = "Processors by event type: %s")
    void processors(Object processors);

    @LogMessage(level = Logger.Level.WARN)
    @Message(
            id = 6,
            value = "H2 wrote committed transactions to disk %s ms late, so a crash could lose acknowledged events: "
                    + "set to 0 now (add WRITE_DELAY=0 to the datasource's connection URL, see docs/deploy.md)")
    void h2WriteDelayCorrected(String writeDelay);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 10, value = "Moved message %s to the dead-letter queue: %s")
    void deadLettered(String messageId, String reason);

    @LogMessage(level = Logger.Level.WARN)
    @Message(
            id = 11,
            value = "Could not store message %s (delivery %s); rolled back for redelivery, "
                    + "dead-lettered after the last attempt")
    void storeFailed(@Cause Throwable cause, String messageId, String delivery);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 20, value = "Cleanup scheduled at hour %s, minute %s")
    void cleanupScheduled(String hour, String minute);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 21, value = "Cleanup: %s")
    void cleanedUp(Object report);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 22, value = "Cleanup %s skipped: the cleanup lease is held by %s until %s")
    void cleanupSkipped(String run, String holder, Object validUntil);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 24, value = "Cleanup %s stopped: its lease expired during a batch and was taken by another run")
    void cleanupLeaseLost(String run);

    @LogMessage(level = Logger.Level.INFO)
    @Message(
            id = 25,
            value =
                    "Cleanup batch of project %d tried again (attempt %d failed: %s, a deadlock or lock wait with ingestion)")
    void cleanupBatchRetried(long projectId, int attempt, String failure);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 23, value = "Cleanup failed; the data stays consistent and the next run resumes")
    void cleanupFailed(@Cause Throwable cause);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 30, value = "View backfill failed; it resumes on the next tick")
    void backfillFailed(@Cause Throwable cause);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 40, value = "API failure, incident %s")
    void apiFailure(@Cause Throwable cause, String incident);

    @LogMessage(level = Logger.Level.WARN)
    @Message(
            id = 50,
            value = "Alert prompt %s %d could not be sent to the notification queue; the sweeper sends it again")
    void notificationPromptFailed(@Cause Throwable cause, String op, long id);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 51, value = "Unknown message on the notification queue dropped: %s")
    void notificationPromptUnknown(String what);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 52, value = "Alert delivery %2$d by %1$s failed, to be tried again at %4$s: %3$s")
    void notificationRetry(String channel, long dispatchId, String failure, Object retryAt);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 53, value = "Alert delivery %2$d by %1$s given up (see the rule's history): %3$s")
    void notificationDead(String channel, long dispatchId, String failure);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 54, value = "Alert sweep failed; the next one tries again")
    void alertSweepFailed(@Cause Throwable cause);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 55, value = "Page failure, incident %s, at %s")
    void pageFailure(@Cause Throwable cause, String incident, String uri);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 70, value = "The grouping rules of project %d no longer parse and are not applied: %s")
    void groupingRulesUnreadable(long projectId, String problem);

    @LogMessage(level = Logger.Level.INFO)
    @Message(
            id = 80,
            value = "Regroup job %d of project %d %s: %d events examined, %d moved, %d groups created, %d emptied")
    void regroupFinished(long job, long project, String state, long examined, long moved, long created, long emptied);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 81, value = "Regroup job %d failed; what its batches moved stays, every aggregate exact")
    void regroupFailed(long job, @Cause Throwable cause);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 82, value = "Regroup job %d: batch tried again (attempt %d failed with %s)")
    void regroupBatchRetried(long job, int attempt, String failure);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 83, value = "Regroup run %s stopped: its lease expired during a batch and was taken by another run")
    void regroupLeaseLost(String run);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 84, value = "Regroup run failed; the jobs stay consistent and the next tick resumes them")
    void regroupRunFailed(@Cause Throwable cause);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 90, value = "Failed sign-in as '%s' from %s")
    void loginFailed(String username, String address);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 91, value = "Sign-ins locked for %s for %d min after repeated failures (last from %s)")
    void loginLocked(String subject, long minutes, String address);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 92, value = "Sign-in as '%s' from %s refused: the user name or the address is locked")
    void loginRefused(String username, String address);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 100, value = "Single sign-on as '%s' from %s refused: %s")
    void ssoRefused(String username, String address, String reason);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 101, value = "Single sign-on from %s failed: the OpenID provider's answer was not accepted")
    void ssoInvalid(String address);

    @LogMessage(level = Logger.Level.ERROR)
    @Message(id = 102, value = "Single sign-on from %s failed: the OpenID provider %s cannot be used")
    void ssoUnavailable(String address, String issuer, @Cause Throwable cause);

    @LogMessage(level = Logger.Level.WARN)
    @Message(
            id = 110,
            value = "Project %d reached its quota %s (%d events); its further events are refused with 429 for %d s")
    void quotaReached(long projectId, String limit, long allowed, long seconds);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 111, value = "Could not write the quota counts; they stay on this node and go with the next write")
    void quotaWriteFailed(@Cause Throwable cause);

    @LogMessage(level = Logger.Level.INFO)
    @Message(
            id = 134,
            value = "The event queue's depth (lookout.queue.depth) is not available: the broker is not embedded in this"
                    + " server (an external broker: read the queue's messageCount from the broker itself)")
    void queueDepthUnavailable();

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 135, value = "The broker did not take a message (failing over or unreachable), answered 503: %s")
    void queueUnavailable(String cause);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 122, value = "Search words written for %d groups stored before full-text search")
    void searchWordsBackfilled(int groups);

    @LogMessage(level = Logger.Level.WARN)
    @Message(id = 123, value = "Search words backfill failed; it resumes on the next tick")
    void searchWordsBackfillFailed(@Cause Throwable cause);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 124, value = "Another node created the %s first on this empty database; this node uses it")
    void bootstrapDoneElsewhere(String what);

    @LogMessage(level = Logger.Level.INFO)
    @Message(id = 125, value = "This node's role is '%s' (lookout.node.role): it %s events and %s the event queue")
    void nodeRole(String role, String accepts, String consumes);

    @LogMessage(level = Logger.Level.INFO)
    @Message(
            id = 136,
            value = "User %s signed in again from their login token on this node (their session was unknown here:"
                    + " a node lost or a new balancer route)")
    void signedInFromLoginToken(String username);
}
