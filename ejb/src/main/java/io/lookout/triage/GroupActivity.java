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
 * @param id the entry's id; 0 for {@code first-seen}, which is made from the group when read
 * @param kind what happened: {@code first-seen}, {@code status}, {@code regression}, {@code assigned},
 *     {@code comment}, {@code merged}, {@code split}, {@code regrouped} (see {@link Activities})
 * @param details what the kind records, e.g. for a merge {@code {"groups": [{"id", "checksum", "events"}],
 *     "events": n}} on the merged group and {@code {"into": id, "events": n}} on each group merged into it ({@code "via"}: the group it was merged into before, which passed
 *     it on)
 * @param html a comment's Markdown rendered safely ({@link Markdown}); null for other kinds
 */
@JsonbPropertyOrder({"id", "at", "actor", "kind", "details", "html"})
public record GroupActivity(long id, Instant at, String actor, String kind, JsonObject details, String html)
        implements Serializable {}
