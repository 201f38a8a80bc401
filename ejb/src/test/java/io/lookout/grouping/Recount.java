package io.lookout.grouping;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Counts every aggregate again from the events, in Java over plain JDBC, and lists where the
 * stored aggregates differ: the same checks as {@code bench/consistency.sql} (groups, hourly
 * counts, tag values, group distributions, view groups and their hours), on H2 and PostgreSQL alike.
 * Aggregate rows whose count went to zero (the cleanup may leave them) count as absent. A group past
 * the per-group cap ({@code counted_only > 0}) must count its rows and its counted-only events, and
 * its hours must sum to that; its hours and view groups are not recounted key by key. Used by
 * this module's tests against an in-process database and, through its test jar, by the
 * integration tests against a server's database.
 */
public final class Recount {

    private record Span(long count, Instant first, Instant last) {
        Span plus(Instant at) {
            return new Span(
                    count + 1,
                    first == null || at.isBefore(first) ? at : first,
                    last == null || at.isAfter(last) ? at : last);
        }
    }

    private record Event(long id, long projectId, long groupId, String type, Instant at, JsonObject tags) {}

    private record View(long id, long projectId, Set<String> types, List<String> keys) {}

    private Recount() {}

    /**
     * Runs a {@code bench/} consistency script ({@code consistency.sql} on PostgreSQL,
     * {@code consistency-h2.sql} on H2) statement by statement: each answers a check's name and its
     * number of mismatches; the problems are those with any.
     *
     * @param bench the project's {@code bench} directory
     */
    public static List<String> scriptMismatches(Connection connection, java.nio.file.Path bench, boolean postgres)
            throws SQLException {
        String script = postgres ? "consistency.sql" : "consistency-h2.sql";
        String sql;
        try {
            sql = java.nio.file.Files.readAllLines(bench.resolve(script)).stream()
                    .filter(line -> !line.startsWith("\\") && !line.startsWith("--"))
                    .collect(java.util.stream.Collectors.joining("\n"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<String> problems = new ArrayList<>();
        int checks = 0;
        for (String statement : sql.split(";\\s*\n")) {
            if (statement.isBlank()) {
                continue;
            }
            try (Statement jdbc = connection.createStatement();
                    ResultSet rows = jdbc.executeQuery(statement)) {
                while (rows.next()) {
                    checks++;
                    if (rows.getLong(2) != 0) {
                        problems.add(script + ": " + rows.getString(1) + " has " + rows.getLong(2) + " mismatches");
                    }
                }
            }
        }
        if (checks < 8) {
            problems.add(script + " ran only " + checks + " checks");
        }
        return problems;
    }

    /** The mismatches, each a line naming the table and the row; empty when every aggregate is exact. */
    public static List<String> mismatches(Connection connection) throws SQLException {
        List<String> problems = new ArrayList<>();
        Map<Long, Event> events = new HashMap<>();
        Map<Long, Span> groups = new HashMap<>();
        Map<String, Long> hours = new HashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows =
                        statement.executeQuery("SELECT id, group_id, type, occurred_at, tags, project_id FROM event")) {
            while (rows.next()) {
                Instant at = instant(rows, 4);
                Event event = new Event(
                        rows.getLong(1),
                        rows.getLong(6),
                        rows.getLong(2),
                        rows.getString(3),
                        at,
                        Json.createReader(new StringReader(rows.getString(5))).readObject());
                events.put(event.id(), event);
                groups.merge(event.groupId(), new Span(1, at, at), (a, b) -> a.plus(at));
                hours.merge(event.groupId() + "@" + at.truncatedTo(ChronoUnit.HOURS), 1L, Long::sum);
            }
        }

        Set<Long> seenGroups = new HashSet<>();
        // groups past the per-group cap count events that have no row (counted_only): their count is
        // the rows and those; their hours and view groups cannot be recounted from the rows
        Map<Long, Long> capped = new HashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT id, times_seen, first_seen, last_seen, counted_only FROM event_group")) {
            while (rows.next()) {
                long id = rows.getLong(1);
                seenGroups.add(id);
                Span expected = groups.getOrDefault(id, new Span(0, null, null));
                long stored = rows.getLong(2);
                long countedOnly = rows.getLong(5);
                if (countedOnly > 0) {
                    capped.put(id, stored);
                    if (stored != expected.count() + countedOnly
                            || expected.count() > 0
                                    && (instant(rows, 3).isAfter(expected.first())
                                            || instant(rows, 4).isBefore(expected.last()))) {
                        problems.add("event_group " + id + ": times_seen " + stored + " first " + instant(rows, 3)
                                + " last " + instant(rows, 4) + ", the events say " + expected + " and "
                                + countedOnly + " counted only");
                    }
                    continue;
                }
                if (stored != expected.count()
                        || expected.count() > 0
                                && (!instant(rows, 3).equals(expected.first())
                                        || !instant(rows, 4).equals(expected.last()))) {
                    problems.add("event_group " + id + ": times_seen " + stored + " first " + instant(rows, 3)
                            + " last " + instant(rows, 4) + ", the events say " + expected);
                }
            }
        }
        groups.keySet().stream()
                .filter(id -> !seenGroups.contains(id))
                .forEach(id -> problems.add("event_group " + id + " is missing"));

        Map<String, Long> storedHours = counts(
                connection,
                "SELECT group_id, hour_start, times_seen FROM group_hourly",
                rows -> rows.getLong(1) + "@" + instant(rows, 2),
                3);
        Map<Long, Long> cappedHours = new HashMap<>();
        storedHours.forEach((key, count) -> {
            long group = Long.parseLong(key.substring(0, key.indexOf('@')));
            if (capped.containsKey(group)) {
                cappedHours.merge(group, count, Long::sum);
            }
        });
        capped.forEach((group, timesSeen) -> {
            if (!timesSeen.equals(cappedHours.getOrDefault(group, 0L))) {
                problems.add("group_hourly of capped group " + group + " sum to " + cappedHours.get(group)
                        + ", the group says " + timesSeen);
            }
        });
        storedHours.keySet().removeIf(key -> capped.containsKey(Long.parseLong(key.substring(0, key.indexOf('@')))));
        hours.keySet().removeIf(key -> capped.containsKey(Long.parseLong(key.substring(0, key.indexOf('@')))));
        compare(problems, "group_hourly", hours, storedHours);

        Map<String, Long> tagValues = new HashMap<>();
        Map<String, Long> distributions = new HashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT tag_value_id, event_id FROM event_tag")) {
            while (rows.next()) {
                Event event = events.get(rows.getLong(2));
                if (event == null) {
                    problems.add(
                            "event_tag links tag value " + rows.getLong(1) + " to missing event " + rows.getLong(2));
                    continue;
                }
                tagValues.merge(Long.toString(rows.getLong(1)), 1L, Long::sum);
                distributions.merge(event.groupId() + "/" + rows.getLong(1), 1L, Long::sum);
            }
        }
        compare(
                problems,
                "tag_value",
                tagValues,
                counts(connection, "SELECT id, times_seen FROM tag_value", rows -> Long.toString(rows.getLong(1)), 2));
        compare(
                problems,
                "group_tag_value",
                distributions,
                counts(
                        connection,
                        "SELECT group_id, tag_value_id, times_seen FROM group_tag_value",
                        rows -> rows.getLong(1) + "/" + rows.getLong(2),
                        3));

        // users affected: the distinct values of the user tag among a group's events (docs/architecture.md)
        Map<Long, Set<String>> users = new HashMap<>();
        for (Event event : events.values()) {
            JsonValue user = event.tags().get("user");
            if (user instanceof JsonString value) {
                users.computeIfAbsent(event.groupId(), k -> new HashSet<>()).add(value.getString());
            }
        }
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id, users, counted_only FROM event_group")) {
            while (rows.next()) {
                long expected = users.getOrDefault(rows.getLong(1), Set.of()).size();
                // a capped group counts users of events it kept no row of: at least those of its rows
                boolean wrong = rows.getLong(3) > 0 ? rows.getLong(2) < expected : rows.getLong(2) != expected;
                if (wrong) {
                    problems.add("event_group " + rows.getLong(1) + ": users " + rows.getLong(2) + ", the events say "
                            + expected);
                }
            }
        }

        List<View> views = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT id, types, tag_keys, project_id FROM lookout_view WHERE backfill_state = 'done'")) {
            while (rows.next()) {
                String types = rows.getString(2);
                views.add(new View(
                        rows.getLong(1),
                        rows.getLong(4),
                        types == null ? null : Set.of(types.split(",")),
                        Json.createReader(new StringReader(rows.getString(3)))
                                .readArray()
                                .getValuesAs(JsonString.class)
                                .stream()
                                .map(JsonString::getString)
                                .toList()));
            }
        }
        Map<String, Long> viewGroups = new HashMap<>();
        for (View view : views) {
            for (Event event : events.values()) {
                if (event.projectId() == view.projectId()
                        && (view.types() == null || view.types().contains(event.type()))) {
                    viewGroups.merge(
                            view.id() + "/" + event.groupId() + "/" + keyValues(view.keys(), event.tags()),
                            1L,
                            Long::sum);
                }
            }
        }
        Set<Long> done = new HashSet<>();
        views.forEach(v -> done.add(v.id()));
        Map<String, Long> storedViewGroups = new HashMap<>();
        Map<Long, String> viewGroupKeys = new HashMap<>();
        Map<Long, Long> viewGroupCounts = new HashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT id, view_id, group_id, key_values, times_seen FROM view_group")) {
            while (rows.next()) {
                if (!done.contains(rows.getLong(2)) || rows.getLong(5) == 0) {
                    continue;
                }
                JsonArray values =
                        Json.createReader(new StringReader(rows.getString(4))).readArray();
                String key = rows.getLong(2) + "/" + rows.getLong(3) + "/" + normalise(values);
                storedViewGroups.merge(key, rows.getLong(5), Long::sum);
                viewGroupKeys.put(rows.getLong(1), key);
                viewGroupCounts.put(rows.getLong(1), rows.getLong(5));
            }
        }
        viewGroups.keySet().removeIf(key -> capped.containsKey(Long.parseLong(key.split("/")[1])));
        storedViewGroups.keySet().removeIf(key -> capped.containsKey(Long.parseLong(key.split("/")[1])));
        compare(problems, "view_group", viewGroups, storedViewGroups);
        Map<Long, Long> hourSums = new HashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT view_group_id, times_seen FROM view_group_hourly")) {
            while (rows.next()) {
                hourSums.merge(rows.getLong(1), rows.getLong(2), Long::sum);
            }
        }
        viewGroupCounts.forEach((id, count) -> {
            if (!Objects.equals(hourSums.getOrDefault(id, 0L), count)) {
                problems.add("view_group_hourly of view group " + id + " (" + viewGroupKeys.get(id) + ") sum to "
                        + hourSums.getOrDefault(id, 0L) + ", the view group says " + count);
            }
        });
        return problems;
    }

    /** The number of rows of {@code table}. */
    public static long rows(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private interface Key {
        String of(ResultSet rows) throws SQLException;
    }

    private static Map<String, Long> counts(Connection connection, String sql, Key key, int countColumn)
            throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                if (rows.getLong(countColumn) != 0) {
                    counts.merge(key.of(rows), rows.getLong(countColumn), Long::sum);
                }
            }
        }
        return counts;
    }

    private static void compare(
            List<String> problems, String table, Map<String, Long> expected, Map<String, Long> stored) {
        Set<String> keys = new HashSet<>(expected.keySet());
        keys.addAll(stored.keySet());
        for (String key : keys) {
            long want = expected.getOrDefault(key, 0L);
            long have = stored.getOrDefault(key, 0L);
            if (want != have) {
                problems.add(table + " " + key + ": stored " + have + ", the events say " + want);
            }
        }
    }

    private static String keyValues(List<String> keys, JsonObject tags) {
        List<String> values = new ArrayList<>();
        for (String key : keys) {
            JsonValue value = tags.get(key);
            values.add(value instanceof JsonString s ? s.getString() : null);
        }
        return values.toString();
    }

    private static String normalise(JsonArray values) {
        List<String> list = new ArrayList<>();
        for (JsonValue value : values) {
            list.add(value instanceof JsonString s ? s.getString() : null);
        }
        return list.toString();
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
