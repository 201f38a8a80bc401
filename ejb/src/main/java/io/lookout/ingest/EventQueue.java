package io.lookout.ingest;

import io.lookout.event.EventMessages;
import io.lookout.event.IncomingEvent;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;
import java.util.List;

/** The edge's side of the event queue ({@link EventMessages}): one persistent message per accepted request. */
@ApplicationScoped
public class EventQueue {

    @Inject
    private JMSContext jms;

    @Resource(lookup = EventMessages.QUEUE)
    private Queue queue;

    /**
     * Sends accepted events as one persistent message; returns once the broker has it durably
     * (outside a transaction the send is synchronous).
     *
     * @param scrubbed per event, how many values the edge scrubbed from it
     */
    public void send(long projectId, String key, List<IncomingEvent> events, int[] scrubbed) {
        StringBuilder text = new StringBuilder(Math.min(1 << 20, 1024 * events.size()));
        text.append('[');
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            events.get(i).writeJson(text);
        }
        text.append(']');
        JMSProducer producer = jms.createProducer()
                .setDeliveryMode(DeliveryMode.PERSISTENT)
                .setProperty(EventMessages.PROJECT_PROPERTY, Long.toString(projectId))
                .setProperty(EventMessages.KEY_PROPERTY, key);
        String counts = EventMessages.scrubbedCounts(scrubbed);
        if (counts != null) {
            producer.setProperty(EventMessages.SCRUBBED_PROPERTY, counts);
        }
        producer.send(queue, text.toString());
    }
}
