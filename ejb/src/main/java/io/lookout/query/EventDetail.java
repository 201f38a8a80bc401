package io.lookout.query;

import io.lookout.JsonFactories;
import io.lookout.grouping.StoredEvent;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.json.bind.annotation.JsonbTypeSerializer;
import java.io.StringReader;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One stored event (API.md, <i>Events</i>). Null components are left out of the JSON.
 *
 * @param tags the final tags, {@code project} and {@code type} included; a null value is a null tag
 * @param data the event's data as stored: any JSON, the processor's to read
 */
@JsonbPropertyOrder({
    "id",
    "projectId",
    "groupId",
    "type",
    "checksum",
    "timestamp",
    "receivedAt",
    "message",
    "culprit",
    "level",
    "timeSpent",
    "correlationId",
    "tags",
    "data"
})
public record EventDetail(
        String id,
        long projectId,
        long groupId,
        String type,
        String checksum,
        Instant timestamp,
        Instant receivedAt,
        String message,
        String culprit,
        String level,
        @JsonbTypeSerializer(JsonDecimal.class) Double timeSpent,
        String correlationId,
        Map<String, String> tags,
        JsonValue data) {

    static EventDetail of(StoredEvent event) {
        return new EventDetail(
                event.getEventId(),
                event.getProjectId(),
                event.getGroupId(),
                event.getType(),
                event.getChecksum(),
                event.getOccurredAt().toInstant(),
                event.getReceivedAt().toInstant(),
                event.getMessage(),
                event.getCulprit(),
                event.getLevel(),
                event.getTimeSpent(),
                event.getCorrelationId(),
                tags(event.getTags()),
                parse(event.getData()));
    }

    /** The tags column in its stored order; values are text or null. */
    private static Map<String, String> tags(String json) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (parse(json) instanceof JsonObject object) {
            object.forEach((key, value) -> tags.put(
                    key,
                    value instanceof JsonString text
                            ? text.getString()
                            : value.getValueType() == JsonValue.ValueType.NULL ? null : value.toString()));
        }
        return Collections.unmodifiableMap(tags);
    }

    private static JsonValue parse(String json) {
        try (var reader = JsonFactories.READERS.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }
}
