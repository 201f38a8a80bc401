package io.lookout.query;

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
        JsonArrayBuilder events = JsonOut.BUILDERS.createArrayBuilder();
        em.createNamedQuery("StoredEvent.byCorrelationId", StoredEvent.class)
                .setParameter("projectId", projectId)
                .setParameter("correlationId", correlationId)
                .setMaxResults(1000)
                .getResultStream()
                .forEach(event -> events.add(toJson(event)));
        return Optional.of(JsonOut.BUILDERS.createObjectBuilder().add("correlationId", correlationId).add("events", events).build());
    }

    public static JsonObject toJson(StoredEvent event) {
        JsonObjectBuilder json = JsonOut.BUILDERS.createObjectBuilder()
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
        JsonObjectBuilder json = JsonOut.BUILDERS.createObjectBuilder()
                .add("id", group.getId())
                .add("projectId", group.getProjectId())
                .add("type", group.getType())
                .add("checksum", group.getChecksum())
                .add("message", group.getMessage());
        optional(json, "culprit", group.getCulprit());
        optional(json, "level", group.getLevel());
        json.add("status", group.getStatus())
                .add("count", group.getTimesSeen())
                .add("firstSeen", instant(group.getFirstSeen()))
                .add("lastSeen", instant(group.getLastSeen()));
        json.add("score", group.getScore());
        if (group.getResolvedAt() != null) {
            json.add("resolvedAt", instant(group.getResolvedAt()));
        }
        if (group.getRegressedAt() != null) {
            json.add("regressedAt", instant(group.getRegressedAt()));
        }
        return json.add("timeSpent", timeSpent(group.getTimeSpentTotal(), group.getTimeSpentCount(), group.getTimeSpentMax()))
                .build();
    }

    static JsonObjectBuilder timeSpent(double total, long count, double max) {
        JsonObjectBuilder timeSpent = JsonOut.BUILDERS.createObjectBuilder().add("total", total).add("count", count);
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
        try (var reader = JsonOut.READERS.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }
}
