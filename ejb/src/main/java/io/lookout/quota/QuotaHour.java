package io.lookout.quota;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * Events of a project that a quota dropped, or counted only, in one hour.
 *
 * @param hour the hour's start, UTC ({@code 2026-12-05T17:00:00Z})
 * @param dropped events refused with {@code 429}
 * @param countedOnly events past the per-group cap: counted in their group, stored without an event row
 */
@JsonbPropertyOrder({"hour", "dropped", "countedOnly"})
public record QuotaHour(String hour, long dropped, long countedOnly) {}
