package io.lookout.grouping;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The aggregate tables, described once: the rows events count into at ingest ({@link AggregateSql}'s
 * {@code prepare...}/{@code count...}) and that the cleanup takes expired events out of
 * ({@link AggregateSql#subtract}). Both statements are written from this: each table's row key, its
 * counters (what adding increases and subtracting decreases), whether it keeps a first and last seen,
 * and what becomes of a row whose counts reach zero.
 *
 * <p>The constants are in the one order in which every ingest writer and the cleanup touch the tables
 * (distributions, tag values, hourly counts, view groups, groups), each table's rows by key, so that
 * two writers, or a writer and the cleanup, never wait for each other in a circle.
 */
public enum AggregateTable {
    /** A group's count of one tag value (the group's distributions). */
    GROUP_TAG_VALUE(
            "group_tag_value",
            List.of(bigint("group_id"), bigint("tag_value_id")),
            Counts.TIMES_SEEN,
            Seen.FIRST_AND_LAST,
            AtZero.DELETED,
            ""),
    /** Kept at zero until the cleanup has deleted the links of its events. */
    TAG_VALUE("tag_value", List.of(bigint("id")), Counts.TIMES_SEEN, Seen.FIRST_AND_LAST, AtZero.KEPT, ""),
    GROUP_HOURLY("group_hourly", List.of(bigint("group_id"), hour()), Counts.TIMES_SEEN, Seen.NO, AtZero.DELETED, ""),
    /** Kept at zero until the cleanup has deleted its hourly rows (their key points to it). */
    VIEW_GROUP("view_group", List.of(bigint("id")), Counts.WITH_TIME_SPENT, Seen.FIRST_AND_LAST, AtZero.KEPT, ""),
    VIEW_GROUP_HOURLY(
            "view_group_hourly",
            List.of(bigint("view_group_id"), hour()),
            Counts.TIMES_SEEN,
            Seen.NO,
            AtZero.DELETED,
            ""),
    /**
     * A group left with events gets its oldest remaining event as first seen, and its score again
     * ({@code ln(times_seen) * 600 + last_seen}, docs/architecture.md).
     */
    EVENT_GROUP(
            "event_group",
            List.of(bigint("id")),
            Counts.WITH_TIME_SPENT,
            Seen.FIRST_AND_LAST,
            AtZero.DELETED,
            ", first_seen = COALESCE((SELECT MIN(e.occurred_at) FROM event e WHERE e.group_id = t.id), t.first_seen)"
                    + ", score = LN(t.times_seen - d.times_seen) * 600 + EXTRACT(EPOCH FROM t.last_seen)");

    /** The counters of a table: events, and for groups and view groups the time they spent. */
    enum Counts {
        TIMES_SEEN,
        WITH_TIME_SPENT
    }

    /** Whether a table keeps when its events were first and last seen (adding widens the range; subtracting leaves it). */
    enum Seen {
        FIRST_AND_LAST,
        NO
    }

    /** What becomes of a row whose counts reach zero in the statement that subtracts from it. */
    enum AtZero {
        DELETED,
        /** deleted later by the cleanup, once the rows that point to it are gone */
        KEPT
    }

    /** A column and its SQL type, as cast in a {@code VALUES} list. */
    public record Column(String name, String type) {}

    private static Column bigint(String name) {
        return new Column(name, "BIGINT");
    }

    private static Column hour() {
        return new Column("hour_start", "TIMESTAMP WITH TIME ZONE");
    }

    private final String table;
    private final List<Column> key;
    private final List<Column> counters;
    private final boolean seen;
    private final boolean deletedWhenEmpty;
    private final String alsoWhenSubtracted;

    AggregateTable(String table, List<Column> key, Counts counts, Seen seen, AtZero atZero, String alsoWhenSubtracted) {
        this.table = table;
        this.key = key;
        this.counters = counts == Counts.WITH_TIME_SPENT
                ? List.of(
                        bigint("times_seen"),
                        new Column("time_spent_total", "DOUBLE PRECISION"),
                        bigint("time_spent_count"))
                : List.of(bigint("times_seen"));
        this.seen = seen == Seen.FIRST_AND_LAST;
        this.deletedWhenEmpty = atZero == AtZero.DELETED;
        this.alsoWhenSubtracted = alsoWhenSubtracted;
    }

    public String table() {
        return table;
    }

    /** The columns that identify a row (and order the rows: the lock order within the table). */
    public List<Column> key() {
        return key;
    }

    /** The columns that events add to and the cleanup subtracts from, {@code times_seen} first. */
    public List<Column> counters() {
        return counters;
    }

    /** The owner column of an hourly table ({@code group_id}, {@code view_group_id}). */
    String owner() {
        return key.get(0).name();
    }

    /**
     * Whether a row at zero goes in the statement that subtracts from it. The others go later, by
     * the caller: a tag value once its events' links are deleted, a view group once its hourly rows are.
     */
    boolean deletedWhenEmpty() {
        return deletedWhenEmpty;
    }

    /**
     * Whether the cleanup locks the rows in key order before it subtracts (where the database needs
     * it, {@link AggregateSql#subtract}). The hourly tables are not locked first (they never were):
     * ingestion writes them in (owner, hour) order, the order in which the subtraction takes them.
     */
    boolean lockedBeforeSubtracting() {
        return !key.contains(hour());
    }

    /**
     * The assignments that add the counts of {@code addition} to {@code row}, e.g.
     * {@code times_seen = t.times_seen + s.times_seen, first_seen = LEAST(...), last_seen = GREATEST(...)}.
     */
    String added(String row, String addition) {
        String counts = counters.stream()
                .map(c -> c.name() + " = " + row + "." + c.name() + " + " + addition + "." + c.name())
                .collect(Collectors.joining(", "));
        return seen
                ? counts + ", first_seen = LEAST(" + row + ".first_seen, " + addition
                        + ".first_seen), last_seen = GREATEST(" + row + ".last_seen, " + addition + ".last_seen)"
                : counts;
    }

    /**
     * The assignments that take the counts of the share {@code d} out of the row {@code t} (first and
     * last seen stay what was seen), and what else changes with them.
     */
    String subtracted() {
        return counters.stream()
                        .map(c -> c.name() + " = t." + c.name() + " - d." + c.name())
                        .collect(Collectors.joining(", "))
                + alsoWhenSubtracted;
    }

    /** The columns of a share to subtract: the row's key, then its counters. */
    List<Column> shareColumns() {
        List<Column> columns = new java.util.ArrayList<>(key);
        columns.addAll(counters);
        return columns;
    }
}
