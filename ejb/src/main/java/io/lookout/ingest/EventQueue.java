package io.lookout.ingest;

import io.lookout.JsonFactories;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
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
    /**
     * Set by the edge: how many values it scrubbed from each event of the message, comma-separated
     * ({@code 2,0,1}); absent when none. The consumer adds them to the project's count.
     */
    public static final String SCRUBBED_PROPERTY = "lookoutScrubbed";
    /** On a dead-lettered message: why it could not be stored. */
    public static final String ERROR_PROPERTY = "lookoutError";

    @Inject
    private JMSContext jms;

    @Resource(lookup = QUEUE)
    private Queue queue;

    /**
     * Sends accepted events as one persistent message; returns once the broker has it durably
     * (outside a transaction the send is synchronous).
     *
     * @param scrubbed per event, how many values the edge scrubbed from it
     */
    public void send(long projectId, String key, List<IncomingEvent> events, int[] scrubbed) {
        JsonArrayBuilder array = JsonFactories.BUILDERS.createArrayBuilder();
        events.forEach(event -> array.add(event.toJson()));
        JMSProducer producer = jms.createProducer()
                .setDeliveryMode(DeliveryMode.PERSISTENT)
                .setProperty(PROJECT_PROPERTY, Long.toString(projectId))
                .setProperty(KEY_PROPERTY, key);
        String counts = scrubbedCounts(scrubbed);
        if (counts != null) {
            producer.setProperty(SCRUBBED_PROPERTY, counts);
        }
        producer.send(queue, array.build().toString());
    }

    /** {@code "2,0,1"}, or {@code null} when nothing was scrubbed. */
    static String scrubbedCounts(int[] scrubbed) {
        boolean any = false;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < scrubbed.length; i++) {
            any |= scrubbed[i] > 0;
            text.append(i == 0 ? "" : ",").append(scrubbed[i]);
        }
        return any ? text.toString() : null;
    }

    /**
     * The counts of {@link #SCRUBBED_PROPERTY} for a message of {@code events} events; zeros when
     * absent or unreadable (a JMS sender may set anything: at worst it moves its own project's count).
     */
    static int[] scrubbedCounts(String property, int events) {
        int[] counts = new int[events];
        if (property == null) {
            return counts;
        }
        String[] parts = property.split(",", -1);
        if (parts.length != events) {
            return counts;
        }
        try {
            for (int i = 0; i < events; i++) {
                counts[i] = Math.max(0, Math.min(Integer.parseInt(parts[i].strip()), 1_000_000));
            }
        } catch (NumberFormatException e) {
            return new int[events];
        }
        return counts;
    }
}
