package io.lookout.query;

import io.lookout.JsonFactories;
import io.lookout.grouping.StoredEvent;
import io.lookout.processing.GroupedBy;
import io.lookout.processors.spi.GroupingPart;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.json.bind.annotation.JsonbTypeSerializer;
import java.io.StringReader;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One stored event (API.md, <i>Events</i>). Null components are left out of the JSON.
 *
 * @param tags the final tags, {@code project} and {@code type} included; a null value is a null tag
 * @param data the event's data as stored: any JSON, the processor's to read
 * @param grouping why the event joined its group, as described at ingest (API.md's {@code grouping}):
 *     the parts used and those left out with why; only on one event read by its id, and {@code null}
 *     for events stored before Lookout kept it
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
    "data",
    "grouping"
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
        JsonValue data,
        List<EventDetail.Part> grouping) {

    /**
     * One part of the grouping description.
     *
     * @param part what the part is, as its processor (or the fingerprint, or a rule) labels it
     * @param why why a part was left out; {@code null} (and left out of the JSON) for a used part
     */
    @JsonbPropertyOrder({"part", "value", "used", "why"})
    public record Part(String part, String value, boolean used, String why) {

        static Part of(GroupingPart part) {
            return new Part(part.label(), part.value(), part.used(), part.reason());
        }
    }

    /** One event in a list: without its grouping description. */
    static EventDetail of(StoredEvent event) {
        return of(event, null);
    }

    /** One event read by its id: with its grouping description, when it was stored with one. */
    static EventDetail withGroupedBy(StoredEvent event) {
        List<GroupingPart> parts = GroupedBy.parse(event.getGroupedBy());
        return of(event, parts == null ? null : parts.stream().map(Part::of).toList());
    }

    private static EventDetail of(StoredEvent event, List<Part> grouping) {
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
                parse(event.getData()),
                grouping);
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
