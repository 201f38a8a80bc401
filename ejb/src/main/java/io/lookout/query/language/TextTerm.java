package io.lookout.query.language;

import java.util.Objects;

/**
 * A bare word ({@code timeout}, {@code com.acme.Cart}, {@code time*}) or a quoted phrase
 * ({@code "connection reset"}). Negated ({@code !timeout}, {@code !"connection reset"}): the opposite.
 *
 * <p>A word is looked up in a group's search words (full-text: the words of its summary, exception
 * type and value, frames, with dotted names' parts and camel-case humps): each of its words must
 * start one of them, ignoring case ({@code time} finds {@code timeout}; a trailing {@code *} is
 * allowed and changes nothing). A phrase is a substring of the summary (message or culprit),
 * ignoring case. Event lists compare both with the event's message as a substring. See
 * docs/api.md, "Query syntax".
 *
 * @param text the word or the phrase after unescaping; never empty
 * @param negated whether the term was written with a leading {@code !}
 * @param phrase whether it was quoted
 */
public record TextTerm(String text, boolean negated, boolean phrase) implements Term {

    public TextTerm {
        Objects.requireNonNull(text, "text");
    }

    /** A word (not quoted). */
    public TextTerm(String text, boolean negated) {
        this(text, negated, false);
    }
}
