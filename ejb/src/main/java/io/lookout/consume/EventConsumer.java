package io.lookout.consume;

import io.lookout.Failures;
import io.lookout.event.EventMessages;
import io.lookout.event.IngestException;
import io.lookout.operations.LookoutLog;
import io.lookout.operations.LookoutMetrics;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

/**
 * Consumes the event queue. The delivery is not part of a transaction: the consumer reads and
 * processes its message, hands the events to {@link StoreBatches} and returns only after the
 * database transaction that stored them has committed; only then does the broker take the
 * acknowledgement. Should the node die between the commit and the acknowledgement, the message is
 * delivered again and its events, already stored under the same ids, are skipped (the store is
 * idempotent on event id): nothing is lost and nothing is counted twice, with one resource per
 * transaction instead of XA.
 *
 * <p>A message that can never be stored (bad key, unknown project, invalid events) goes to the
 * dead-letter queue at once, with its reason. Any other failure throws and the broker redelivers
 * with back-off; once this node has failed to store the message {@code lookout.ingest.max-delivery-attempts}
 * times ({@link DeliveryFailures}: the failures it saw, not the broker's delivery count) the consumer
 * moves it to the dead-letter queue itself, with the last failure as its reason.
 */
@MessageDriven(
        name = "EventConsumer",
        activationConfig = {
            @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = EventMessages.QUEUE),
            @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
            // concurrent deliveries: the more messages wait together, the more each transaction stores
            // (META-INF/jboss-ejb3.xml sets it from lookout.ingest.consumers; why 15: docs/architecture.md)
            @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "15"),
        })
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class EventConsumer implements MessageListener {

    @Inject
    private QueuedEvents events;

    @Inject
    private StoreBatches batches;

    @Inject
    private DeadLetters deadLetters;

    @Inject
    private LookoutMetrics metrics;

    @Inject
    private DeliveryFailures failures;

    @Override
    public void onMessage(Message message) {
        String id = id(message);
        try {
            batches.giveWayToReaders();
            batches.store(events.read(message));
            failures.settled(id);
        } catch (IngestException e) {
            String reason = e.describe();
            LookoutLog.LOG.deadLettered(id, reason);
            deadLetters.send(message, reason);
            failures.settled(id);
            metrics.deadLettered(LookoutMetrics.reason(e.status()));
        } catch (RuntimeException e) {
            // a processor that throws, a database that fails: redelivered, then dead-lettered
            int failed = failures.failed(id);
            LookoutLog.LOG.storeFailed(e, id, deliveryCount(message));
            if (!failures.exhausted(failed)) {
                throw e;
            }
            String reason = "not stored after " + failed
                    + " attempts (lookout.ingest.max-delivery-attempts); the last: " + Failures.describe(e);
            LookoutLog.LOG.deadLettered(id, reason);
            deadLetters.send(message, reason);
            failures.settled(id);
            metrics.deadLettered("store_failed");
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
