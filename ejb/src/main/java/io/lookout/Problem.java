package io.lookout;

/**
 * A request Lookout cannot serve, with the HTTP status that says why (400 invalid, 401 no or wrong
 * credentials, 404 not found, 409 conflict, 413 too large), the offending field when there is one,
 * and a reason a person understands.
 */
public class Problem extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String field;

    public Problem(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    public static Problem invalid(String field, String message) {
        return new Problem(400, field, message);
    }

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

    /** The problem in one sentence that names the field: {@code "timeSpent must be a number"}. */
    public String describe() {
        return field == null ? getMessage() : field + " " + getMessage();
    }
}
