package io.lookout.processors.spi;

/**
 * Thrown by {@link Processor#validate} when an event's data is not acceptable. The sender sees
 * {@code 400 {"error": reason, "field": field}}.
 */
public class InvalidEventException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param field the offending field as a path, for example {@code data.message}
     * @param reason what is wrong, in words a sender understands
     */
    public InvalidEventException(String field, String reason) {
        super(reason);
        this.field = field;
    }

    /** The offending field as a path, for example {@code data.frames[2].function}. */
    public String field() {
        return field;
    }

    /** What is wrong with the field. */
    public String reason() {
        return getMessage();
    }
}
