package io.lookout.query;

import io.lookout.JsonFactories;
import io.lookout.grouping.EventGroup;
import io.lookout.grouping.StoredEvent;
import io.lookout.security.ProjectAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.StringReader;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Reads events and groups for the API, as JSON in the shape of API.md. Callers see only the
 * projects they may read; anything else is "not found".
 */
@ApplicationScoped
public class EventQueries {

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private ProjectAccess access;

    public Optional<JsonObject> event(long projectId, String eventId) {
        if (!access.mayRead(projectId)) {
            return Optional.empty();
        }
        return em.createNamedQuery("StoredEvent.byEventId", StoredEvent.class)
                .setParameter("projectId", projectId)
                .setParameter("eventId", eventId)
                .getResultStream()
                .findFirst()
                .map(EventQueries::toJson);
    }

    /** Every event carrying the correlation id, oldest first (at most 1,000). */
    public Optional<JsonObject> correlation(long projectId, String correlationId) {
        if (!access.mayRead(projectId)) {
            return Optional.empty();
        }
        JsonArrayBuilder events = JsonFactories.BUILDERS.createArrayBuilder();
        em.createNamedQuery("StoredEvent.byCorrelationId", StoredEvent.class)
                .setParameter("projectId", projectId)
                .setParameter("correlationId", correlationId)
                .setMaxResults(1000)
                .getResultStream()
                .forEach(event -> events.add(toJson(event)));
        return Optional.of(JsonFactories.BUILDERS.createObjectBuilder().add("correlationId", correlationId).add("events", events).build());
    }

    public static JsonObject toJson(StoredEvent event) {
        JsonObjectBuilder json = JsonFactories.BUILDERS.createObjectBuilder()
                .add("id", event.getEventId())
                .add("projectId", event.getProjectId())
                .add("groupId", event.getGroupId())
                .add("type", event.getType())
                .add("checksum", event.getChecksum())
                .add("timestamp", instant(event.getOccurredAt()))
                .add("receivedAt", instant(event.getReceivedAt()))
                .add("message", event.getMessage());
        optional(json, "culprit", event.getCulprit());
        optional(json, "level", event.getLevel());
        if (event.getTimeSpent() != null) {
            json.add("timeSpent", event.getTimeSpent());
        }
        optional(json, "correlationId", event.getCorrelationId());
        return json.add("tags", parse(event.getTags()))
                .add("data", parse(event.getData()))
                .build();
    }

    public static JsonObject toJson(EventGroup group) {
        return groupJson(group.getId(), group.getProjectId(), group.getType(), group.getChecksum(), group.getMessage(),
                group.getCulprit(), group.getLevel(), group.getStatus(), group.getTimesSeen(), group.getFirstSeen(),
                group.getLastSeen(), group.getScore(), group.getResolvedAt(), group.getRegressedAt(),
                group.getTimeSpentTotal(), group.getTimeSpentCount(), group.getTimeSpentMax()).build();
    }

    /**
     * A group in the API's shape, from its values; lists read them from joined rows (a view
     * group's counts with its group's summary) rather than loading each entity.
     */
    static JsonObjectBuilder groupJson(long id, long projectId, String type, String checksum, String message, String culprit,
            String level, String status, long count, OffsetDateTime firstSeen, OffsetDateTime lastSeen, double score,
            OffsetDateTime resolvedAt, OffsetDateTime regressedAt, double timeSpentTotal, long timeSpentCount,
            double timeSpentMax) {
        JsonObjectBuilder json = JsonFactories.BUILDERS.createObjectBuilder()
                .add("id", id)
                .add("projectId", projectId)
                .add("type", type)
                .add("checksum", checksum)
                .add("message", message);
        optional(json, "culprit", culprit);
        optional(json, "level", level);
        json.add("status", status)
                .add("count", count)
                .add("firstSeen", instant(firstSeen))
                .add("lastSeen", instant(lastSeen));
        json.add("score", score);
        if (resolvedAt != null) {
            json.add("resolvedAt", instant(resolvedAt));
        }
        if (regressedAt != null) {
            json.add("regressedAt", instant(regressedAt));
        }
        return json.add("timeSpent", timeSpent(timeSpentTotal, timeSpentCount, timeSpentMax));
    }

    static JsonObjectBuilder timeSpent(double total, long count, double max) {
        JsonObjectBuilder timeSpent = JsonFactories.BUILDERS.createObjectBuilder().add("total", total).add("count", count);
        if (count > 0) {
            timeSpent.add("average", total / count).add("max", max);
        }
        return timeSpent;
    }

    private static void optional(JsonObjectBuilder json, String name, String value) {
        if (value != null) {
            json.add(name, value);
        }
    }

    static String instant(OffsetDateTime time) {
        return time.toInstant().toString();
    }

    private static JsonValue parse(String json) {
        try (var reader = JsonFactories.READERS.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }
}
