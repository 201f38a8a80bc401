package io.lookout.ingest;

import io.lookout.JsonFactories;
import io.lookout.event.EventMessages;
import io.lookout.event.IncomingEvent;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;
import jakarta.json.JsonArrayBuilder;
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
        JsonArrayBuilder array = JsonFactories.BUILDERS.createArrayBuilder();
        events.forEach(event -> array.add(event.toJson()));
        JMSProducer producer = jms.createProducer()
                .setDeliveryMode(DeliveryMode.PERSISTENT)
                .setProperty(EventMessages.PROJECT_PROPERTY, Long.toString(projectId))
                .setProperty(EventMessages.KEY_PROPERTY, key);
        String counts = EventMessages.scrubbedCounts(scrubbed);
        if (counts != null) {
            producer.setProperty(EventMessages.SCRUBBED_PROPERTY, counts);
        }
        producer.send(queue, array.build().toString());
    }
}
