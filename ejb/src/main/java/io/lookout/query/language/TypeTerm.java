package io.lookout.query.language;

import java.util.Objects;

/**
 * {@code type:name} — the event has the event type {@code name} (for example {@code exception},
 * {@code message}). Negated ({@code !type:name}): the event has another type.
 *
 * @param type an event type, matching {@code [a-z0-9][a-z0-9_-]{0,63}}
 * @param negated whether the term was written {@code !type:name}
 */
public record TypeTerm(String type, boolean negated) implements Term {

    public TypeTerm {
        Objects.requireNonNull(type, "type");
    }
}
