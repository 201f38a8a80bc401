package io.lookout.query;

import io.lookout.grouping.GroupStatus;
import io.lookout.schema.SqlRow;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.json.bind.annotation.JsonbTypeSerializer;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One group in full, as {@code GET /api/{projectId}/groups/{groupId}} answers it and the group page
 * shows it: the group's summary and counts ({@link GroupSummary}'s), the distribution of each tag
 * key, the hourly counts of the last 14 days, until when its alerts are muted and its latest events;
 * its assignee (user name, or null) and whether the caller starred it ({@code bookmarked}).
 *
 * <p>To show one more column of {@code event_group} on the group page: a component here, read in
 * {@link #of} by its column name; the column in {@link GroupDetails#DETAIL}; {@code #{g.name}} in
 * {@code group.xhtml}. The API answers it too (JSON-B writes every component; null ones are left out).
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
    "bookmarked",
    "tags",
    "hourly",
    "mutedUntil",
    "latestEvents",
    "mergedFrom"
})
public record GroupDetail(
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
        boolean bookmarked,
        Map<String, TagDistribution> tags,
        List<HourlyCount> hourly,
        @Schema(nullable = true) @JsonbNillable Instant mutedUntil,
        List<LatestEvent> latestEvents,
        List<MergedGroup> mergedFrom)
        implements Serializable {

    /** A group merged into this one: its id, which answers {@code {"mergedInto": ...}}, and its checksum. */
    @JsonbPropertyOrder({"id", "checksum", "message"})
    public record MergedGroup(long id, String checksum, String message) implements Serializable {}

    /**
     * The values of one tag key among the group's events.
     *
     * @param count events with a value
     * @param nullCount events without one (absent or null)
     * @param distinctValues values the group has
     * @param highCardinality the key has more values in the project than {@code lookout.tags.high-cardinality}
     * @param values the most frequent values; null (left out) for a high-cardinality key
     */
    @JsonbPropertyOrder({"count", "nullCount", "distinctValues", "highCardinality", "values"})
    public record TagDistribution(
            long count, long nullCount, long distinctValues, boolean highCardinality, List<TagValueCount> values)
            implements Serializable {}

    /** A tag value and how many of the group's events have it. */
    @JsonbPropertyOrder({"value", "count"})
    public record TagValueCount(String value, long count) implements Serializable {}

    /** One of the group's latest events. */
    @JsonbPropertyOrder({"id", "timestamp", "message"})
    public record LatestEvent(String id, Instant timestamp, String message) implements Serializable {}

    /**
     * The group from its row ({@link GroupDetails#DETAIL}) and what is read apart from it.
     *
     * @param now a mute that ended before it is no mute
     * @param bookmarked whether the caller starred the group
     */
    static GroupDetail of(
            SqlRow row,
            Instant now,
            boolean bookmarked,
            Map<String, TagDistribution> tags,
            List<HourlyCount> hourly,
            List<LatestEvent> latestEvents,
            List<MergedGroup> mergedFrom) {
        GroupSummary group = GroupSummary.of(row);
        Instant mutedUntil = row.instant("muted_until");
        return new GroupDetail(
                group.id(),
                group.projectId(),
                group.type(),
                group.checksum(),
                group.message(),
                group.culprit(),
                group.level(),
                group.status(),
                group.count(),
                group.users(),
                group.firstSeen(),
                group.lastSeen(),
                group.score(),
                group.resolvedAt(),
                group.regressedAt(),
                group.timeSpent(),
                group.assignee(),
                group.firstRelease(),
                group.lastRelease(),
                group.resolvedIn(),
                bookmarked,
                tags,
                hourly,
                mutedUntil != null && mutedUntil.isAfter(now) ? mutedUntil : null,
                latestEvents,
                mergedFrom);
    }
}
