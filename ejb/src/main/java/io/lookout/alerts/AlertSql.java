package io.lookout.alerts;

import io.lookout.schema.DatabaseVendor;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The few statements of the alerts that differ between H2 and PostgreSQL, and value conversions. */
final class AlertSql {

    private AlertSql() {
    }

    static long nextId(EntityManager em, DatabaseVendor vendor, String sequence) {
        String sql = vendor == DatabaseVendor.POSTGRESQL ? "SELECT nextval('" + sequence + "')"
                : "SELECT NEXT VALUE FOR " + sequence;
        return ((Number) em.createNativeQuery(sql).getSingleResult()).longValue();
    }

    /** A timestamp column's value as H2 ({@code OffsetDateTime}) or PostgreSQL ({@code Timestamp}) returns it. */
    static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof Timestamp time) {
            return time.toInstant();
        }
        if (value instanceof Instant time) {
            return time;
        }
        if (value instanceof java.time.LocalDateTime time) {
            return time.toInstant(ZoneOffset.UTC);
        }
        throw new IllegalArgumentException("not a timestamp: " + value.getClass().getName());
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
