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
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A regroup survives the death of its server: a job of many small batches, the server killed with
 * SIGKILL in the middle of it and started again on the same data. The job resumes from its position
 * (no event examined twice, none skipped), finishes, and every aggregate equals a recount from the
 * events. H2, or PostgreSQL with {@code -Ppostgresql}.
 */
class RegroupCrashIT {

    /** The test's own server (CrashIT +50, UpgradeIT +60, RegroupIT +80). */
    private static final int PORT_OFFSET = Integer.getInteger("lookout.port-offset", 0) + 90;

    /** Groups before the rule (one per id) and events in each. */
    private static final int IDS = 200;

    private static final int PER_ID = 10;

    private ServerProcess server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aRegroupKilledHalfWayResumesAndFinishesWithExactAggregates() throws Exception {
        server = ServerProcess.prepare("regroup-crash", PORT_OFFSET)
                // small batches: the job lasts long enough to be killed in the middle; a short lease: the restarted
                // server takes the job over soon
                .property("lookout.regroup.batch-size", "20")
                .property("lookout.regroup.tick-seconds", "1")
                .property("lookout.regroup.budget-seconds", "1")
                .property("lookout.regroup.lease-grace-seconds", "3")
                .start();
        Api api = new Api(server);
        assertEquals(201, api.call("POST", "/api/1/views", """
                {"name": "Crash by server", "slug": "crash-by-server", "types": ["message"], "keys": ["server"]}""").status());
        String run = RegroupIT.letters(6);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> users = new ArrayList<>();
        for (int u = 0; u < IDS; u++) {
            users.add(RegroupIT.letters(6));
        }
        List<String> ids = new ArrayList<>();
        for (int round = 0; round < PER_ID; round++) {
            StringBuilder batch = new StringBuilder("[");
            for (int u = 0; u < IDS; u++) {
                String id = RegroupIT.newId();
                ids.add(id);
                batch.append(u == 0 ? "" : ",").append("""
                        {"id": "%s", "type": "message", "message": "order of user-%s failed (%s)", "timestamp": "%s",
                         "timeSpent": %d, "tags": {"server": "s-%d", "shard": "h-%d"}}""".formatted(
                                id,
                                users.get(u),
                                run,
                                now.minus(round * 3L + u % 50, ChronoUnit.MINUTES),
                                1 + (u + round) % 9,
                                u % 4,
                                round % 3));
            }
            assertEquals(202, api.send(batch.append("]").toString()).status());
        }
        int total = IDS * PER_ID;
        RegroupIT.awaitStored(api, List.of(ids.get(0), ids.get(total - 1)));
        ServerProcess.await(
                () -> storedEvents(api) >= total ? true : null, Duration.ofSeconds(180), "every event to be stored");

        Api.Reply saved = api.call(
                "PUT",
                "/api/admin/projects/1/grouping-rules",
                Json.createObjectBuilder()
                        .add("rules", "message:\"*user-*\" -> strip \"user-[a-z]+\"")
                        .build()
                        .toString());
        assertEquals(200, saved.status(), saved.body());
        Api.Reply queued = api.call("POST", "/api/admin/projects/1/regroup", "{\"days\": 7}");
        assertEquals(202, queued.status(), queued.body());
        long job = queued.json().getJsonNumber("id").longValue();
        assertEquals(total, queued.json().getJsonNumber("total").longValue(), queued.body());
        // one active job per project
        Api.Reply busy = api.call("POST", "/api/admin/projects/1/regroup", "{\"days\": 3}");
        assertEquals(409, busy.status(), busy.body());
        assertTrue(busy.json().getString("error").contains("job " + job), busy.body());

        ServerProcess.await(
                () -> {
                    JsonObject now1 = newest(api);
                    return now1 != null && now1.getJsonNumber("examined").longValue() >= total / 5 ? true : null;
                },
                Duration.ofSeconds(180),
                "the job to examine a fifth of the events");
        // on H2 2.2.224 (WildFly's own) this left a file that could not be opened again once the restarted
        // server had finished and stopped ("Double mark") in 2 of 3 runs: the embedded default runs 2.4.240
        server.kill();
        server.start();
        JsonObject atRestart = newest(api);
        assertTrue(
                atRestart.getJsonNumber("examined").longValue() < total,
                "the server was killed before the job finished: " + atRestart);

        JsonObject done = RegroupIT.awaitFinished(api, job);
        assertEquals("done", done.getString("state"), done.toString());
        assertEquals(total, done.getJsonNumber("examined").longValue(), "each event examined once: " + done);
        assertEquals(total, done.getJsonNumber("moved").longValue(), "each event moved once: " + done);
        assertEquals(IDS, done.getJsonNumber("groupsEmptied").longValue(), done.toString());
        assertEquals(1, done.getJsonNumber("groupsCreated").longValue(), done.toString());
        assertEquals(1, done.getJsonNumber("groupsJoined").longValue(), done.toString());
        long group = api.get("/api/1/events/" + ids.get(0))
                .json()
                .getJsonNumber("groupId")
                .longValue();
        assertEquals(total, api.get("/api/1/groups/" + group).json().getInt("count"));

        server.stop();
        try (Connection connection = server.database().connect()) {
            assertEquals(total, Recount.rows(connection, "event"));
            assertEquals(List.of(), Consistency.problems(connection), "every aggregate equals a recount");
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT COUNT(DISTINCT group_id), COUNT(DISTINCT checksum)"
                            + " FROM event WHERE project_id = 1")) {
                assertTrue(rows.next());
                assertEquals(1, rows.getLong(1), "one group");
                assertEquals(1, rows.getLong(2), "one checksum");
            }
        }
    }

    /** The events the project holds: the dashboard's counts of its types added up. */
    private static long storedEvents(Api api) {
        Api.Reply dashboard = api.get("/api/1/dashboard");
        if (dashboard.status() != 200) {
            return 0;
        }
        return dashboard.json().getJsonArray("types").getValuesAs(JsonObject.class).stream()
                .mapToLong(type -> type.getJsonNumber("events").longValue())
                .sum();
    }

    private static JsonObject newest(Api api) {
        Api.Reply reply = api.get("/api/admin/projects/1/regroup");
        if (reply.status() != 200 || reply.json().getJsonArray("jobs").isEmpty()) {
            return null;
        }
        return reply.json().getJsonArray("jobs").getJsonObject(0);
    }
}
