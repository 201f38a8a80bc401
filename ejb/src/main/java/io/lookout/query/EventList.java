package io.lookout.query;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A page of events, newest first.
 *
 * @param nextCursor the cursor of the next page; null (written as null) on the last
 */
@JsonbPropertyOrder({"events", "nextCursor"})
public record EventList(
        List<EventDetail> events,
        @Schema(nullable = true) @JsonbNillable String nextCursor) {}
