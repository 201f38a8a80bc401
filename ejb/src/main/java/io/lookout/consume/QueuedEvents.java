package io.lookout.consume;

import io.lookout.event.EventMessages;
import io.lookout.event.EventParser;
import io.lookout.event.IncomingEvent;
import io.lookout.event.IngestException;
import io.lookout.event.TimestampWindow;
import io.lookout.grouping.PendingEvent;
import io.lookout.processing.Processing;
import io.lookout.processing.ProcessorRegistry;
import io.lookout.project.ProjectSnapshot;
import io.lookout.project.ProjectSnapshots;
import io.lookout.project.Projects;
import io.lookout.scrubbing.EventScrubbing;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads one message from the event queue into events ready to store: a message from an enterprise
 * application is checked exactly like a request at the edge (key, shape, processor validation),
 * then its secrets are scrubbed (a JMS sender's events reach no edge) and each event goes through
 * its processor. Needs no transaction; {@link StoreBatches} stores
 * the result. An event without an id gets one derived from the message id, so a redelivered
 * message yields the same ids and is not counted twice.
 */
@ApplicationScoped
public class QueuedEvents {

    /** A message's events, processed, and the project they belong to. */
    public record Processed(long projectId, List<PendingEvent> events) {}

    @Inject
    private ProjectSnapshots projects;

    @Inject
    private ProcessorRegistry processors;

    @Inject
    private Processing processing;

    @Inject
    @ConfigProperty(name = "lookout.ingest.max-batch-size", defaultValue = "1000")
    private int maxBatchSize;

    @Inject
    private TimestampWindow timestampWindow;

    private EventParser parser;

    @PostConstruct
    void init() {
        parser = new EventParser(
                processors::forType, () -> processors.describe().keySet(), maxBatchSize, timestampWindow);
    }

    /**
     * @throws IngestException the message can never be stored: it belongs on the dead-letter queue
     */
    public Processed read(Message message) throws IngestException {
        try {
            String projectProperty = message.getStringProperty(EventMessages.PROJECT_PROPERTY);
            ProjectSnapshot project = Projects.parseId(projectProperty)
                    .flatMap(projects::find)
                    .orElseThrow(() -> new IngestException(
                            404, EventMessages.PROJECT_PROPERTY, "no project '" + projectProperty + "'"));
            if (!project.keyMatches(message.getStringProperty(EventMessages.KEY_PROPERTY))) {
                throw new IngestException(
                        401, EventMessages.KEY_PROPERTY, "missing or wrong public key for project " + project.id());
            }
            if (!(message instanceof TextMessage textMessage) || textMessage.getText() == null) {
                throw IngestException.invalid(
                        null, "the message must be a TextMessage holding an event or an array of events");
            }
            Instant receivedAt =
                    message.getJMSTimestamp() > 0 ? Instant.ofEpochMilli(message.getJMSTimestamp()) : Instant.now();
            String messageId = message.getJMSMessageID();
            List<IncomingEvent> events =
                    parser.parse(textMessage.getText(), receivedAt, index -> derivedId(messageId, index));
            // before processing, so checksums see scrubbed values; the edge's messages come out unchanged
            EventScrubbing.Scrubbed scrubbed = EventScrubbing.scrub(events, project.scrubbing(), processors::forType);
            int[] atEdge = EventMessages.scrubbedCounts(
                    message.getStringProperty(EventMessages.SCRUBBED_PROPERTY), events.size());
            List<PendingEvent> pending = new ArrayList<>(events.size());
            for (int i = 0; i < events.size(); i++) {
                IncomingEvent event = scrubbed.events().get(i);
                pending.add(new PendingEvent(
                        event,
                        processing.process(event, event.fingerprint(), project),
                        receivedAt,
                        atEdge[i] + scrubbed.counts()[i]));
            }
            return new Processed(project.id(), pending);
        } catch (JMSException e) {
            throw new JMSRuntimeException(e.getMessage(), e.getErrorCode(), e);
        }
    }

    private static String derivedId(String messageId, int index) {
        if (messageId == null) {
            return UUID.randomUUID().toString().replace("-", "");
        }
        byte[] name = (messageId + "#" + index).getBytes(StandardCharsets.UTF_8);
        return UUID.nameUUIDFromBytes(name).toString().replace("-", "");
    }
}
