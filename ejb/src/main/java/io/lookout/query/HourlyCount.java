package io.lookout.query;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.io.Serializable;
import java.time.Instant;

/** The events of one hour (its start, UTC). */
@JsonbPropertyOrder({"hour", "count"})
public record HourlyCount(Instant hour, long count) implements Serializable {}
