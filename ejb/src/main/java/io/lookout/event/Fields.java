package io.lookout.event;

import java.util.Set;

/**
 * The names of an event's fields in the native JSON format (docs/api.md), named as the SPI's
 * {@link io.lookout.processors.spi.RawEvent} names them where it has them.
 */
public final class Fields {

    public static final String ID = "id";
    public static final String TYPE = "type";
    public static final String TIMESTAMP = "timestamp";
    public static final String MESSAGE = "message";
    public static final String LEVEL = "level";
    public static final String TAGS = "tags";
    public static final String DATA = "data";
    public static final String TIME_SPENT = "timeSpent";
    public static final String CORRELATION_ID = "correlationId";
    public static final String FINGERPRINT = "fingerprint";
    /** In {@code data}: the timestamp an event sent when it lay outside the {@link TimestampWindow}. */
    public static final String SENT_TIMESTAMP = "sentTimestamp";
    /** Tags the server sets; a sender cannot. */
    public static final Set<String> RESERVED_TAGS = Set.of("project", "type");

    private Fields() {}
}
