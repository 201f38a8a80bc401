package io.lookout.ingest;

import io.lookout.event.IngestException;

/** {@code 429}: the project key sent more events than its rate limit, or the project than its quota, allows; retry after the given seconds. */
public class RateLimitedException extends IngestException {

    private static final long serialVersionUID = 1L;

    private final long retryAfterSeconds;
    private final String sentryRateLimits;

    /** The key's per-node rate limit: {@code X-Sentry-Rate-Limits: {seconds}::key}. */
    public RateLimitedException(long retryAfterSeconds, String message) {
        this(retryAfterSeconds, message, retryAfterSeconds + "::key");
    }

    /** @param sentryRateLimits the {@code X-Sentry-Rate-Limits} value ({@code retry_after:categories:scope[:reason_code]}) */
    public RateLimitedException(long retryAfterSeconds, String message, String sentryRateLimits) {
        super(429, null, message);
        this.retryAfterSeconds = retryAfterSeconds;
        this.sentryRateLimits = sentryRateLimits;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /**
     * The {@code X-Sentry-Rate-Limits} value: all categories, for the key (the per-node rate limit) or
     * the project (a quota).
     */
    public String sentryRateLimits() {
        return sentryRateLimits;
    }
}
