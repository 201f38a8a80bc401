package io.lookout.query.language;

import java.util.Objects;

/**
 * {@code has:key} — the event carries the tag {@code key} with a non-null value (of any text, including
 * the empty string). Negated ({@code !has:key}): the tag is absent or null.
 *
 * @param key the tag name, 1–64 characters of {@code [A-Za-z0-9_.-]}
 * @param negated whether the term was written {@code !has:key}
 */
public record HasTerm(String key, boolean negated) implements Term {

    public HasTerm {
        Objects.requireNonNull(key, "key");
    }
}
