package io.lookout;

import java.util.Locale;

/**
 * A request Lookout cannot serve, with the HTTP status that says why (400 invalid, 401 no or wrong
 * credentials, 404 not found, 409 conflict, 413 too large), the offending field when there is one,
 * and what is wrong as a {@link ProblemCode} with its arguments: the API answers its English message
 * ({@link #describe()}), the pages a sentence in their language ({@link ProblemTexts#page(Problem, Locale)}).
 */
public class Problem extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String field;
    private final ProblemCode code;
    private final Object[] arguments;

    public Problem(int status, String field, ProblemCode code, Object... arguments) {
        super(code.api(field, arguments));
        this.status = status;
        this.field = field;
        this.code = code;
        this.arguments = arguments.clone();
    }

    /**
     * A problem with an English text of its own and no code: the ingest edge's reasons, which go to
     * senders and the dead-letter queue, never to a page.
     */
    protected Problem(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
        this.code = null;
        this.arguments = new Object[0];
    }

    public static Problem invalid(String field, ProblemCode code, Object... arguments) {
        return new Problem(400, field, code, arguments);
    }

    public static Problem notFound(ProblemCode code, Object... arguments) {
        return new Problem(404, null, code, arguments);
    }

    public static Problem conflict(String field, ProblemCode code, Object... arguments) {
        return new Problem(409, field, code, arguments);
    }

    /** A 404 with a text of its own and no code, which pages show as it is; prefer a {@link ProblemCode}. */
    public static Problem notFound(String message) {
        return new Problem(404, null, message);
    }

    public int status() {
        return status;
    }

    /** The offending field, for example {@code [2].tags.url}; {@code null} when none. */
    public String field() {
        return field;
    }

    /** What is wrong; {@code null} for a problem made with a text of its own. */
    public ProblemCode code() {
        return code;
    }

    /** The arguments of the code's texts, {@code {1}} on. */
    public Object[] arguments() {
        return arguments.clone();
    }

    /** The problem in the API's English, naming the field: {@code "timeSpent must be a number"}. */
    public String describe() {
        return field == null ? getMessage() : field + " " + getMessage();
    }
}
