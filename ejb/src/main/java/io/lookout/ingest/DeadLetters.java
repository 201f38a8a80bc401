package io.lookout.ingest;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import java.util.Collections;

/**
 * Moves a message that can never be stored to the dead-letter queue, with the reason in the
 * property {@link EventQueue#ERROR_PROPERTY}, inside the consumer's transaction: the original is
 * acknowledged only together with its copy.
 */
@ApplicationScoped
public class DeadLetters {

    @Inject
    private JMSContext jms;

    @Resource(lookup = EventQueue.DEAD_LETTER_QUEUE)
    private Queue deadLetterQueue;

    public void send(Message original, String reason) {
        try {
            TextMessage copy = jms.createTextMessage(original instanceof TextMessage text ? text.getText() : null);
            for (Object name : Collections.list(original.getPropertyNames())) {
                String property = (String) name;
                if (!property.startsWith("JMS") && !property.startsWith("_")) {
                    copy.setObjectProperty(property, original.getObjectProperty(property));
                }
            }
            copy.setStringProperty(EventQueue.ERROR_PROPERTY, reason);
            copy.setStringProperty("lookoutOriginalMessageId", original.getJMSMessageID());
            copy.setStringProperty("lookoutOriginalType", original.getClass().getSimpleName());
            jms.createProducer().send(deadLetterQueue, copy);
        } catch (JMSException e) {
            throw new JMSRuntimeException(e.getMessage(), e.getErrorCode(), e);
        }
    }
}
