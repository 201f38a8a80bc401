package io.lookout.consume;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How often this node failed to store each message of the event queue: the count that decides when
 * a failing message goes to the dead-letter queue ({@code lookout.ingest.max-delivery-attempts}).
 *
 * <p>Not the broker's delivery count: the broker also counts a delivery to a consumer that died
 * with the node that held it, and while it clears a dead node's sessions one after another it can
 * hand the same message to several of them in a row, each cancellation counting one more delivery
 * (seen: a message dead-lettered within 0.1 s of a node's SIGKILL, never having failed). Counting
 * only the failures Lookout saw keeps a node's death from dead-lettering anything; the broker's own
 * limit ({@code lookout.ingest.broker-max-delivery-attempts}) stays as a backstop for deliveries that
 * never reach the consumer. Each node counts its own failures: on a cluster a message that fails
 * everywhere is dead-lettered by the first node to reach the limit.
 */
@ApplicationScoped
public class DeliveryFailures {

    /** More failing messages than this at once: the counts start again (the broker's limit still holds). */
    static final int MAX_TRACKED = 10_000;

    @Inject
    @ConfigProperty(name = "lookout.ingest.max-delivery-attempts", defaultValue = "5")
    private int maxAttempts;

    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    protected DeliveryFailures() {
        // for CDI
    }

    /** For tests. */
    DeliveryFailures(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    /**
     * Counts a failure to store {@code messageId}.
     *
     * @return the failures counted for it so far, this one included
     */
    public int failed(String messageId) {
        if (failures.size() >= MAX_TRACKED) {
            failures.clear();
        }
        return failures.merge(messageId, 1, Integer::sum);
    }

    /** Whether a message that failed {@code failures} times goes to the dead-letter queue now (one attempt at least). */
    public boolean exhausted(int failures) {
        return failures >= Math.max(1, maxAttempts);
    }

    /** The message is stored or dead-lettered: its count goes. */
    public void settled(String messageId) {
        if (!failures.isEmpty()) {
            failures.remove(messageId);
        }
    }
}
