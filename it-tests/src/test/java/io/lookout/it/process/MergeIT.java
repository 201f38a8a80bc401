package io.lookout.it.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.grouping.Recount;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Merge and split through a real server of its own (H2, or PostgreSQL with {@code -Ppostgresql}):
 * two groups of one type with tags, a view and hourly counts are merged; the lists show one group, an
 * alias answers where it went, new events of both checksums join the merged group, no alert calls
 * anything new; split gives both back; bad input gets clear answers. At the end, with the server
 * stopped, every aggregate equals a recount ({@link Recount} and {@code bench/consistency*.sql}).
 */
class MergeIT {

    /** The test's own server, beside the managed one (and the other process tests'). */
    private static final int PORT_OFFSET = Integer.getInteger("lookout.port-offset", 0) + 80;

    private ServerProcess server;
    private Api api;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Sends one event and waits until the API reads it; answers its group. */
    private long store(String message, String server, int hoursAgo, double timeSpent) {
        String id = UUID.randomUUID().toString().replace("-", "");
        Instant at = Instant.now().minus(hoursAgo, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Api.Reply sent = api.send("""
                {"id": "%s", "type": "message", "timestamp": "%s", "level": "error", "timeSpent": %s,
                 "tags": {"server": "%s"}, "data": {"message": "%s"}}""".formatted(id, at, timeSpent, server, message));
        assertEquals(202, sent.status(), sent.body());
        return awaitGroup(id);
    }

    private long awaitGroup(String eventId) {
        JsonObject event = ServerProcess.await(
                () -> {
                    Api.Reply reply = api.get("/api/1/events/" + eventId);
                    return reply.status() == 200 ? reply.json() : null;
                },
                Duration.ofSeconds(60),
                "event " + eventId + " to be stored");
        return event.getJsonNumber("groupId").longValue();
    }

    private JsonObject group(long id) {
        Api.Reply reply = api.get("/api/1/groups/" + id);
        assertEquals(200, reply.status(), reply.body());
        return reply.json();
    }

    private Api.Reply merge(String groups) {
        return api.call("POST", "/api/1/groups/merge", "{\"groups\": " + groups + "}");
    }

    private static void assertProblem(int status, String field, Api.Reply reply) {
        assertEquals(status, reply.status(), reply.body());
        JsonObject body = reply.json();
        assertTrue(body.getString("error").length() > 10, reply.body());
        if (field == null) {
            assertTrue(!body.containsKey("field") || body.isNull("field"), reply.body());
        } else {
            assertEquals(field, body.getString("field"), reply.body());
        }
    }

    /** The hourly counts of a group, hour → count. */
    private Map<String, Integer> hourly(JsonObject group) {
        Map<String, Integer> hours = new HashMap<>();
        for (JsonValue hour : group.getJsonArray("hourly")) {
            int count = hour.asJsonObject().getInt("count");
            if (count > 0) {
                hours.put(hour.asJsonObject().getString("hour"), count);
            }
        }
        return hours;
    }

    /** server value → count, from a group's tag distribution. */
    private static Map<String, Integer> servers(JsonObject group) {
        Map<String, Integer> counts = new HashMap<>();
        for (JsonValue value :
                group.getJsonObject("tags").getJsonObject("server").getJsonArray("values")) {
            counts.put(
                    value.asJsonObject().getString("value"),
                    value.asJsonObject().getInt("count"));
        }
        return counts;
    }

    /** The ids of the groups of a list (a view's, or the project's) matching the query. */
    private Set<Long> listed(String view, String query) {
        Api.Reply reply = api.get("/api/1/groups?query=" + query + (view == null ? "" : "&view=" + view));
        assertEquals(200, reply.status(), reply.body());
        Set<Long> ids = new TreeSet<>();
        for (JsonValue row : reply.json().getJsonArray("groups")) {
            ids.add(row.asJsonObject()
                    .getJsonNumber(view == null ? "id" : "groupId")
                    .longValue());
        }
        return ids;
    }

    private int notifications(long rule) {
        Api.Reply reply = api.get("/api/1/alerts/" + rule + "/notifications");
        assertEquals(200, reply.status(), reply.body());
        return reply.json().getJsonArray("notifications").size();
    }

    @Test
    void mergeNewEventsAndSplitKeepEveryAggregateExact() throws Exception {
        server = ServerProcess.prepare("merge", PORT_OFFSET).start();
        api = new Api(server);
        Api.Reply view = api.call("POST", "/api/1/views", """
                {"name": "Messages by server", "slug": "by-server", "types": ["message"], "keys": ["server"]}""");
        assertEquals(201, view.status(), view.body());
        Api.Reply rule = api.call("POST", "/api/1/alerts", """
                {"name": "New", "trigger": "new-group", "email": ["ops@example.com"]}""");
        assertEquals(201, rule.status(), rule.body());
        long ruleId = rule.json().getJsonNumber("id").longValue();

        // two groups of one type, over three hours and two servers; and one of another type
        long alpha = 0;
        long beta = 0;
        for (int i = 0; i < 6; i++) {
            alpha = store("Cache miss in alpha zone", "s" + (i % 2), i % 3, 10 + i);
        }
        for (int i = 0; i < 4; i++) {
            beta = store("Cache miss in beta zone", "s" + (i % 3), i % 2, 1 + i);
        }
        String exceptionId = UUID.randomUUID().toString().replace("-", "");
        assertEquals(202, api.send("""
                                {"id": "%s", "type": "exception", "data": {"type": "java.lang.IllegalStateException",
                                 "value": "cache"}}""".formatted(exceptionId)).status());
        long exception = awaitGroup(exceptionId);
        JsonObject alphaBefore = group(alpha);
        JsonObject betaBefore = group(beta);
        ServerProcess.await(
                () -> notifications(ruleId) == 3 ? true : null,
                Duration.ofSeconds(60),
                "a new-group notification for each of the three groups");

        // bad input
        assertProblem(400, "groups", merge("[" + alpha + "]"));
        assertProblem(400, "groups", merge("\"" + alpha + "\""));
        assertProblem(400, "groups", merge("[" + alpha + ", \"not a group\"]"));
        assertProblem(400, "groups", merge("[" + alpha + ", " + alpha + "]"));
        assertProblem(400, "groups", merge("[" + alpha + ", " + exception + "]"));
        assertProblem(404, null, merge("[" + alpha + ", 987654]"));
        assertProblem(400, "into", api.call("POST", "/api/1/groups/merge", "{\"into\": 1}"));
        assertProblem(409, null, api.call("POST", "/api/1/groups/" + alpha + "/split", null));

        // merge: beta (named by its page's link) into alpha
        Api.Reply merged = merge("[" + alpha + ", \"" + server.baseUrl() + "/group.xhtml?project=1&id=" + beta + "\"]");
        assertEquals(200, merged.status(), merged.body());
        JsonObject together = merged.json();
        assertEquals(alpha, together.getJsonNumber("id").longValue());
        assertEquals(10, together.getInt("count"));
        assertEquals(
                List.of(beta),
                together.getJsonArray("mergedFrom").stream()
                        .map(m -> m.asJsonObject().getJsonNumber("id").longValue())
                        .toList());
        assertEquals(
                betaBefore.getString("checksum"),
                together.getJsonArray("mergedFrom").getJsonObject(0).getString("checksum"));
        Map<String, Integer> hours = new HashMap<>(hourly(alphaBefore));
        hourly(betaBefore).forEach((hour, count) -> hours.merge(hour, count, Integer::sum));
        assertEquals(hours, hourly(together), "the hourly series add up");
        Map<String, Integer> servers = new HashMap<>(servers(alphaBefore));
        servers(betaBefore).forEach((value, count) -> servers.merge(value, count, Integer::sum));
        assertEquals(servers, servers(together), "the tag distributions add up");
        assertEquals(Set.of(alpha), listed(null, "zone"), "the list shows one group");
        assertEquals(Set.of(alpha), listed("by-server", "zone"), "the view's groups are the merged group's");

        Api.Reply alias = api.get("/api/1/groups/" + beta);
        assertEquals(308, alias.status(), alias.body());
        assertEquals(alpha, alias.json().getJsonNumber("mergedInto").longValue());
        assertProblem(400, "groups", merge("[" + exception + ", " + beta + "]"));

        // new events of both checksums join the merged group; nothing new is announced
        assertEquals(alpha, store("Cache miss in beta zone", "s7", 0, 5));
        assertEquals(alpha, store("Cache miss in alpha zone", "s7", 0, 5));
        assertEquals(12, group(alpha).getInt("count"));
        assertEquals(3, notifications(ruleId), "a merge and its events raise no new-group notification");

        JsonObject history = api.get("/api/1/groups/" + alpha + "/activity").json();
        assertEquals(
                List.of("merged", "first-seen"),
                history.getJsonArray("activity").getValuesAs(JsonObject.class).stream()
                        .map(entry -> entry.getString("kind"))
                        .toList(),
                history.toString());
        JsonObject mergedEntry = history.getJsonArray("activity").getJsonObject(0);
        assertEquals("merged", mergedEntry.getString("kind"));
        assertEquals("admin", mergedEntry.getString("actor"));
        assertEquals(4, mergedEntry.getJsonObject("details").getInt("events"));

        // split: each checksum's events back in its group
        Api.Reply split = api.call("POST", "/api/1/groups/" + alpha + "/split", null);
        assertEquals(200, split.status(), split.body());
        assertEquals(7, split.json().getInt("count"));
        assertEquals(0, split.json().getJsonArray("mergedFrom").size());
        JsonObject betaAfter = group(beta);
        assertEquals(5, betaAfter.getInt("count"));
        assertEquals(Set.of(alpha, beta), listed(null, "zone"));
        assertEquals(Set.of(alpha, beta), listed("by-server", "zone"));
        List<String> kinds = new ArrayList<>();
        api.get("/api/1/groups/" + beta + "/activity")
                .json()
                .getJsonArray("activity")
                .forEach(entry -> kinds.add(entry.asJsonObject().getString("kind")));
        assertEquals(List.of("split", "merged", "first-seen"), kinds);
        assertEquals(3, notifications(ruleId), "a split raises no new-group notification either");

        server.stop();
        try (Connection connection = server.database().connect()) {
            List<String> problems = new ArrayList<>(Recount.mismatches(connection));
            problems.addAll(Recount.scriptMismatches(
                    connection, Path.of(System.getProperty("user.dir")).resolveSibling("bench"), Databases.postgres()));
            assertEquals(List.of(), problems, "aggregates that differ from a recount after merge, events, split");
        }
    }
}
