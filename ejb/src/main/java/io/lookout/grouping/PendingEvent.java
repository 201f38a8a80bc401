package io.lookout.grouping;

import io.lookout.event.IncomingEvent;
import io.lookout.processing.ProcessedResult;
import java.time.Instant;

/**
 * One event on its way to the store: what the edge accepted (scrubbed), what its processor made of
 * it, when the edge received it, and how many of its values were scrubbed (at the edge and here).
 */
public record PendingEvent(IncomingEvent event, ProcessedResult result, Instant receivedAt, int scrubbed) {

    /** An event nothing was scrubbed from. */
    public PendingEvent(IncomingEvent event, ProcessedResult result, Instant receivedAt) {
        this(event, result, receivedAt, 0);
    }
}
