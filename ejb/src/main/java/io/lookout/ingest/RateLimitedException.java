package io.lookout.ingest;

import io.lookout.event.IngestException;

/** {@code 429}: the project key sent more events than its rate limit allows; retry after the given seconds. */
public class RateLimitedException extends IngestException {

    private static final long serialVersionUID = 1L;

    private final long retryAfterSeconds;

    public RateLimitedException(long retryAfterSeconds, String message) {
        super(429, null, message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
