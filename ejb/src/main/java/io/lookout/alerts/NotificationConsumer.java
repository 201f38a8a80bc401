package io.lookout.alerts;

import io.lookout.operations.LookoutLog;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

/**
 * Consumes the notification queue: forms a rule's digest, delivers a dispatch's channel. Not in a
 * transaction: each step commits its own, and SMTP or HTTP happen between them, never inside one.
 * A failure of the database throws and the broker redelivers the prompt; a failure of the mail
 * server or the webhook is a retry the database schedules ({@link Deliveries}).
 */
@MessageDriven(
        name = "NotificationConsumer",
        activationConfig = {
            @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = NotificationQueue.QUEUE),
            @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
            @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "4"),
        })
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class NotificationConsumer implements MessageListener {

    @Inject
    private Dispatcher dispatcher;

    @Override
    public void onMessage(Message message) {
        try {
            String op = message.getStringProperty(NotificationQueue.OP);
            if ("dispatch".equals(op) && message.propertyExists(NotificationQueue.RULE)) {
                dispatcher.dispatch(message.getLongProperty(NotificationQueue.RULE));
            } else if ("deliver".equals(op) && message.propertyExists(NotificationQueue.DISPATCH)) {
                dispatcher.deliver(
                        message.getLongProperty(NotificationQueue.DISPATCH),
                        message.getStringProperty(NotificationQueue.CHANNEL));
            } else {
                LookoutLog.LOG.notificationPromptUnknown(String.valueOf(op));
            }
        } catch (JMSException | NumberFormatException e) {
            LookoutLog.LOG.notificationPromptUnknown(e.toString());
        }
    }
}
