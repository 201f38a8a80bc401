package io.lookout.query.language;

import java.util.Objects;

/**
 * {@code assigned:me}, {@code assigned:none} or {@code assigned:USER} — the group is assigned to the
 * searching user, to nobody, or to the named user. Negated ({@code !assigned:me}): any other assignee,
 * or none.
 *
 * @param who whom the term names
 * @param user the user name for {@link Who#USER}; null otherwise
 * @param negated whether the term was written {@code !assigned:...}
 */
public record AssignedTerm(Who who, String user, boolean negated) implements Term {

    /** Whom {@code assigned:} names. */
    public enum Who {
        /** {@code assigned:me}: the user who searches. */
        ME,
        /** {@code assigned:none}: nobody. */
        NONE,
        /** {@code assigned:NAME}: that user. */
        USER
    }

    public AssignedTerm {
        Objects.requireNonNull(who, "who");
        if ((who == Who.USER) != (user != null)) {
            throw new IllegalArgumentException("a user name with USER and only then");
        }
    }
}
