package io.lookout.query.language;

import java.util.List;
import java.util.Objects;

/**
 * {@code key:pat*tern} — the tag {@code key} has a value that matches the pattern, where each
 * {@code *} stands for any text (also none); {@code \*} is a star itself. Negated
 * ({@code !url:/checkout/*}): no value of the tag matches (events without the tag therefore match).
 * Compared with case, like {@link TagTerm}.
 *
 * <p>The pattern is kept as its literal pieces between the stars: {@code /checkout/*} is
 * {@code ["/checkout/", ""]}, {@code *timeout*} is {@code ["", "timeout", ""]}; stars in a row count
 * as one.
 *
 * @param key the tag name, as for {@link TagTerm}
 * @param pieces the literal text before, between and after the stars; at least two
 * @param negated whether the term was written with a leading {@code !}
 */
public record WildcardTerm(String key, List<String> pieces, boolean negated) implements Term {

    public WildcardTerm {
        Objects.requireNonNull(key, "key");
        pieces = List.copyOf(pieces);
        if (pieces.size() < 2) {
            throw new IllegalArgumentException("a pattern has at least one star");
        }
    }

    /** The text before the first star (empty when the pattern starts with one). */
    public String prefix() {
        return pieces.get(0);
    }

    /**
     * Whether a value matches: it starts with the first piece, ends with the last, and holds the ones
     * between in order. Linear in the value's length for each piece (no backtracking).
     */
    public boolean matches(String value) {
        if (value == null) {
            return false;
        }
        String first = pieces.get(0);
        String last = pieces.get(pieces.size() - 1);
        if (!value.startsWith(first) || value.length() < first.length() + last.length()) {
            return false;
        }
        int from = first.length();
        int end = value.length() - last.length();
        for (int i = 1; i < pieces.size() - 1; i++) {
            int at = value.indexOf(pieces.get(i), from);
            if (at < 0 || at + pieces.get(i).length() > end) {
                return false;
            }
            from = at + pieces.get(i).length();
        }
        return value.endsWith(last);
    }

    /**
     * The pattern for SQL {@code LIKE ... ESCAPE '!'}: each star a {@code %}, the pieces with
     * {@code !}, {@code %} and {@code _} escaped.
     */
    public String likePattern() {
        StringBuilder like = new StringBuilder();
        for (int i = 0; i < pieces.size(); i++) {
            if (i > 0) {
                like.append('%');
            }
            like.append(pieces.get(i).replace("!", "!!").replace("%", "!%").replace("_", "!_"));
        }
        return like.toString();
    }
}
