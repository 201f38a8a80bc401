package io.lookout.grouping;

import io.lookout.ingest.IncomingEvent;
import io.lookout.processing.ProcessedResult;
import java.time.Instant;

/**
 * One event on its way to the store: what the edge accepted, what its processor made of it, and
 * when the edge received it.
 */
public record PendingEvent(IncomingEvent event, ProcessedResult result, Instant receivedAt) {
}
