package io.lookout.query;

import io.lookout.grouping.GroupStatus;
import io.lookout.grouping.StoredEvent;
import java.time.Instant;

/**
 * One row of a native query, read by column name ({@link Columns}); the drivers' types are
 * converted here (numbers of any width, timestamps as H2 and PostgreSQL return them).
 */
final class SqlRow {

    private final Columns columns;
    private final Object[] values;

    SqlRow(Columns columns, Object[] values) {
        this.columns = columns;
        this.values = values;
    }

    Object value(String column) {
        return values[columns.position(column)];
    }

    long number(String column) {
        return ((Number) value(column)).longValue();
    }

    double decimal(String column) {
        return ((Number) value(column)).doubleValue();
    }

    String text(String column) {
        return (String) value(column);
    }

    /** A timestamp column; null stays null. */
    Instant instant(String column) {
        Object value = value(column);
        return value == null ? null : StoredEvent.timeOf(value).toInstant();
    }

    GroupStatus status(String column) {
        return GroupStatus.ofColumn(value(column));
    }
}
