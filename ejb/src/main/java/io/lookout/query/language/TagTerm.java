package io.lookout.query.language;

import java.util.Objects;

/**
 * {@code key:value} — the event carries the tag {@code key} with exactly the text {@code value}.
 * Negated ({@code !key:value}): it is not the case that the event carries {@code key} with that value
 * (events without the tag therefore match).
 *
 * <p>The value is always a string, never {@code null}, compared as text. {@code key:"null"} means
 * the four-letter string {@code null}; to ask for a tag that is absent or null, write
 * {@code !has:key} ({@link HasTerm}). {@code key:""} means the empty string.
 *
 * <p>Keys are 1–64 characters of {@code A-Z a-z 0-9 _ . -}. Tag names that contain {@code :} cannot be
 * queried, because the first {@code :} of a term separates key and value.
 *
 * @param key the tag name, 1–64 characters of {@code [A-Za-z0-9_.-]}
 * @param value the tag value as text, 0–200 characters, never {@code null}
 * @param negated whether the term was written {@code !key:value}
 */
public record TagTerm(String key, String value, boolean negated) implements Term {

    public TagTerm {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
