package io.lookout.query.language;

import io.lookout.grouping.GroupStatus;
import java.util.Objects;

/**
 * {@code is:status} — the event's group has the given status. Negated ({@code !is:resolved}): the
 * group has any other status.
 *
 * @param status the status written ({@code unresolved}, {@code resolved}, {@code ignored})
 * @param negated whether the term was written {@code !is:status}
 */
public record StatusTerm(GroupStatus status, boolean negated) implements Term {

    public StatusTerm {
        Objects.requireNonNull(status, "status");
    }
}
