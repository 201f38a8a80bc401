package io.lookout.alerts;

/**
 * A channel could not deliver. {@code retryable}: worth trying again later (the server was
 * unreachable, timed out, answered 5xx or 429); otherwise retrying would fail the same way (a 4xx
 * answer, an address the server refuses).
 */
public class DeliveryFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    public DeliveryFailure(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public DeliveryFailure(String message, boolean retryable) {
        this(message, retryable, null);
    }

    public boolean retryable() {
        return retryable;
    }
}
