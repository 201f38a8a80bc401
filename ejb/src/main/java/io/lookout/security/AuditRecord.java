package io.lookout.security;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.io.Serializable;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A line of the audit log as {@code GET /api/admin/audit} answers it and the audit page shows it.
 *
 * @param id ascending with time: {@code before} pages on
 * @param at ISO 8601, UTC
 * @param actor the user name (or the name tried, for failed sign-ins; {@code system} for the timer)
 * @param address the client's address; {@code null} for the timer
 * @param target what the action changed, e.g. {@code user alice}, {@code project 3}
 * @param details what changed (old → new); never a secret
 */
@JsonbPropertyOrder({"id", "at", "actor", "address", "action", "target", "details"})
public record AuditRecord(
        long id,
        String at,
        String actor,
        @Schema(nullable = true) @JsonbNillable String address,
        String action,
        @Schema(nullable = true) @JsonbNillable String target,
        @Schema(nullable = true) @JsonbNillable String details)
        implements Serializable {

    /** {@code {"entries": [...]}}, newest first. */
    public record AuditList(List<AuditRecord> entries) {}
}
