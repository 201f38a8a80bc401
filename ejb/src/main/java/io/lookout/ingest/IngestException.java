package io.lookout.ingest;

/**
 * Why an event (or a whole request or message) is not accepted: an HTTP status for the edge, a
 * reason for the sender or the dead-letter queue, and the offending field when there is one.
 */
public class IngestException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String field;

    public IngestException(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    public static IngestException invalid(String field, String message) {
        return new IngestException(400, field, message);
    }

    /** 400 invalid, 401 no or wrong key, 404 unknown project, 413 too large. */
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
