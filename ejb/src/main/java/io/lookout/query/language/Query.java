package io.lookout.query.language;

import java.util.List;

/**
 * A parsed search query: the conjunction (AND) of its {@link Term terms}, in the order they were
 * written. A query without terms matches everything.
 *
 * <p>Produced by {@link QueryParser#parse(String)}, which documents the syntax. Example: the query
 * <pre>{@code type:exception url:/checkout !has:release is:unresolved "connection reset"}</pre>
 * has five terms: {@code TypeTerm("exception")}, {@code TagTerm("url", "/checkout")},
 * {@code HasTerm("release", negated)}, {@code StatusTerm(UNRESOLVED)} and
 * {@code TextTerm("connection reset")}.
 *
 * @param terms the conditions, all of which must hold; unmodifiable, at most
 *        {@value QueryParser#MAX_TERMS} when parsed
 */
public record Query(List<Term> terms) {

    /** The query without terms, which matches everything; what an empty or blank query parses to. */
    public static final Query EMPTY = new Query(List.of());

    // copies the terms into an unmodifiable list; throws NullPointerException if the list or a term is null
    public Query {
        terms = List.copyOf(terms);
    }

    /** @return whether the query has no terms (and so matches everything) */
    public boolean isEmpty() {
        return terms.isEmpty();
    }
}
