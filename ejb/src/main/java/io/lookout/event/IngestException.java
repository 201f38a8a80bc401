package io.lookout.event;

import io.lookout.Problem;

/**
 * Why an event (or a whole request or message) is not accepted: an HTTP status for the edge, a
 * reason for the sender or the dead-letter queue, and the offending field when there is one.
 */
public class IngestException extends Problem {

    private static final long serialVersionUID = 1L;

    public IngestException(int status, String field, String message) {
        super(status, field, message);
    }

    public static IngestException invalid(String field, String message) {
        return new IngestException(400, field, message);
    }
}
