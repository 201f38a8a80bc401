package io.lookout.alerts;

import io.lookout.operations.LookoutLog;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/**
 * The notification queue (API.md): persistent messages that prompt the {@link NotificationConsumer}
 * to form a rule's digest or to deliver one of a dispatch's channels, at once or at a given time
 * (the broker holds a delayed message until then). A prompt carries ids only; the database holds
 * what is to be sent. Prompts are sent after the transaction that made them due has committed; one
 * lost to a crash in between is sent again by {@link AlertSweeper}, and a prompt that finds nothing
 * to do does nothing, so a repeated one is harmless.
 */
@ApplicationScoped
public class NotificationQueue {

    public static final String QUEUE = "java:/jms/queue/lookout/notifications";
    static final String OP = "lookoutOp";
    static final String RULE = "lookoutRule";
    static final String DISPATCH = "lookoutDispatch";
    static final String CHANNEL = "lookoutChannel";

    @Inject
    private JMSContext jms;

    @Resource(lookup = QUEUE)
    private Queue queue;

    @Inject
    private AlertSettings settings;

    /** The rules raised notifications: their digests are due once the batch's neighbours had time to join. */
    public void dispatchSoon(Collection<Long> ruleIds) {
        for (long ruleId : ruleIds) {
            dispatchAt(ruleId, Instant.now().plus(settings.gather()));
        }
    }

    /**
     * Prompts the digest of a rule at {@code at}. Never throws: the sweeper makes up for a prompt that
     * fails. A prompt this node already has waiting in the broker for no later than {@code at} makes
     * a new one unnecessary: when it comes, the digest takes every notification due by then, or
     * schedules itself again (a storm of new groups would otherwise send one prompt per batch and rule).
     */
    public void dispatchAt(long ruleId, Instant at) {
        Instant now = Instant.now();
        Instant waiting = scheduled.get(ruleId);
        if (waiting != null && waiting.isAfter(now.plusMillis(250)) && !waiting.isAfter(at)) {
            return;
        }
        scheduled.put(ruleId, at);
        send(at, "dispatch", RULE, ruleId, null);
    }

    /** The time of the digest prompt this node sent last per rule. */
    private final java.util.concurrent.ConcurrentMap<Long, Instant> scheduled =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Prompts the delivery of a dispatch's channel at {@code at}. */
    public void deliverAt(long dispatchId, String channel, Instant at) {
        send(at, "deliver", DISPATCH, dispatchId, channel);
    }

    private void send(Instant at, String op, String idProperty, long id, String channel) {
        try {
            long delay = Math.max(0, Duration.between(Instant.now(), at).toMillis());
            var producer = jms.createProducer()
                    .setDeliveryMode(DeliveryMode.PERSISTENT)
                    .setProperty(OP, op)
                    .setProperty(idProperty, id);
            if (channel != null) {
                producer.setProperty(CHANNEL, channel);
            }
            if (delay > 0) {
                producer.setDeliveryDelay(delay);
            }
            producer.send(queue, op + " " + id + (channel == null ? "" : " " + channel));
        } catch (RuntimeException e) {
            LookoutLog.LOG.notificationPromptFailed(e, op, id);
        }
    }
}
