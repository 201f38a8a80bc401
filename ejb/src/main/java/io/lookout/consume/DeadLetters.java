package io.lookout.consume;

import io.lookout.event.EventMessages;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.TextMessage;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Moves a message that can never be stored to the dead-letter queue, with the reason in the
 * property {@link EventQueue#ERROR_PROPERTY}, inside the consumer's transaction: the original is
 * acknowledged only together with its copy. Lists what is there for the admin API.
 */
@ApplicationScoped
public class DeadLetters {

    /** On a dead-lettered copy: when the original was sent, milliseconds since the epoch. */
    public static final String RECEIVED_AT_PROPERTY = "lookoutReceivedAt";
    /** Characters of a message body shown by {@link #list(int)}. */
    public static final int BODY_PREVIEW_CHARS = 2000;

    @Inject
    private JMSContext jms;

    @Resource(lookup = EventMessages.DEAD_LETTER_QUEUE)
    private Queue deadLetterQueue;

    /**
     * One message on the dead-letter queue, as the admin API shows it ({@code GET /api/admin/dead-letters}).
     *
     * @param error why it could not be stored
     * @param project the project id the sender named; null (written as {@code null}) when none
     * @param receivedAt when the original was sent; null when unknown
     * @param body the start of its body ({@link #BODY_PREVIEW_CHARS} characters)
     */
    @JsonbPropertyOrder({"messageId", "error", "project", "receivedAt", "deadLetteredAt", "body", "bodyTruncated"})
    public record DeadLetter(
            String messageId,
            String error,
            @Schema(nullable = true) @JsonbNillable String project,
            @Schema(nullable = true) @JsonbNillable Instant receivedAt,
            @Schema(nullable = true) @JsonbNillable Instant deadLetteredAt,
            String body,
            boolean bodyTruncated) {}

    /** {@code {"messages": [...]}}, oldest first. */
    public record DeadLetterList(List<DeadLetter> messages) {}

    /**
     * The oldest {@code limit} messages on the dead-letter queue, browsed (they stay there). A message
     * Lookout refused carries its reason; one the broker moved after the last delivery attempt says so.
     */
    public List<DeadLetter> list(int limit) {
        List<DeadLetter> letters = new ArrayList<>();
        try (QueueBrowser browser = jms.createBrowser(deadLetterQueue)) {
            Enumeration<?> messages = browser.getEnumeration();
            while (messages.hasMoreElements() && letters.size() < limit) {
                letters.add(describe((Message) messages.nextElement()));
            }
        } catch (JMSException e) {
            throw new JMSRuntimeException(e.getMessage(), e.getErrorCode(), e);
        }
        return letters;
    }

    private static DeadLetter describe(Message message) throws JMSException {
        String error = message.getStringProperty(EventMessages.ERROR_PROPERTY);
        if (error == null) {
            error = "not stored after the last delivery attempt (lookout.ingest.max-delivery-attempts);"
                    + " the server log has the failures";
        }
        String messageId = message.getStringProperty("lookoutOriginalMessageId");
        if (messageId == null) {
            messageId = message.getJMSMessageID();
        }
        Instant deadLetteredAt = message.getJMSTimestamp() > 0 ? Instant.ofEpochMilli(message.getJMSTimestamp()) : null;
        Instant receivedAt = message.propertyExists(RECEIVED_AT_PROPERTY)
                ? Instant.ofEpochMilli(message.getLongProperty(RECEIVED_AT_PROPERTY))
                : deadLetteredAt;
        String body;
        if (message instanceof TextMessage text) {
            body = text.getText() == null ? "" : text.getText();
        } else if (message instanceof BytesMessage bytes) {
            body = "(a BytesMessage of " + bytes.getBodyLength() + " bytes)";
        } else {
            body = "(a " + message.getClass().getSimpleName() + ")";
        }
        boolean truncated = body.length() > BODY_PREVIEW_CHARS;
        return new DeadLetter(
                messageId,
                error,
                message.getStringProperty(EventMessages.PROJECT_PROPERTY),
                receivedAt,
                deadLetteredAt,
                truncated ? body.substring(0, BODY_PREVIEW_CHARS) : body,
                truncated);
    }

    public void send(Message original, String reason) {
        try {
            TextMessage copy = jms.createTextMessage(original instanceof TextMessage text ? text.getText() : null);
            for (Object name : Collections.list(original.getPropertyNames())) {
                String property = (String) name;
                if (!property.startsWith("JMS") && !property.startsWith("_")) {
                    copy.setObjectProperty(property, original.getObjectProperty(property));
                }
            }
            copy.setStringProperty(EventMessages.ERROR_PROPERTY, reason);
            copy.setStringProperty("lookoutOriginalMessageId", original.getJMSMessageID());
            copy.setStringProperty("lookoutOriginalType", original.getClass().getSimpleName());
            if (original.getJMSTimestamp() > 0) {
                copy.setLongProperty(RECEIVED_AT_PROPERTY, original.getJMSTimestamp());
            }
            jms.createProducer().send(deadLetterQueue, copy);
        } catch (JMSException e) {
            throw new JMSRuntimeException(e.getMessage(), e.getErrorCode(), e);
        }
    }
}
