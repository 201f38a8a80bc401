package io.lookout.api;

import io.lookout.operations.LookoutMetrics;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The edge's {@code 429} answers (a project's quota, a key's rate limit), each sent after a random
 * wait of up to {@code lookout.ingest.refusal-spread-ms}, without a thread held meanwhile; every other
 * answer at once (docs/architecture.md, "Quotas", refusals spread in time).
 *
 * <p>Why: the Sentry SDKs wait the whole seconds a {@code 429} names and count them from its
 * arrival. Refused together when a project's bucket runs dry, they came back together, a second
 * later, and took the bucket's refill in one burst that the consumer then stored at full speed
 * beside the people reading the pages. Answered at spread moments, they come back at spread
 * moments, each taking what the bucket refilled since the last one: the quota's rate, evenly.
 * A sender that ignores the {@code 429} and waits for its answer before the next request is slowed
 * to the pace of its answers. At most {@link #MAX_HELD} answers wait at once; beyond that (or with
 * the setting at {@code 0}) a refusal is answered at once.
 */
@ApplicationScoped
public class RefusalSpread {

    public static final String SPREAD_KEY = "lookout.ingest.refusal-spread-ms";
    /** The refusals that may wait for their answer at once (a connection each, no thread). */
    static final int MAX_HELD = 1000;

    private static final int TOO_MANY_REQUESTS = 429;

    @Inject
    @ConfigProperty(name = SPREAD_KEY, defaultValue = "1000")
    private int spreadMillis;

    @Resource
    private ManagedScheduledExecutorService scheduler;

    @Inject
    private LookoutMetrics metrics;

    private final AtomicInteger held = new AtomicInteger();

    /** The answer for JAX-RS: a refusal completed after its wait, any other answer completed now. */
    public CompletionStage<Response> answer(Response response) {
        return answer(
                response,
                response.getStatus() == TOO_MANY_REQUESTS,
                spreadMillis,
                scheduler,
                held,
                metrics::refusalHeld);
    }

    /**
     * @param refused whether the answer is a refusal, which waits
     * @param spread the longest wait in ms ({@code 0} or less: none)
     * @param held the refusals waiting now, counted up while one waits
     * @param waited told each wait in ns, once its answer is on its way
     */
    static <T> CompletionStage<T> answer(
            T response,
            boolean refused,
            int spread,
            ScheduledExecutorService scheduler,
            AtomicInteger held,
            LongConsumer waited) {
        if (!refused || spread <= 0) {
            return CompletableFuture.completedFuture(response);
        }
        if (held.incrementAndGet() > MAX_HELD) {
            held.decrementAndGet();
            return CompletableFuture.completedFuture(response);
        }
        long wait = ThreadLocalRandom.current().nextLong(TimeUnit.MILLISECONDS.toNanos(spread));
        CompletableFuture<T> later = new CompletableFuture<>();
        try {
            scheduler.schedule(
                    () -> {
                        held.decrementAndGet();
                        waited.accept(wait);
                        later.complete(response);
                    },
                    wait,
                    TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // the server is stopping: the answer goes now
            held.decrementAndGet();
            return CompletableFuture.completedFuture(response);
        }
        return later;
    }
}
