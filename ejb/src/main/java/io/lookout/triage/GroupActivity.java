package io.lookout.triage;

import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.io.Serializable;
import java.time.Instant;

/**
 * One entry of a group's history ({@code group_activity}), as {@code GET .../groups/{id}/activity}
 * answers it and the group page lists it.
 *
 * @param actor the user who did it; null for Lookout itself
 * @param kind what happened: {@code merged}, {@code split}, {@code regrouped} (more kinds may come:
 *     status changes, comments)
 * @param details what the kind records, e.g. for a merge {@code {"groups": [{"id", "checksum", "events"}],
 *     "events": n}} on the merged group and {@code {"into": id, "events": n}} on each group merged into it ({@code "via"}: the group it was merged into before, which passed
 *     it on)
 */
@JsonbPropertyOrder({"id", "at", "actor", "kind", "details"})
public record GroupActivity(long id, Instant at, String actor, String kind, JsonObject details)
        implements Serializable {}
