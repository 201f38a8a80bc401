package io.lookout.query;

import io.lookout.JsonFactories;
import io.lookout.grouping.GroupStatus;
import io.lookout.schema.SqlRow;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.json.bind.annotation.JsonbTypeSerializer;
import java.io.StringReader;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A group as lists show it (API.md, <i>Groups</i>), or a view group: the view group's own id and
 * counts with its group's summary and status, plus {@code groupId}, {@code key} (the values of the
 * view's keys, null for absent) and {@code hourly}. Null components are left out of the JSON, but for
 * {@code assignee} (the user name, or null: unassigned). {@code users}: the distinct values of the
 * {@code user} tag among the group's events (a view group shows its group's).
 */
@JsonbPropertyOrder({
    "id",
    "projectId",
    "type",
    "checksum",
    "message",
    "culprit",
    "level",
    "status",
    "count",
    "users",
    "firstSeen",
    "lastSeen",
    "score",
    "resolvedAt",
    "regressedAt",
    "timeSpent",
    "assignee",
    "firstRelease",
    "lastRelease",
    "resolvedIn",
    "groupId",
    "key",
    "hourly"
})
public record GroupSummary(
        long id,
        long projectId,
        String type,
        String checksum,
        String message,
        String culprit,
        String level,
        GroupStatus status,
        long count,
        long users,
        Instant firstSeen,
        Instant lastSeen,
        @JsonbTypeSerializer(JsonDecimal.class) double score,
        Instant resolvedAt,
        Instant regressedAt,
        TimeSpent timeSpent,
        @Schema(nullable = true) @JsonbNillable String assignee,
        String firstRelease,
        String lastRelease,
        ResolvedIn resolvedIn,
        Long groupId,
        Map<String, String> key,
        List<HourlyCount> hourly) {

    /** A group from a row of {@code event_group} ({@link GroupDetails#GROUP}). */
    static GroupSummary of(SqlRow row) {
        return new GroupSummary(
                row.number("id"),
                row.number("project_id"),
                row.text("type"),
                row.text("checksum"),
                row.text("message"),
                row.text("culprit"),
                row.text("level"),
                GroupStatus.ofColumn(row.value("status")),
                row.number("times_seen"),
                row.number("users"),
                row.instant("first_seen"),
                row.instant("last_seen"),
                row.decimal("score"),
                row.instant("resolved_at"),
                row.instant("regressed_at"),
                TimeSpent.of(
                        row.decimal("time_spent_total"), row.number("time_spent_count"), row.decimal("time_spent_max")),
                row.text("assignee"),
                row.text("first_release"),
                row.text("last_release"),
                ResolvedIn.of(row),
                null,
                null,
                null);
    }

    /**
     * A view group from a row of {@code view_group} joined to its group ({@link GroupDetails#VIEW_GROUP}).
     *
     * @param keys the view's keys, in order
     */
    static GroupSummary ofViewGroup(SqlRow row, List<String> keys, List<HourlyCount> hourly) {
        GroupSummary counts = of(row);
        Map<String, String> key = new LinkedHashMap<>();
        try (var reader = JsonFactories.READERS.createReader(new StringReader(row.text("key_values")))) {
            JsonArray values = reader.readArray();
            for (int i = 0; i < keys.size(); i++) {
                JsonValue value = values.get(i);
                key.put(
                        keys.get(i),
                        value instanceof JsonString text
                                ? text.getString()
                                : value.getValueType() == JsonValue.ValueType.NULL ? null : value.toString());
            }
        }
        return new GroupSummary(
                counts.id,
                counts.projectId,
                counts.type,
                counts.checksum,
                counts.message,
                counts.culprit,
                counts.level,
                counts.status,
                counts.count,
                counts.users,
                counts.firstSeen,
                counts.lastSeen,
                counts.score,
                counts.resolvedAt,
                counts.regressedAt,
                counts.timeSpent,
                counts.assignee,
                counts.firstRelease,
                counts.lastRelease,
                counts.resolvedIn,
                row.number("group_id"),
                key,
                hourly);
    }
}
