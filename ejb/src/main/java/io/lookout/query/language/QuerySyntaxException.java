package io.lookout.query.language;

/**
 * A search query that does not follow the syntax of {@link QueryParser}. The message says in plain
 * words what is wrong and what was expected, e.g. {@code 'is:' expects unresolved, resolved or ignored,
 * not 'open'}; {@link #position()} is the 0-based offset of the offending character in the query (equal
 * to the query's length when something is missing at its end).
 */
public class QuerySyntaxException extends Exception {

    private static final long serialVersionUID = 1L;

    /** 0-based offset of the mistake. */
    private final int position;

    /**
     * @param message what is wrong and what was expected, in plain words
     * @param position the 0-based character offset of the mistake in the query
     */
    public QuerySyntaxException(String message, int position) {
        super(message);
        this.position = position;
    }

    /** @return the 0-based character offset of the mistake in the query */
    public int position() {
        return position;
    }
}
