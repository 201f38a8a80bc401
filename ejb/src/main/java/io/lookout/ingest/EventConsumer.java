package io.lookout.ingest;

import io.lookout.operations.LookoutLog;
import io.lookout.operations.LookoutMetrics;
import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.MessageDrivenContext;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

/**
 * Consumes the event queue. Container-managed transaction: a message is acknowledged only with
 * the transaction that stored its events. A message that can never be stored (bad key, unknown
 * project, invalid events) goes to the dead-letter queue at once, with its reason; any other
 * failure rolls back, the broker redelivers with back-off and, after the configured attempts,
 * moves the message to the dead-letter queue.
 */
@MessageDriven(name = "EventConsumer", activationConfig = {
    @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = EventQueue.QUEUE),
    @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
})
public class EventConsumer implements MessageListener {


    @Inject
    private QueuedEvents events;

    @Inject
    private DeadLetters deadLetters;

    @Inject
    private LookoutMetrics metrics;

    @Resource
    private MessageDrivenContext context;

    @Override
    public void onMessage(Message message) {
        try {
            events.consume(message);
        } catch (IngestException e) {
            String reason = e.describe();
            LookoutLog.LOG.deadLettered(id(message), reason);
            deadLetters.send(message, reason);
            metrics.deadLettered(LookoutMetrics.reason(e.status()));
        } catch (RuntimeException e) {
            LookoutLog.LOG.storeFailed(e, id(message), deliveryCount(message));
            context.setRollbackOnly();
        }
    }

    private static String id(Message message) {
        try {
            return message.getJMSMessageID();
        } catch (JMSException e) {
            return "?";
        }
    }

    private static String deliveryCount(Message message) {
        try {
            return Integer.toString(message.getIntProperty("JMSXDeliveryCount"));
        } catch (JMSException | NumberFormatException e) {
            return "?";
        }
    }
}
