package io.lookout.event;

import java.time.Duration;
import java.time.Instant;

/**
 * How far an event's own timestamp may lie before or after the time it was received (like Sentry:
 * 30 days back, one minute ahead). Outside, the event is dated when received and keeps what it
 * sent in {@code data.sentTimestamp}, so a wrong clock cannot make a group first seen in 1970 or
 * last seen in 9999.
 */
public record TimestampWindow(Duration past, Duration future) {

    /** The defaults of {@code lookout.ingest.timestamp.max-age-seconds} and {@code .max-future-seconds}. */
    public static final TimestampWindow DEFAULT = new TimestampWindow(Duration.ofDays(30), Duration.ofMinutes(1));

    public TimestampWindow {
        if (past.isNegative() || future.isNegative()) {
            throw new IllegalArgumentException("the timestamp window cannot be negative: " + past + ", " + future);
        }
    }

    /** Whether {@code timestamp} may stand for an event received at {@code receivedAt}. */
    public boolean contains(Instant timestamp, Instant receivedAt) {
        return !timestamp.isBefore(receivedAt.minus(past)) && !timestamp.isAfter(receivedAt.plus(future));
    }
}
