package io.lookout.query;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;

/** A project's tag keys, by name. */
@JsonbPropertyOrder({"keys"})
public record TagKeys(List<TagKey> keys) {

    /**
     * One key over the project's events.
     *
     * @param distinctValues how many values it has
     * @param count events with a value
     * @param highCardinality more values than {@code lookout.tags.high-cardinality}: left out of distributions
     */
    @JsonbPropertyOrder({"key", "distinctValues", "count", "firstSeen", "lastSeen", "highCardinality"})
    public record TagKey(
            String key,
            long distinctValues,
            long count,
            Instant firstSeen,
            Instant lastSeen,
            boolean highCardinality) {}
}
