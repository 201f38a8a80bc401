package io.lookout.it.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.grouping.Recount;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pulls the plug: the server's JVM killed with SIGKILL (as {@code kill -9}) under load, during a
 * retention run and during a view backfill, then started again on the same data. An event answered
 * {@code 202} is never lost, none is counted twice, and every aggregate equals a recount from the
 * events ({@link Recount}). Runs on the suite's database: H2 (the embedded default) or PostgreSQL.
 */
class CrashIT {

    /** The test's own server: beside the managed one (and any other suite's) on this machine. */
    private static final int PORT_OFFSET = Integer.getInteger("lookout.port-offset", 0) + 50;
    /*
     * QUOTA: the servers run without the spike rule (lookout.quota.spike-factor=0: 60,000 events a minute,
     * 6,000 at once): these tests send up to 12,000 events to project 1 within seconds, and a new project's
     * spike floor (12,000 a minute) admits 1,200 at once and then 200 a second (docs/architecture.md, "Quotas").
     */

    private static final int GROUPS = 30;

    private ServerProcess server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void noAnsweredEventIsLostOrCountedTwiceWhenTheServerIsKilledUnderLoad() throws Exception {
        server = ServerProcess.prepare("crash-load", PORT_OFFSET)
                .property("lookout.quota.spike-factor", "0") // see QUOTA
                .start();
        Api api = new Api(server);
        String run = TestData.letters(10);
        assertEquals(201, api.call("POST", "/api/1/views", """
                {"name": "Crash by server", "slug": "crash-by-server", "types": ["message"], "keys": ["server"]}""").status());
        List<String> groupNames = new ArrayList<>();
        for (int k = 0; k < GROUPS; k++) {
            groupNames.add(TestData.letters(8));
        }
        // enough that the edge is still answering when the consumer has stored 300
        int total = 12_000;
        Map<String, String> bodies = new HashMap<>();
        Map<String, Integer> groupOf = new HashMap<>();
        List<List<String>> requests = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            String id = newId();
            int k = i % GROUPS;
            groupOf.put(id, k);
            bodies.put(id, """
                    {"id": "%s", "type": "message", "message": "crash %s in %s", "timeSpent": %d,
                     "tags": {"server": "s-%s", "url": "/crash/%s"}}""".formatted(
                            id, run, groupNames.get(k), 1 + i % 7, "abcd".charAt(i % 4), groupNames.get(k % 5)));
            current.add(id);
            // single events and batches of 10, as senders mix them
            if (current.size() == (requests.size() % 2 == 0 ? 1 : 10)) {
                requests.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            requests.add(current);
        }

        ConcurrentLinkedQueue<List<String>> toSend = new ConcurrentLinkedQueue<>(requests);
        List<String> answered = Collections.synchronizedList(new ArrayList<>());
        ConcurrentLinkedQueue<List<String>> unanswered = new ConcurrentLinkedQueue<>();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            senders.submit(() -> {
                for (List<String> ids = toSend.poll(); ids != null; ids = toSend.poll()) {
                    Api.Reply reply = api.send(body(ids, bodies));
                    if (reply.status() == 202) {
                        answered.addAll(ids);
                    } else {
                        unanswered.add(ids);
                    }
                }
            });
        }
        // kill while the senders send and the consumer is busy storing: enough messages flow through
        // it that the broker has taken acknowledgements of messages whose transactions just committed
        ServerProcess.await(
                () -> answered.size() >= total / 8 ? true : null,
                Duration.ofSeconds(120),
                "an eighth of the events to be answered");
        // on a quiet machine H2's edge answers about twelve times what its consumer stores meanwhile
        String storedMark = answered.get(total / 40);
        ServerProcess.await(
                () -> api.get("/api/1/events/" + storedMark).status() == 200 ? true : null,
                Duration.ofSeconds(120),
                "the consumer to store 300 events");
        server.kill();
        int answeredAtKill = answered.size();
        senders.shutdown();
        assertTrue(senders.awaitTermination(120, TimeUnit.SECONDS), "the senders stop once the server is gone");
        assertTrue(answeredAtKill < total, "the server was killed before every event was answered");

        server.start();
        // a sender retries what was not answered, with the same ids
        for (List<String> ids : unanswered) {
            ServerProcess.await(
                    () -> api.send(body(ids, bodies)).status() == 202 ? true : null,
                    Duration.ofSeconds(60),
                    "a retry to be accepted");
        }
        Map<Integer, Integer> expected = new HashMap<>();
        Map<Integer, String> firstOfGroup = new HashMap<>();
        groupOf.forEach((id, k) -> {
            expected.merge(k, 1, Integer::sum);
            firstOfGroup.putIfAbsent(k, id);
        });
        Map<Integer, Long> groupIds = new HashMap<>();
        for (int k = 0; k < GROUPS; k++) {
            groupIds.put(
                    k,
                    awaitEventJson(api, firstOfGroup.get(k))
                            .getJsonNumber("groupId")
                            .longValue());
        }
        // until the groups hold every event (or no longer grow: then the check below names what is missing)
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        long counted = -1;
        for (long last = -2, since = System.nanoTime();
                counted < total
                        && System.nanoTime() < deadline
                        && System.nanoTime() - since < Duration.ofSeconds(60).toNanos();
                ServerProcess.sleep(1_000)) {
            counted = groupIds.values().stream()
                    .mapToLong(id -> api.get("/api/1/groups/" + id).json().getInt("count"))
                    .sum();
            if (counted != last) {
                last = counted;
                since = System.nanoTime();
            }
        }
        int countedTwice = 0;
        for (int k = 0; k < GROUPS; k++) {
            JsonObject group = api.get("/api/1/groups/" + groupIds.get(k)).json();
            countedTwice += Math.max(0, group.getInt("count") - expected.get(k));
        }
        server.stop();

        // every id was answered by now: before the kill, or when retried after it
        Set<String> lost = new LinkedHashSet<>(bodies.keySet());
        try (Connection connection = server.database().connect();
                java.sql.Statement statement = connection.createStatement();
                java.sql.ResultSet rows = statement.executeQuery("SELECT event_id FROM event")) {
            while (rows.next()) {
                lost.remove(rows.getString(1));
            }
        }
        System.out.printf(
                "crash-load (%s): %d events, %d answered before the kill, %d retried; %d lost, %d counted twice%n",
                Databases.postgres() ? "postgresql" : "h2",
                total,
                answeredAtKill,
                total - answeredAtKill,
                lost.size(),
                countedTwice);
        assertTrue(
                lost.isEmpty(),
                lost.size() + " answered events are not stored, e.g. "
                        + lost.stream().findFirst().orElse(""));
        assertEquals(0, countedTwice, "no event is counted twice");
        try (Connection connection = server.database().connect()) {
            assertEquals(total, Recount.rows(connection, "event"), "every event stored once");
            assertEquals(List.of(), Recount.mismatches(connection), "the aggregates equal a recount from the events");
        }
    }

    @Test
    void aRetentionRunKilledHalfWayLeavesExactAggregatesAndTheNextRunFinishesIt() throws Exception {
        server = ServerProcess.prepare("crash-retention", PORT_OFFSET)
                .property("lookout.quota.spike-factor", "0") // see QUOTA
                // small batches: the run lasts long enough to be killed in the middle; a short lease: the next run may
                // start soon
                .property("lookout.retention.batch-size", "10")
                .property("lookout.retention.budget-seconds", "20")
                .property("lookout.retention.lease-grace-seconds", "2")
                .start();
        Api api = new Api(server);
        assertEquals(
                200,
                api.call("PUT", "/api/1/settings", "{\"retentionDays\": 1}").status());
        assertEquals(201, api.call("POST", "/api/1/views", """
                {"name": "Retention by url", "slug": "retention-by-url", "types": null, "keys": ["url", "server"]}""").status());
        Instant old = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        List<String> oldIds = new ArrayList<>();
        List<String> recentIds = new ArrayList<>();
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < 1_400; i++) {
            boolean expired = i < 1_200;
            String id = newId();
            (expired ? oldIds : recentIds).add(id);
            Instant at = expired ? old.plusSeconds(i) : Instant.now().minusSeconds(i);
            batch.append(batch.length() == 0 ? "[" : ",")
                    .append("""
                    {"id": "%s", "type": "message", "message": "retention %s", "timestamp": "%s", "timeSpent": 2,
                     "tags": {"server": "s%d", "url": "/r/%s"}}""".formatted(id, "abcdefghij".charAt(i % 10), at, i % 3, "xyz".charAt(i % 3)));
            if ((i + 1) % 100 == 0) {
                assertEquals(202, api.send(batch.append("]").toString()).status());
                batch.setLength(0);
            }
        }
        List<String> all = new ArrayList<>(oldIds);
        all.addAll(recentIds);
        awaitStored(api, all, Duration.ofSeconds(180));

        CompletableFuture<Api.Reply> firstRun =
                CompletableFuture.supplyAsync(() -> api.call("POST", "/api/admin/retention/run", null));
        // the oldest go first: kill once the third batch is gone, while the run is still deleting. Not at the
        // first batch: a commit is visible to other connections a moment before H2 has written it (a kill
        // in between loses that batch, whose commit had not returned: nothing promised is lost, but then the
        // run may have deleted nothing durable yet); a batch starts after the one before it has committed
        ServerProcess.await(
                () -> api.get("/api/1/events/" + oldIds.get(2 * 10)).status() == 404 ? true : null,
                Duration.ofSeconds(60),
                "the cleanup to start deleting");
        server.kill();
        assertEquals(-1, firstRun.get(60, TimeUnit.SECONDS).status(), "the first run was killed before it answered");

        server.start();
        long left = oldIds.stream()
                .filter(id -> api.get("/api/1/events/" + id).status() == 200)
                .count();
        assertTrue(
                left > 0 && left < oldIds.size(),
                "the kill came in the middle of the run: " + left + " expired events left");
        long[] deleted = {0};
        ServerProcess.await(
                () -> {
                    Api.Reply reply = api.call("POST", "/api/admin/retention/run", null);
                    assertEquals(200, reply.status(), reply.body());
                    // skipped while the dead run's lease lasts; a run that spent its budget leaves the rest to the next
                    deleted[0] += reply.json().getJsonNumber("deletedEvents").longValue();
                    return reply.json().getBoolean("complete") && !reply.json().getBoolean("skipped") ? true : null;
                },
                Duration.ofSeconds(180),
                "a complete cleanup after the restart");
        System.out.printf(
                "crash-retention (%s): %d expired events left by the killed run, the runs after the restart deleted %d%n",
                Databases.postgres() ? "postgresql" : "h2", left, deleted[0]);
        for (String id : oldIds) {
            assertEquals(404, api.get("/api/1/events/" + id).status(), "expired event " + id + " is gone");
        }

        server.stop();
        try (Connection connection = server.database().connect()) {
            assertEquals(
                    recentIds.size(),
                    Recount.rows(connection, "event"),
                    "the recent events stay, every expired one is gone");
            assertEquals(List.of(), Recount.mismatches(connection), "the aggregates equal a recount from the events");
        }
    }

    @Test
    void aViewBackfillKilledHalfWayResumesAndCountsEveryEventOnce() throws Exception {
        server = ServerProcess.prepare("crash-backfill", PORT_OFFSET)
                .property("lookout.quota.spike-factor", "0") // see QUOTA
                .property("lookout.views.backfill-batch-size", "25")
                .start();
        Api api = new Api(server);
        List<String> ids = new ArrayList<>();
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            String id = newId();
            ids.add(id);
            batch.append(batch.length() == 0 ? "[" : ",").append("""
                    {"id": "%s", "type": "%s", "message": "backfill %s", "data": %s,
                     "tags": {"server": "s%d", "url": "/b/%s"}}""".formatted(
                            id,
                            i % 4 == 0 ? "query" : "message",
                            "abcdefgh".charAt(i % 8),
                            i % 4 == 0 ? "{\"query\": \"SELECT * FROM t" + "uvw".charAt(i % 3) + "\"}" : "{}",
                            i % 5,
                            "klmnop".charAt(i % 6)));
            if ((i + 1) % 100 == 0) {
                Api.Reply sent = api.send(batch.append("]").toString());
                assertEquals(202, sent.status(), sent.body());
                batch.setLength(0);
            }
        }
        awaitStored(api, ids, Duration.ofSeconds(180));

        assertEquals(201, api.call("POST", "/api/1/views", """
                {"name": "Backfill by url", "slug": "backfill-by-url", "types": ["message"], "keys": ["url", "server"]}""").status());
        JsonObject partial = ServerProcess.await(
                () -> {
                    JsonObject backfill =
                            api.get("/api/1/views/backfill-by-url").json().getJsonObject("backfill");
                    return backfill.getInt("done") > 0 ? backfill : null;
                },
                Duration.ofSeconds(60),
                "the backfill to start");
        server.kill();
        assertTrue(
                partial.getInt("done") < partial.getInt("total"),
                "the kill came in the middle of the backfill: " + partial);

        server.start();
        JsonObject done = ServerProcess.await(
                () -> {
                    JsonObject backfill =
                            api.get("/api/1/views/backfill-by-url").json().getJsonObject("backfill");
                    return "done".equals(backfill.getString("state")) ? backfill : null;
                },
                Duration.ofSeconds(180),
                "the backfill to resume and finish");
        System.out.printf(
                "crash-backfill (%s): killed at %s, finished %s%n",
                Databases.postgres() ? "postgresql" : "h2", partial, done);
        assertEquals(1_500, done.getInt("total"), "the view takes the 1,500 message events");

        server.stop();
        try (Connection connection = server.database().connect()) {
            assertEquals(List.of(), Recount.mismatches(connection), "the view groups equal a recount from the events");
        }
    }

    private static JsonObject awaitEventJson(Api api, String id) {
        return ServerProcess.await(
                () -> {
                    Api.Reply reply = api.get("/api/1/events/" + id);
                    return reply.status() == 200 ? reply.json() : null;
                },
                Duration.ofSeconds(300),
                "event " + id + " to be stored");
    }

    /** Polls until every event is readable: every one the test sent was answered 202 by now. */
    private static void awaitStored(Api api, java.util.Collection<String> ids, Duration timeout) {
        Set<String> missing = new LinkedHashSet<>(ids);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!missing.isEmpty()) {
            missing.removeIf(id -> api.get("/api/1/events/" + id).status() == 200);
            if (missing.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(missing.size() + " answered events are not stored, e.g. "
                        + missing.iterator().next());
            }
            ServerProcess.sleep(500);
        }
    }

    private static String body(List<String> ids, Map<String, String> bodies) {
        return ids.size() == 1
                ? bodies.get(ids.get(0))
                : "[" + String.join(",", ids.stream().map(bodies::get).toList()) + "]";
    }

    private static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** Letters only: processors replace numbers and ids in messages, a word of letters keeps groups apart. */
}
