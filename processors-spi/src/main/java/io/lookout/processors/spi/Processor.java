package io.lookout.processors.spi;

import java.util.Set;

/**
 * Turns raw events of its types into a checksum, a summary and derived tags.
 *
 * <p>Implementations are CDI beans (for example {@code @ApplicationScoped}) in a bean archive
 * that Lookout's EJB module can see: a jar in the EAR's {@code lib/} folder. Lookout finds every
 * bean of this type at start-up; two processors claiming one type is a deployment error.
 *
 * <p>Processors are called concurrently and must be thread-safe, deterministic (the same event
 * always yields the same result) and free of side effects.
 */
public interface Processor {

    /**
     * The event types this processor handles, for example {@code "message"}. Types are lower-case
     * words of letters, digits, {@code -} and {@code _}.
     */
    Set<String> types();

    /**
     * Rejects an event whose data this processor cannot handle. Lookout calls it at the edge,
     * before the event is accepted (the sender receives {@code 400} with the reason), and again
     * when the event is consumed from the queue. The default accepts everything.
     *
     * @throws InvalidEventException naming the offending field and the reason
     */
    default void validate(RawEvent event) throws InvalidEventException {}

    /**
     * Computes what Lookout stores for a valid event. Called only after {@link #validate}
     * accepted the event.
     */
    ProcessedEvent process(RawEvent event);
}
