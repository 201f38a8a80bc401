package io.lookout.it.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.grouping.Recount;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Regrouping the past through the real server: 50 messages that differ only by a user id make 50
 * groups; a grouping rule strips the id, new events join one group, and a regroup of the last 7 days
 * moves the 50 old events into it, deletes the emptied groups and leaves every aggregate (counts,
 * hourly series, tag values and distributions, view groups) equal to a recount from the events. A
 * regroup with the same rules moves nothing. On a server of its own ({@link ServerProcess}), so that
 * the database can be recounted after it stops; H2, or PostgreSQL with {@code -Ppostgresql}.
 */
class RegroupIT {

    /** The test's own server, beside the managed one and the other process tests (CrashIT +50, UpgradeIT +60). */
    private static final int PORT_OFFSET = Integer.getInteger("lookout.port-offset", 0) + 80;

    private static final int OLD = 50;
    private static final int NEW = 5;

    private ServerProcess server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aRuleThatStripsAnIdJoinsFiftyPastGroupsIntoOneWithExactAggregates() throws Exception {
        server = ServerProcess.prepare("regroup", PORT_OFFSET)
                .property("lookout.regroup.tick-seconds", "1")
                .start();
        Api api = new Api(server);
        assertEquals(201, api.call("POST", "/api/1/views", """
                {"name": "Regroup by server", "slug": "regroup-by-server", "types": ["message"], "keys": ["server"]}""").status());
        String run = letters(6);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> old = new ArrayList<>();
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < OLD; i++) {
            String id = newId();
            old.add(id);
            // the ids are letters: the message processor keeps them (it replaces numbers itself), so each is a group
            batch.append(i == 0 ? "" : ",")
                    .append(event(id, run, letters(5), i, now.minus((i + 1) * 7L, ChronoUnit.MINUTES)));
        }
        assertEquals(202, api.send(batch.append("]").toString()).status());
        awaitStored(api, old);
        Set<Long> oldGroups = new HashSet<>();
        for (String id : old) {
            oldGroups.add(api.get("/api/1/events/" + id)
                    .json()
                    .getJsonNumber("groupId")
                    .longValue());
        }
        assertEquals(OLD, oldGroups.size(), "each id opens a group before the rule");

        Api.Reply saved = api.call(
                "PUT",
                "/api/admin/projects/1/grouping-rules",
                Json.createObjectBuilder()
                        .add("rules", "message:\"*user-*\" -> strip \"user-[a-z]+\"")
                        .build()
                        .toString());
        assertEquals(200, saved.status(), saved.body());

        List<String> fresh = new ArrayList<>();
        batch = new StringBuilder("[");
        for (int i = 0; i < NEW; i++) {
            String id = newId();
            fresh.add(id);
            batch.append(i == 0 ? "" : ",").append(event(id, run, letters(5), i, now));
        }
        assertEquals(202, api.send(batch.append("]").toString()).status());
        awaitStored(api, fresh);
        long joined = api.get("/api/1/events/" + fresh.get(0))
                .json()
                .getJsonNumber("groupId")
                .longValue();
        for (String id : fresh) {
            assertEquals(
                    joined,
                    api.get("/api/1/events/" + id)
                            .json()
                            .getJsonNumber("groupId")
                            .longValue(),
                    "new events join one group under the rule");
        }
        assertEquals(NEW, api.get("/api/1/groups/" + joined).json().getInt("count"));

        Api.Reply queued = api.call("POST", "/api/admin/projects/1/regroup", "{\"days\": 7}");
        assertEquals(202, queued.status(), queued.body());
        long firstJob = queued.json().getJsonNumber("id").longValue();
        JsonObject job = awaitFinished(api, firstJob);
        assertEquals("done", job.getString("state"), job.toString());
        assertEquals(OLD + NEW, job.getJsonNumber("total").longValue(), job.toString());
        assertEquals(OLD + NEW, job.getJsonNumber("examined").longValue(), job.toString());
        assertEquals(0, job.getJsonNumber("skipped").longValue(), job.toString());
        assertEquals(OLD, job.getJsonNumber("moved").longValue(), job.toString());
        assertEquals(0, job.getJsonNumber("groupsCreated").longValue(), "the rule's group existed: " + job);
        assertEquals(1, job.getJsonNumber("groupsJoined").longValue(), job.toString());
        assertEquals(OLD, job.getJsonNumber("groupsEmptied").longValue(), job.toString());

        JsonObject group = api.get("/api/1/groups/" + joined).json();
        assertEquals(OLD + NEW, group.getInt("count"), group.toString());
        JsonObject moved = api.get("/api/1/events/" + old.get(0)).json();
        assertEquals(joined, moved.getJsonNumber("groupId").longValue(), moved.toString());
        assertEquals(
                api.get("/api/1/events/" + fresh.get(0)).json().getString("checksum"),
                moved.getString("checksum"),
                "a moved event carries its new checksum");
        assertTrue(moved.get("grouping").toString().contains("rule"), "and says why: " + moved.get("grouping"));
        for (long emptied : oldGroups) {
            assertEquals(404, api.get("/api/1/groups/" + emptied).status(), "emptied group " + emptied + " is gone");
        }

        JsonObject history = api.get("/api/1/groups/" + joined + "/activity")
                .json()
                .getJsonArray("activity")
                .getJsonObject(0);
        assertEquals("regrouped", history.getString("kind"), history.toString());
        assertEquals("admin", history.getString("actor"), history.toString());
        assertEquals(OLD, history.getJsonObject("details").getInt("events"), history.toString());

        // the same rules again: nothing changes group
        Api.Reply again = api.call("POST", "/api/admin/projects/1/regroup", "{\"days\": 7}");
        assertEquals(202, again.status(), again.body());
        JsonObject second = awaitFinished(api, again.json().getJsonNumber("id").longValue());
        assertEquals("done", second.getString("state"), second.toString());
        assertEquals(OLD + NEW, second.getJsonNumber("examined").longValue(), second.toString());
        assertEquals(0, second.getJsonNumber("moved").longValue(), second.toString());
        assertEquals(0, second.getJsonNumber("groupsEmptied").longValue(), second.toString());
        assertEquals(OLD + NEW, api.get("/api/1/groups/" + joined).json().getInt("count"));

        // the list, newest first; nothing left to cancel; bad requests
        JsonObject list = api.get("/api/admin/projects/1/regroup").json();
        assertEquals(2, list.getJsonArray("jobs").size(), list.toString());
        assertEquals(
                again.json().getJsonNumber("id").longValue(),
                list.getJsonArray("jobs").getJsonObject(0).getJsonNumber("id").longValue());
        Api.Reply none = api.call("DELETE", "/api/admin/projects/1/regroup", null);
        assertEquals(404, none.status(), none.body());
        for (String body : List.of("{\"days\": 0}", "{\"days\": 366}", "{\"days\": \"7\"}", "{\"days\": 1.5}")) {
            Api.Reply refused = api.call("POST", "/api/admin/projects/1/regroup", body);
            assertEquals(400, refused.status(), body + ": " + refused.body());
            assertEquals("days", refused.json().getString("field"), refused.body());
        }
        assertEquals(
                404,
                api.call("POST", "/api/admin/projects/999/regroup", "{\"days\": 7}")
                        .status());

        server.stop();
        try (Connection connection = server.database().connect()) {
            assertEquals(List.of(), Consistency.problems(connection), "every aggregate equals a recount");
            assertEquals(OLD + NEW, Recount.rows(connection, "event"));
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(
                            "SELECT group_id, details FROM group_activity" + " WHERE kind = 'regrouped' ORDER BY id")) {
                assertTrue(rows.next(), "the group's history says it received the events");
                assertEquals(joined, rows.getLong(1));
                assertEquals("{\"job\":" + firstJob + ",\"events\":" + OLD + "}", rows.getString(2));
                assertTrue(!rows.next(), "one history entry: the second regroup moved nothing");
            }
        }
    }

    private static String event(String id, String run, String user, int i, Instant at) {
        return """
                {"id": "%s", "type": "message", "message": "cart of user-%s is empty (%s)", "timestamp": "%s",
                 "timeSpent": %d, "tags": {"server": "s-%d", "url": "/cart/%s"}}""".formatted(id, user, run, at, 1 + i % 7, i % 3, run);
    }

    /** Waits until the job is done, failed or cancelled, and answers it as the list shows it. */
    static JsonObject awaitFinished(Api api, long job) {
        return ServerProcess.await(
                () -> {
                    Api.Reply reply = api.get("/api/admin/projects/1/regroup");
                    if (reply.status() != 200) {
                        return null;
                    }
                    for (JsonObject each : reply.json().getJsonArray("jobs").getValuesAs(JsonObject.class)) {
                        if (each.getJsonNumber("id").longValue() == job
                                && !List.of("queued", "running").contains(each.getString("state"))) {
                            return each;
                        }
                    }
                    return null;
                },
                Duration.ofSeconds(180),
                "regroup job " + job + " to finish");
    }

    static void awaitStored(Api api, List<String> ids) {
        for (String id : ids) {
            ServerProcess.await(
                    () -> api.get("/api/1/events/" + id).status() == 200 ? true : null,
                    Duration.ofSeconds(120),
                    "event " + id + " to be stored");
        }
    }

    static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    static String letters(int length) {
        StringBuilder text = new StringBuilder();
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }
}
