package io.lookout.query;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/** Every event carrying a correlation id, oldest first. */
@JsonbPropertyOrder({"correlationId", "events"})
public record Correlation(String correlationId, List<EventDetail> events) {}
