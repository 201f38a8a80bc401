package io.lookout.query;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.json.bind.annotation.JsonbTypeSerializer;
import java.io.Serializable;

/**
 * The time spent by a group's events (milliseconds): their total and how many had one; the average
 * and maximum only when some had one (null, and left out of the JSON, otherwise).
 */
@JsonbPropertyOrder({"total", "count", "average", "max"})
public record TimeSpent(
        @JsonbTypeSerializer(JsonDecimal.class) double total,
        long count,
        @JsonbTypeSerializer(JsonDecimal.class) Double average,
        @JsonbTypeSerializer(JsonDecimal.class) Double max)
        implements Serializable {

    static TimeSpent of(double total, long count, double max) {
        return count > 0 ? new TimeSpent(total, count, total / count, max) : new TimeSpent(total, count, null, null);
    }
}
