package io.lookout.query;

import io.lookout.grouping.EventGroup;
import io.lookout.grouping.StoredEvent;
import io.lookout.security.ProjectAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
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

    public Optional<JsonObject> group(long projectId, long groupId) {
        if (!access.mayRead(projectId)) {
            return Optional.empty();
        }
        return Optional.ofNullable(em.find(EventGroup.class, groupId))
                .filter(group -> group.getProjectId() == projectId)
                .map(EventQueries::toJson);
    }

    static JsonObject toJson(StoredEvent event) {
        JsonObjectBuilder json = Json.createObjectBuilder()
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

    static JsonObject toJson(EventGroup group) {
        JsonObjectBuilder json = Json.createObjectBuilder()
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
        JsonObjectBuilder timeSpent = Json.createObjectBuilder()
                .add("total", group.getTimeSpentTotal())
                .add("count", group.getTimeSpentCount());
        if (group.getTimeSpentCount() > 0) {
            timeSpent.add("average", group.getTimeSpentTotal() / group.getTimeSpentCount())
                    .add("max", group.getTimeSpentMax());
        }
        return json.add("timeSpent", timeSpent).build();
    }

    private static void optional(JsonObjectBuilder json, String name, String value) {
        if (value != null) {
            json.add(name, value);
        }
    }

    private static String instant(OffsetDateTime time) {
        return time.toInstant().toString();
    }

    private static JsonValue parse(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }
}
