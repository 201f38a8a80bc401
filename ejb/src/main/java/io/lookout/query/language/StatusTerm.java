package io.lookout.query.language;

import java.util.Objects;

/**
 * {@code is:status} — the event's group has the given status. Negated ({@code !is:resolved}): the
 * group has any other status.
 *
 * @param status one of {@code unresolved}, {@code resolved}, {@code ignored}
 * @param negated whether the term was written {@code !is:status}
 */
public record StatusTerm(String status, boolean negated) implements Term {

    public StatusTerm {
        Objects.requireNonNull(status, "status");
    }
}
