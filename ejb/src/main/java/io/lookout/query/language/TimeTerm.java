package io.lookout.query.language;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * {@code lastSeen:-24h}, {@code firstSeen:+7d}, {@code lastSeen:>2026-12-01} — when a group was last
 * (or first) seen, relative to now or against a date. As in Sentry: {@code -24h} is within the last
 * 24 hours (at or after now minus 24 h), {@code +7d} is longer ago than 7 days (before now minus
 * 7 days). For events both names mean the event's own time.
 *
 * @param field which time: {@code lastSeen} or {@code firstSeen}
 * @param comparison how the time compares with the bound
 * @param ago for a relative term, how long before now the bound lies; null for a date
 * @param at for a date, the bound; null for a relative term
 * @param negated whether the term was written with a leading {@code !}
 */
public record TimeTerm(Field field, Comparison comparison, Duration ago, Instant at, boolean negated) implements Term {

    /** The times a term can compare. */
    public enum Field {
        LAST_SEEN("lastSeen"),
        FIRST_SEEN("firstSeen");

        private final String written;

        Field(String written) {
            this.written = written;
        }

        /** As written in a query. */
        public String written() {
            return written;
        }
    }

    /** The time is after ({@code >}), at or after ({@code >=}), before ({@code <}), at or before ({@code <=}) the bound. */
    public enum Comparison {
        AFTER(">"),
        AT_OR_AFTER(">="),
        BEFORE("<"),
        AT_OR_BEFORE("<=");

        private final String sql;

        Comparison(String sql) {
            this.sql = sql;
        }

        /** The SQL operator. */
        public String sql() {
            return sql;
        }

        /** Whether a time compares so with the bound. */
        public boolean holds(Instant time, Instant bound) {
            int c = time.compareTo(bound);
            return switch (this) {
                case AFTER -> c > 0;
                case AT_OR_AFTER -> c >= 0;
                case BEFORE -> c < 0;
                case AT_OR_BEFORE -> c <= 0;
            };
        }
    }

    public TimeTerm {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(comparison, "comparison");
        if ((ago == null) == (at == null)) {
            throw new IllegalArgumentException("either ago or at");
        }
    }

    /** The bound: {@link #at}, or {@code now} minus {@link #ago}. */
    public Instant bound(Instant now) {
        return at != null ? at : now.minus(ago);
    }
}
