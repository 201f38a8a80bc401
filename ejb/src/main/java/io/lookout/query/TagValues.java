package io.lookout.query;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;

/** The most frequent values of a project's tag key. */
@JsonbPropertyOrder({"key", "values"})
public record TagValues(String key, List<TagValue> values) {

    /** A value with the number of events that have it and when it was first and last seen. */
    @JsonbPropertyOrder({"value", "count", "firstSeen", "lastSeen"})
    public record TagValue(String value, long count, Instant firstSeen, Instant lastSeen) {}
}
