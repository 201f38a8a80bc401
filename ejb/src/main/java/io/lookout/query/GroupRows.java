package io.lookout.query;

import io.lookout.JsonFactories;
import io.lookout.grouping.GroupStatus;
import io.lookout.schema.Columns;
import io.lookout.schema.Sql;
import io.lookout.schema.SqlRow;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import java.io.StringReader;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Rows of a group list for the pages, read for a whole page at once. */
public final class GroupRows {

    /** Hours of the sparkline, the current hour last. */
    public static final int SPARK_HOURS = 24;

    /** The columns of a page's rows: a group is its own group and has no key values. */
    private static final Columns GROUP_ROW = new Columns(
            "g.id",
            "g.id AS group_id",
            "g.type",
            "g.message",
            "g.culprit",
            "g.level",
            "g.status",
            "g.times_seen",
            "g.users",
            "g.first_seen",
            "g.last_seen",
            "(SELECT au.username FROM app_user au WHERE au.id = g.assignee_id) AS assignee",
            "g.last_release",
            "NULL AS key_values");

    private static final Columns VIEW_GROUP_ROW = new Columns(
            "vg.id",
            "vg.group_id",
            "g.type",
            "g.message",
            "g.culprit",
            "g.level",
            "g.status",
            "vg.times_seen",
            "g.users",
            "vg.first_seen",
            "vg.last_seen",
            "(SELECT au.username FROM app_user au WHERE au.id = g.assignee_id) AS assignee",
            "g.last_release",
            "vg.key_values");

    private GroupRows() {}

    /**
     * One (view) group of a list.
     *
     * @param id the group's id, or the view group's in a view's list
     * @param users the group's users affected (a view group's: its group's)
     * @param assignee the user name of the group's assignee, or null
     * @param release the group's last release (docs/releases.md), or null
     * @param keyValues a view group's values of the view's keys (null for absent); empty for groups
     * @param last24Hours counts per hour, oldest first, the current hour last
     */
    public record Row(
            long id,
            long groupId,
            String type,
            String message,
            String culprit,
            String level,
            GroupStatus status,
            long count,
            long users,
            Instant firstSeen,
            Instant lastSeen,
            String assignee,
            String release,
            List<String> keyValues,
            long[] last24Hours) {}

    /** A page of rows; {@code nextCursor} is null on the last page. */
    public record Page(List<Row> rows, List<String> viewKeys, String nextCursor) {}

    static List<Row> load(EntityManager em, List<Long> ids, boolean viewGroups) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Sql sql = viewGroups
                ? Sql.select(
                        VIEW_GROUP_ROW, "FROM view_group vg JOIN event_group g ON g.id = vg.group_id WHERE vg.id IN (")
                : Sql.select(GROUP_ROW, "FROM event_group g WHERE g.id IN (");
        in(sql, ids);
        List<SqlRow> rows = sql.rows(em);
        Map<Long, long[]> hourly = hourly(
                em, viewGroups ? "view_group_hourly" : "group_hourly", viewGroups ? "view_group_id" : "group_id", ids);
        Map<Long, Row> byId = new HashMap<>();
        for (SqlRow row : rows) {
            long id = row.number("id");
            byId.put(
                    id,
                    new Row(
                            id,
                            row.number("group_id"),
                            row.text("type"),
                            row.text("message"),
                            row.text("culprit"),
                            row.text("level"),
                            GroupStatus.ofColumn(row.value("status")),
                            row.number("times_seen"),
                            row.number("users"),
                            row.instant("first_seen"),
                            row.instant("last_seen"),
                            row.text("assignee"),
                            row.text("last_release"),
                            keyValues(row.text("key_values")),
                            hourly.getOrDefault(id, new long[SPARK_HOURS])));
        }
        List<Row> ordered = new ArrayList<>();
        for (long id : ids) {
            Row row = byId.get(id);
            if (row != null) {
                ordered.add(row);
            }
        }
        return ordered;
    }

    /** Counts of the last {@link #SPARK_HOURS} hours of the owners, oldest first, one statement. */
    static Map<Long, long[]> hourly(EntityManager em, String table, String ownerColumn, List<Long> ids) {
        OffsetDateTime since = sparkStart();
        Sql sql = Sql.select(
                new Columns(ownerColumn + " AS owner", "hour_start", "times_seen"),
                "FROM " + table + " WHERE " + ownerColumn + " IN (");
        in(sql, ids);
        sql.sql(" AND hour_start >= ").value(since);
        Map<Long, long[]> counts = new HashMap<>();
        for (SqlRow row : sql.rows(em)) {
            add(
                    counts.computeIfAbsent(row.number("owner"), id -> new long[SPARK_HOURS]),
                    since,
                    row.instant("hour_start"),
                    row.number("times_seen"));
        }
        return counts;
    }

    static OffsetDateTime sparkStart() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS).minusHours(SPARK_HOURS - 1);
    }

    /** Adds a count to its hour's slot of a sparkline starting at {@code since}. */
    static void add(long[] slots, OffsetDateTime since, Instant hour, long count) {
        long index = ChronoUnit.HOURS.between(since.toInstant(), hour);
        if (index >= 0 && index < slots.length) {
            slots[(int) index] += count;
        }
    }

    /** Closes an {@code IN (} list with one bound parameter per id (portable: H2 and PostgreSQL). */
    static void in(Sql sql, Collection<Long> ids) {
        String separator = "";
        for (long id : ids) {
            sql.sql(separator).value(id);
            separator = ", ";
        }
        sql.sql(")");
    }

    private static List<String> keyValues(String json) {
        if (json == null) {
            return List.of();
        }
        try (var reader = JsonFactories.READERS.createReader(new StringReader(json))) {
            List<String> values = new ArrayList<>();
            for (JsonValue value : reader.readArray()) {
                values.add(
                        value instanceof jakarta.json.JsonString text
                                ? text.getString()
                                : value.getValueType() == JsonValue.ValueType.NULL ? null : value.toString());
            }
            return values;
        }
    }
}
