package io.lookout.ingest;

import io.lookout.grouping.EventStore;
import io.lookout.operations.LookoutMetrics;
import io.lookout.processing.ProcessedResult;
import io.lookout.processing.Processing;
import io.lookout.processing.ProcessorRegistry;
import io.lookout.project.Project;
import io.lookout.project.Projects;
import io.lookout.views.ViewDefinition;
import io.lookout.views.Views;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Takes one message from the event queue and stores its events, inside the consumer's transaction.
 * A message from an enterprise application is checked exactly like a request at the edge (key,
 * shape, processor validation); an event without an id gets one derived from the message id, so a
 * redelivered message yields the same ids and is not counted twice.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class QueuedEvents {

    @Inject
    private Projects projects;

    @Inject
    private ProcessorRegistry processors;

    @Inject
    private Processing processing;

    @Inject
    private EventStore store;

    @Inject
    private Views views;

    @Inject
    private LookoutMetrics metrics;

    @Inject
    @ConfigProperty(name = "lookout.ingest.max-batch-size", defaultValue = "1000")
    private int maxBatchSize;

    private EventParser parser;

    @PostConstruct
    void init() {
        parser = new EventParser(processors::forType, () -> processors.describe().keySet(), maxBatchSize);
    }

    /**
     * @return how many events were stored now (not before)
     * @throws IngestException the message can never be stored: it belongs on the dead-letter queue
     */
    public int consume(Message message) throws IngestException {
        try {
            String projectProperty = message.getStringProperty(EventQueue.PROJECT_PROPERTY);
            Project project = Projects.parseId(projectProperty).flatMap(projects::find).orElseThrow(
                    () -> new IngestException(404, EventQueue.PROJECT_PROPERTY, "no project '" + projectProperty + "'"));
            if (!Projects.keyMatches(project, message.getStringProperty(EventQueue.KEY_PROPERTY))) {
                throw new IngestException(401, EventQueue.KEY_PROPERTY,
                        "missing or wrong public key for project " + project.getId());
            }
            if (!(message instanceof TextMessage textMessage) || textMessage.getText() == null) {
                throw IngestException.invalid(null, "the message must be a TextMessage holding an event or an array of events");
            }
            Instant receivedAt = message.getJMSTimestamp() > 0 ? Instant.ofEpochMilli(message.getJMSTimestamp()) : Instant.now();
            String messageId = message.getJMSMessageID();
            List<IncomingEvent> events = parser.parse(textMessage.getText(), receivedAt, index -> derivedId(messageId, index));
            List<ViewDefinition> projectViews = views.forIngest(project.getId());
            int stored = 0;
            for (IncomingEvent event : events) {
                ProcessedResult result = processing.process(event, event.fingerprint(), project);
                if (store.store(project.getId(), projectViews, event, result, receivedAt)) {
                    stored++;
                    metrics.stored(Duration.between(receivedAt, Instant.now()));
                } else {
                    metrics.duplicate();
                }
            }
            return stored;
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
