package io.lookout.processors.spi;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** A read-only view of an event as the sender sent it, after Lookout's own shape checks. */
public interface RawEvent {

    /** The event type, which selected this processor. */
    String type();

    /** When the event happened: the sender's timestamp, or the time Lookout received it. */
    Instant timestamp();

    /** The sender's one-line summary, if it gave one. */
    Optional<String> message();

    /** The sender's level ({@code error}, {@code warning}, {@code info}, ...), if it gave one. */
    Optional<String> level();

    /**
     * The sender's tags. Unmodifiable; a value may be {@code null} (null equals only null, and a
     * missing tag is the same as a null one).
     */
    Map<String, String> tags();

    /** The type-specific data; an empty object when the sender sent none. */
    JsonObject data();

    /** The duration the event measured, in milliseconds, if any. */
    OptionalDouble timeSpent();
}
