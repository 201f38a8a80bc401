package io.lookout.ingest;

import io.lookout.JsonFactories;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.json.JsonArrayBuilder;
import java.util.List;

/**
 * The event queue (API.md): where the edge puts accepted events and enterprise applications put
 * theirs. A message is a {@code TextMessage} holding one event or an array, with the string
 * properties {@link #PROJECT_PROPERTY} and {@link #KEY_PROPERTY}.
 */
@ApplicationScoped
public class EventQueue {

    public static final String QUEUE = "java:/jms/queue/lookout/events";
    public static final String DEAD_LETTER_QUEUE = "java:/jms/queue/lookout/events-dlq";
    public static final String PROJECT_PROPERTY = "lookoutProject";
    public static final String KEY_PROPERTY = "lookoutKey";
    /** On a dead-lettered message: why it could not be stored. */
    public static final String ERROR_PROPERTY = "lookoutError";

    @Inject
    private JMSContext jms;

    @Resource(lookup = QUEUE)
    private Queue queue;

    /**
     * Sends accepted events as one persistent message; returns once the broker has it durably
     * (outside a transaction the send is synchronous).
     */
    public void send(long projectId, String key, List<IncomingEvent> events) {
        JsonArrayBuilder array = JsonFactories.BUILDERS.createArrayBuilder();
        events.forEach(event -> array.add(event.toJson()));
        jms.createProducer()
                .setDeliveryMode(DeliveryMode.PERSISTENT)
                .setProperty(PROJECT_PROPERTY, Long.toString(projectId))
                .setProperty(KEY_PROPERTY, key)
                .send(queue, array.build().toString());
    }
}
