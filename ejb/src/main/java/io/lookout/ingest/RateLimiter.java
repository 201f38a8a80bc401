package io.lookout.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Rate limit of the edge, per project key and per node: {@code lookout.ingest.rate-limit.events-per-second}
 * (default 1000; 0 switches it off) with bursts of {@code lookout.ingest.rate-limit.burst} events
 * (default 5000). Both are read on every request, so a changed system property takes effect at once.
 */
@ApplicationScoped
public class RateLimiter {

    public static final String RATE_KEY = "lookout.ingest.rate-limit.events-per-second";
    public static final String BURST_KEY = "lookout.ingest.rate-limit.burst";

    private final TokenBuckets buckets = new TokenBuckets(System::nanoTime);

    /** @throws RateLimitedException when the key's bucket is empty */
    public void acquire(String key, int events) throws RateLimitedException {
        Config config = ConfigProvider.getConfig();
        double rate = config.getOptionalValue(RATE_KEY, Double.class).orElse(1000.0);
        double burst = config.getOptionalValue(BURST_KEY, Double.class).orElse(5000.0);
        long retryAfter = buckets.acquire(key, events, rate, burst);
        if (retryAfter > 0) {
            throw new RateLimitedException(
                    retryAfter,
                    "more than " + format(rate) + " events a second for this project key (" + RATE_KEY
                            + "); retry after " + retryAfter + " s");
        }
    }

    private static String format(double rate) {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
    }
}
