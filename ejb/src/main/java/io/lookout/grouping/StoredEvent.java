package io.lookout.grouping;

import io.lookout.JsonFactories;
import io.lookout.schema.SqlRow;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.StringReader;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;

/** An event as stored. Rows are written only by {@link EventStore}; this entity reads them. */
@Entity
@Table(name = "event")
@NamedQuery(
        name = "StoredEvent.byEventId",
        query = "SELECT e FROM StoredEvent e WHERE e.projectId = :projectId AND e.eventId = :eventId")
@NamedQuery(
        name = "StoredEvent.byCorrelationId",
        query =
                "SELECT e FROM StoredEvent e WHERE e.projectId = :projectId AND e.correlationId = :correlationId ORDER BY e.id")
@NamedQuery(
        name = "StoredEvent.latestOfGroup",
        query = "SELECT e FROM StoredEvent e WHERE e.groupId = :groupId ORDER BY e.id DESC")
public class StoredEvent {

    @Id
    private Long id;

    @Column(name = "project_id")
    private long projectId;

    @Column(name = "event_id")
    private String eventId;

    @Column(name = "group_id")
    private long groupId;

    private String type;
    private String checksum;

    @Column(name = "occurred_at")
    private OffsetDateTime occurredAt;

    @Column(name = "received_at")
    private OffsetDateTime receivedAt;

    private String message;
    private String culprit;
    private String level;

    @Column(name = "time_spent")
    private Double timeSpent;

    @Column(name = "correlation_id")
    private String correlationId;

    /** The final tags as a JSON object (values may be null). */
    private String tags;

    /** The event's data as the sender sent it, JSON. */
    private String data;

    /** Why the event joined its group, JSON (processing.GroupedBy); null for events stored before it was kept. */
    @Column(name = "grouped_by")
    private String groupedBy;

    /** The sender's fingerprint, a JSON array; null when it sent none or for events stored before it was kept. */
    private String fingerprint;

    protected StoredEvent() {}

    /** The {@code tags} column as a map; non-string values (JSON null) are null. */
    public static Map<String, String> tagsOf(String json) {
        Map<String, String> tags = new HashMap<>();
        try (var reader = JsonFactories.READERS.createReader(new StringReader(json))) {
            JsonObject object = reader.readObject();
            object.forEach((key, value) ->
                    tags.put(key, value.getValueType() == JsonValue.ValueType.STRING ? object.getString(key) : null));
        }
        return tags;
    }

    /** A timestamp column as read by a native query (the drivers differ in the type), in UTC. */
    public static OffsetDateTime timeOf(Object value) {
        return SqlRow.timeOf(value);
    }

    public Long getId() {
        return id;
    }

    public long getProjectId() {
        return projectId;
    }

    public String getEventId() {
        return eventId;
    }

    public long getGroupId() {
        return groupId;
    }

    public String getType() {
        return type;
    }

    public String getChecksum() {
        return checksum;
    }

    public OffsetDateTime getOccurredAt() {
        return occurredAt;
    }

    public OffsetDateTime getReceivedAt() {
        return receivedAt;
    }

    public String getMessage() {
        return message;
    }

    public String getCulprit() {
        return culprit;
    }

    public String getLevel() {
        return level;
    }

    public Double getTimeSpent() {
        return timeSpent;
    }

    public String getCorrelationId() {
        return correlationId;
    }

    public String getTags() {
        return tags;
    }

    public String getData() {
        return data;
    }

    public String getGroupedBy() {
        return groupedBy;
    }

    public String getFingerprint() {
        return fingerprint;
    }
}
