package io.lookout.alerts;

import io.lookout.grouping.StoredEvent;
import io.lookout.schema.DatabaseVendor;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The few statements of the alerts that differ between H2 and PostgreSQL, and value conversions. */
final class AlertSql {

    private AlertSql() {}

    static long nextId(EntityManager em, DatabaseVendor vendor, String sequence) {
        String sql = vendor == DatabaseVendor.POSTGRESQL
                ? "SELECT nextval('" + sequence + "')"
                : "SELECT NEXT VALUE FOR " + sequence;
        return ((Number) em.createNativeQuery(sql).getSingleResult()).longValue();
    }

    /** A timestamp column's value (H2 and PostgreSQL return different types: {@code StoredEvent.timeOf} knows both). */
    static Instant instant(Object value) {
        return value == null ? null : StoredEvent.timeOf(value).toInstant();
    }

    static OffsetDateTime utc(Object value) {
        Instant instant = instant(value);
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    static boolean bool(Object value) {
        return value instanceof Boolean b ? b : value instanceof Number n && n.intValue() != 0;
    }
}
