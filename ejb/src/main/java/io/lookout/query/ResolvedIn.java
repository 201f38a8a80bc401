package io.lookout.query;

import io.lookout.schema.SqlRow;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.io.Serializable;

/**
 * The release a group is resolved in (docs/releases.md): after it, an event of a newer release reopens
 * the group as a regression. {@code next}: resolved "in the next release", {@code release} then being the
 * project's newest release at that time (empty: the project had none).
 */
@JsonbPropertyOrder({"release", "next"})
public record ResolvedIn(String release, boolean next) implements Serializable {

    /** From a row with resolved_in_release and resolved_in_next; null when it is not resolved in a release. */
    static ResolvedIn of(SqlRow row) {
        String release = row.text("resolved_in_release");
        return release == null ? null : new ResolvedIn(release, Boolean.TRUE.equals(row.value("resolved_in_next")));
    }
}
