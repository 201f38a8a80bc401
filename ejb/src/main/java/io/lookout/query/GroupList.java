package io.lookout.query;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A page of a group list, highest first.
 *
 * @param nextCursor the cursor of the next page; null (written as null) on the last
 */
@JsonbPropertyOrder({"groups", "nextCursor"})
public record GroupList(
        List<GroupSummary> groups,
        @Schema(nullable = true) @JsonbNillable String nextCursor) {}
