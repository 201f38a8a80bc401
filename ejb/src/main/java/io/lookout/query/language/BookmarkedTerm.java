package io.lookout.query.language;

/**
 * {@code is:bookmarked} — the searching user starred the group. Negated ({@code !is:bookmarked}):
 * they did not.
 *
 * @param negated whether the term was written {@code !is:bookmarked}
 */
public record BookmarkedTerm(boolean negated) implements Term {}
