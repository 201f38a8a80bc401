package io.lookout;

/** How Lookout names a failure where it keeps one (a regroup job's error, a dead letter's reason). */
public final class Failures {

    private Failures() {}

    /** The innermost cause's class and message, e.g. {@code SQLException: connection refused}. */
    public static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
