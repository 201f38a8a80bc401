package io.lookout.alerts;

import io.lookout.operations.LookoutLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * Delivers notifications: forms a rule's digest ({@link Dispatches#form}), then sends each of its
 * channels — between transactions, so neither a slow mail server nor a hanging webhook holds a
 * database lock — and records the outcome; a failed attempt is prompted again after its back-off.
 */
@ApplicationScoped
public class Dispatcher {

    @Inject
    private Dispatches dispatches;

    @Inject
    private NotificationQueue queue;

    @Inject
    private MailChannel mail;

    @Inject
    private WebhookChannel webhooks;

    @Inject
    private AlertMetrics metrics;

    /** Forms the rule's digest if one is due, and delivers it. */
    public void dispatch(long ruleId) {
        Dispatches.Outcome outcome = dispatches.form(ruleId, Instant.now());
        if (outcome.later() != null) {
            queue.dispatchAt(ruleId, outcome.later());
        }
        if (outcome.capSummaryAt() != null) {
            queue.dispatchAt(ruleId, outcome.capSummaryAt());
        }
        for (Dispatches.Formed formed : outcome.formed()) {
            formed.channels().forEach(channel -> deliver(formed.dispatchId(), channel));
        }
    }

    /** Sends a test notification of the rule now; returns the dispatch (its channels' outcome is recorded). */
    public long test(long projectId, long ruleId) throws io.lookout.Problem {
        Dispatches.Formed formed = dispatches.test(projectId, ruleId, Instant.now());
        formed.channels().forEach(channel -> deliver(formed.dispatchId(), channel));
        return formed.dispatchId();
    }

    /** One attempt at a dispatch's channel, if it is due. */
    public void deliver(long dispatchId, String channel) {
        Dispatches.Claim claim = dispatches.claim(dispatchId, channel, Instant.now());
        if (claim == null) {
            return;
        }
        DeliveryFailure failure = null;
        try {
            if (Dispatches.EMAIL.equals(channel)) {
                if (claim.recipients().isEmpty()) {
                    throw new DeliveryFailure(
                            "no recipients: the rule mails the project's members and none has an e-mail address",
                            false);
                }
                mail.send(claim.digest(), claim.recipients());
            } else {
                webhooks.send(claim.digest(), claim.webhookUrl(), claim.webhookFormat(), claim.secret());
            }
        } catch (DeliveryFailure e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new DeliveryFailure(e.toString(), true, e);
        }
        Instant retry = dispatches.record(dispatchId, channel, failure, Instant.now());
        metrics.delivered(channel, failure == null ? "sent" : retry != null ? "retrying" : "failed");
        if (failure != null) {
            if (retry != null) {
                LookoutLog.LOG.notificationRetry(channel, dispatchId, failure.getMessage(), retry);
                queue.deliverAt(dispatchId, channel, retry);
            } else {
                LookoutLog.LOG.notificationDead(channel, dispatchId, failure.getMessage());
            }
        }
    }
}
