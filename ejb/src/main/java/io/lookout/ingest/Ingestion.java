package io.lookout.ingest;

import io.lookout.event.EventParser;
import io.lookout.event.IncomingEvent;
import io.lookout.event.IngestException;
import io.lookout.event.TimestampWindow;
import io.lookout.operations.LookoutMetrics;
import io.lookout.processing.ProcessorRegistry;
import io.lookout.project.ProjectSnapshot;
import io.lookout.project.ProjectSnapshots;
import io.lookout.project.Projects;
import io.lookout.quota.QuotaLedger;
import io.lookout.quota.Quotas;
import io.lookout.scrubbing.EventScrubbing;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.IntSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The edge: authenticates the project key, checks every event, applies the key's rate limit and
 * puts the accepted events on the queue. Nothing is enqueued unless every event of the request is
 * valid; then the key's per-node rate limit and the project's quotas ({@link Quotas}). The native endpoint and the Sentry endpoints share this one path, which also scrubs the
 * project's secrets from the events before they go on the queue (docs/security.md).
 */
@ApplicationScoped
public class Ingestion {

    @Inject
    private ProjectSnapshots projects;

    @Inject
    private ThisNode node;

    @Inject
    private ProcessorRegistry processors;

    @Inject
    private EventQueue queue;

    @Inject
    private RateLimiter rateLimiter;

    @Inject
    private Quotas quotas;

    @Inject
    private LookoutMetrics metrics;

    @Inject
    @ConfigProperty(name = "lookout.ingest.max-batch-size", defaultValue = "1000")
    private int maxBatchSize;

    @Inject
    @ConfigProperty(name = "lookout.ingest.max-body-bytes", defaultValue = "1048576")
    private int maxBodyBytes;

    @Inject
    private TimestampWindow timestampWindow;

    private EventParser parser;

    @PostConstruct
    void init() {
        parser = new EventParser(
                processors::forType, () -> processors.describe().keySet(), maxBatchSize, timestampWindow);
    }

    /** The largest body the edge reads, in bytes. */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * @param projectIdText the project id from the URL
     * @param key the public key the sender presented, or {@code null}
     * @param body the request body
     * @return the ids of the accepted events, in order
     */
    public List<String> accept(String projectIdText, String key, String body) throws IngestException {
        return counted(() -> {
            ProjectSnapshot project = authenticate(projectIdText, key);
            // a project whose quota is full is refused before its body is parsed (cheap 429s under a storm)
            refuseWhenFull(project, () -> EventCount.of(body));
            return enqueue(project, key, parser.parse(body, Instant.now(), index -> randomId()));
        });
    }

    /**
     * The same as {@link #accept(String, String, String)} for events already parsed into native JSON
     * (one event object or an array), such as those the Sentry endpoints map from the SDKs' events.
     */
    public List<String> accept(String projectIdText, String key, JsonValue events) throws IngestException {
        return counted(() -> {
            ProjectSnapshot project = authenticate(projectIdText, key);
            refuseWhenFull(project, () -> events instanceof JsonArray array ? array.size() : 1);
            return enqueue(project, key, parser.parse(events, Instant.now(), index -> randomId()));
        });
    }

    /** Counts a request refused before it reached {@link #accept}, e.g. for its size. */
    public void rejected(int status) {
        metrics.rejected(LookoutMetrics.reason(status));
    }

    /** One step of the edge that may refuse the request. */
    @FunctionalInterface
    private interface Step {
        List<String> run() throws IngestException;
    }

    private List<String> counted(Step step) throws IngestException {
        try {
            List<String> ids = step.run();
            metrics.accepted(ids.size());
            return ids;
        } catch (IngestException e) {
            metrics.rejected(LookoutMetrics.reason(e.status()));
            throw e;
        }
    }

    /**
     * The project when {@code key} is its public key.
     *
     * @throws IngestException 401 no key or the wrong one, 404 no such project, 503 this node's role
     *     is {@code consumer}
     */
    public ProjectSnapshot authenticate(String projectIdText, String key) throws IngestException {
        node.requireAcceptsEvents();
        if (key == null || key.isBlank()) {
            throw new IngestException(401, null, "missing project key: send 'Authorization: Bearer {public key}'");
        }
        ProjectSnapshot project = Projects.parseId(projectIdText)
                .flatMap(projects::find)
                .orElseThrow(() -> new IngestException(404, null, "no project " + projectIdText));
        if (!project.keyMatches(key)) {
            throw new IngestException(401, null, "the key is not the public key of project " + project.id());
        }
        return project;
    }

    private void refuseWhenFull(ProjectSnapshot project, IntSupplier events) throws RateLimitedException {
        // the events, counted at most once (a refusal, or a low bucket): for the drops and the message
        int[] counted = {-1};
        QuotaLedger.Decision full = quotas.checkFull(project, () -> counted[0] = events.getAsInt());
        if (!full.accepted()) {
            int count = counted[0];
            throw new RateLimitedException(
                    full.retryAfterSeconds(), full.describe(project.id(), count), full.sentryRateLimits());
        }
    }

    private List<String> enqueue(ProjectSnapshot project, String key, List<IncomingEvent> events)
            throws IngestException {
        // the node's own guard first (no shared state), then the project's quotas (shared by all nodes);
        // both before the scrub, so that a refused request under a storm costs no scrubbing (a request that
        // scrubbing then makes invalid, a rare 400, has counted against the quota: the limits err on the safe side)
        rateLimiter.acquire(key, events.size());
        QuotaLedger.Decision quota = quotas.check(project, events.size());
        if (!quota.accepted()) {
            throw new RateLimitedException(
                    quota.retryAfterSeconds(), quota.describe(project.id(), events.size()), quota.sentryRateLimits());
        }
        // scrubbed before the queue: the broker's journal never holds what the project scrubs
        EventScrubbing.Scrubbed scrubbed = EventScrubbing.scrub(events, project.scrubbing(), processors::forType);
        queue.send(project.id(), key, scrubbed.events(), scrubbed.counts());
        return events.stream().map(IncomingEvent::id).toList();
    }

    private static String randomId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
