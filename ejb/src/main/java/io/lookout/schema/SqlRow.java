package io.lookout.schema;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * One row of a native query, read by column name ({@link Columns}); the drivers' types are
 * converted here (numbers of any width, timestamps as H2 and PostgreSQL return them).
 */
public final class SqlRow {

    private final Columns columns;
    private final Object[] values;

    SqlRow(Columns columns, Object[] values) {
        this.columns = columns;
        this.values = values;
    }

    public Object value(String column) {
        return values[columns.position(column)];
    }

    public long number(String column) {
        return ((Number) value(column)).longValue();
    }

    /** A number column that may be null. */
    public Long numberOrNull(String column) {
        Object value = value(column);
        return value == null ? null : ((Number) value).longValue();
    }

    public double decimal(String column) {
        return ((Number) value(column)).doubleValue();
    }

    /** A decimal column that may be null. */
    public Double decimalOrNull(String column) {
        Object value = value(column);
        return value == null ? null : ((Number) value).doubleValue();
    }

    /** A boolean column (H2 and PostgreSQL answer a Boolean; a number is true unless 0). */
    public boolean flag(String column) {
        Object value = value(column);
        return value instanceof Boolean b ? b : value instanceof Number n && n.intValue() != 0;
    }

    public String text(String column) {
        return (String) value(column);
    }

    /** A timestamp column; null stays null. */
    public Instant instant(String column) {
        OffsetDateTime time = time(column);
        return time == null ? null : time.toInstant();
    }

    /** A timestamp column in UTC; null stays null. */
    public OffsetDateTime time(String column) {
        Object value = value(column);
        return value == null ? null : timeOf(value);
    }

    /** A timestamp column as read by a native query (the drivers differ in the type), in UTC. */
    public static OffsetDateTime timeOf(Object value) {
        if (value instanceof OffsetDateTime time) {
            return time.withOffsetSameInstant(ZoneOffset.UTC);
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant().atOffset(ZoneOffset.UTC);
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}
