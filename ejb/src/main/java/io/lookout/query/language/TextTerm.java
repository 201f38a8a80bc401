package io.lookout.query.language;

import java.util.Objects;

/**
 * A bare word ({@code timeout}) or a quoted phrase ({@code "connection reset"}) — the event's summary
 * (its message) contains the text. Negated ({@code !timeout}, {@code !"connection reset"}): the summary
 * does not contain it.
 *
 * @param text the word or the phrase after unescaping; never empty
 * @param negated whether the term was written with a leading {@code !}
 */
public record TextTerm(String text, boolean negated) implements Term {

    public TextTerm {
        Objects.requireNonNull(text, "text");
    }
}
