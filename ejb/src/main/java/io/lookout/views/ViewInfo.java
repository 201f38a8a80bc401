package io.lookout.views;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A view as {@code /api/{projectId}/views} answers it and the administration page lists it.
 *
 * @param types the event types it takes; null (written as {@code null}): all
 * @param backfill how far rebuilding its groups from the stored events has come
 */
@JsonbPropertyOrder({"name", "slug", "types", "keys", "createdAt", "backfill"})
public record ViewInfo(
        String name,
        String slug,
        @Schema(nullable = true) @JsonbNillable List<String> types,
        List<String> keys,
        Instant createdAt,
        BackfillProgress backfill)
        implements Serializable {

    /**
     * @param state {@code pending}, {@code running} or {@code done}
     * @param done events counted so far
     * @param total events to count
     */
    @JsonbPropertyOrder({"state", "done", "total"})
    public record BackfillProgress(String state, long done, long total) implements Serializable {}

    /** {@code {"views": [...]}}. */
    public record ViewList(List<ViewInfo> views) {}
}
