package io.lookout.query.language;

import io.lookout.ProblemCode;

/**
 * A search query that does not follow the syntax of {@link QueryParser}. The message says in plain
 * English what is wrong and what was expected, e.g. {@code 'is:' expects unresolved, resolved or ignored,
 * not 'open'}; {@link #code()} and {@link #arguments()} let a page say it in its language;
 * {@link #position()} is the 0-based offset of the offending character in the query (equal to the
 * query's length when something is missing at its end).
 */
public class QuerySyntaxException extends Exception {

    private static final long serialVersionUID = 1L;

    /** 0-based offset of the mistake. */
    private final int position;

    private final ProblemCode code;
    private final Object[] arguments;

    /**
     * @param code what is wrong (one of the {@code QUERY_} codes)
     * @param position the 0-based character offset of the mistake in the query
     * @param arguments the code's arguments, {@code {1}} on
     */
    public QuerySyntaxException(ProblemCode code, int position, Object... arguments) {
        super(code.api(null, arguments));
        this.code = code;
        this.position = position;
        this.arguments = arguments.clone();
    }

    /** @return the 0-based character offset of the mistake in the query */
    public int position() {
        return position;
    }

    public ProblemCode code() {
        return code;
    }

    public Object[] arguments() {
        return arguments.clone();
    }
}
