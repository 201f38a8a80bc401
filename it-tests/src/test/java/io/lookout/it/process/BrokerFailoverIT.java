package io.lookout.it.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.grouping.Recount;
import java.nio.file.Files;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The external broker's primary killed with SIGKILL (as {@code kill -9}) while a Lookout server on
 * the primary/backup pair (docs/scaling.md) accepts events: the backup takes over, the server's
 * connections fail over to it, and every event the server answered {@code 202} is stored exactly
 * once. Senders retry what was not answered, as a client does. Runs on the suite's database.
 */
class BrokerFailoverIT {

    private static final int PORT_OFFSET = Integer.getInteger("lookout.port-offset", 0) + 100;
    private static final int SENDERS = 4;
    private static final int EVENTS_PER_SENDER = 500;

    private BrokerPair brokers;
    private ServerProcess server;

    @AfterEach
    void stopEverything() {
        try {
            if (server != null) {
                server.kill();
            }
        } finally {
            if (brokers != null) {
                brokers.close();
            }
        }
    }

    @Test
    void theBackupTakesOverWhenThePrimaryIsKilledAndNoAnsweredEventIsLost() throws Exception {
        brokers = BrokerPair.prepare("failover", 61711, 61712, "").start();
        server = ServerProcess.prepare("broker-failover", PORT_OFFSET)
                .remoteBroker(brokers.urls())
                .start();
        Api api = new Api(server);

        int total = SENDERS * EVENTS_PER_SENDER;
        List<String> answered = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failedAnswers = new AtomicInteger();
        java.util.Map<Integer, Integer> notAccepted = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicLong killedAt = new AtomicLong();
        AtomicLong firstAnswerAfterKill = new AtomicLong();
        AtomicLong longestAnswer = new AtomicLong();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < SENDERS; t++) {
            int sender = t;
            done.add(senders.submit(() -> {
                for (int i = 0; i < EVENTS_PER_SENDER; i++) {
                    String id = UUID.randomUUID().toString().replace("-", "");
                    String body = """
                            {"id": "%s", "type": "message", "message": "failover %s", "tags": {"sender": "s%d"}}""".formatted(id, "abcdefgh".charAt(i % 8), sender);
                    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                    while (true) {
                        long started = System.nanoTime();
                        Api.Reply reply = api.send(body);
                        long took = System.nanoTime() - started;
                        longestAnswer.accumulateAndGet(took, Math::max);
                        if (reply.status() == 202) {
                            answered.add(id);
                            if (killedAt.get() != 0) {
                                firstAnswerAfterKill.compareAndSet(0, System.nanoTime());
                            }
                            break;
                        }
                        // not answered 202 while the broker fails over: not accepted, sent again as a client would
                        failedAnswers.incrementAndGet();
                        notAccepted.merge(reply.status(), 1, Integer::sum);
                        assertTrue(System.nanoTime() < deadline, "event " + id + " accepted within 120 s: " + reply);
                        ServerProcess.sleep(200);
                    }
                    ServerProcess.sleep(30);
                }
                return null;
            }));
        }
        // the primary dies once a quarter is answered, while the senders go on
        ServerProcess.await(
                () -> answered.size() >= total / 4 ? true : null, Duration.ofSeconds(180), "a quarter answered");
        int answeredAtKill = answered.size();
        brokers.kill("primary");
        killedAt.set(System.nanoTime());
        senders.shutdown();
        for (Future<?> sender : done) {
            sender.get(300, TimeUnit.SECONDS);
        }
        assertEquals(total, answered.size(), "every event was answered 202 in the end");
        assertTrue(answeredAtKill < total, "the primary was killed before every event was answered");
        assertTrue(
                brokers.log("backup").contains("AMQ221007"),
                "the backup became active (AMQ221007):\n" + tail(brokers.log("backup")));

        // every answered event is stored: read through the server while only the backup runs
        Set<String> missing = new LinkedHashSet<>(answered);
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (!missing.isEmpty() && System.nanoTime() < deadline) {
            missing.removeIf(id -> api.get("/api/1/events/" + id).status() == 200);
            if (!missing.isEmpty()) {
                ServerProcess.sleep(500);
            }
        }
        Api.Reply letters = api.get("/api/admin/dead-letters?limit=10");
        String serverLog = Files.readString(server.log());
        server.stop();

        int stored;
        try (Connection connection = server.database().connect()) {
            stored = (int) Recount.rows(connection, "event");
            assertEquals(List.of(), Recount.mismatches(connection), "the aggregates equal a recount from the events");
        }
        double failoverSeconds =
                firstAnswerAfterKill.get() == 0 ? Double.NaN : (firstAnswerAfterKill.get() - killedAt.get()) / 1e9;
        System.out.printf(
                "broker-failover (%s): %d events, %d answered before the kill, %d answers not 202 (retried),"
                        + " first 202 %.2f s after the kill, slowest answer %.2f s; %d missing, %d stored;"
                        + " not accepted by status %s%n",
                Databases.postgres() ? "postgresql" : "h2",
                total,
                answeredAtKill,
                failedAnswers.get(),
                failoverSeconds,
                longestAnswer.get() / 1e9,
                missing.size(),
                stored,
                notAccepted);
        assertTrue(
                missing.isEmpty(),
                missing.size() + " answered events are not stored, e.g. "
                        + missing.stream().findFirst().orElse(""));
        assertEquals(total, stored, "every event stored once");
        assertEquals(200, letters.status(), letters.body());
        assertEquals(0, letters.json().getJsonArray("messages").size(), "nothing dead-lettered: " + letters.body());
        assertTrue(!serverLog.contains("LOOKOUT0010:"), "no event message was dead-lettered");
        // a failover is not a bug: what the broker did not take is a 503 to send again, never a 500
        assertTrue(!notAccepted.containsKey(500), "no answer was a 500: " + notAccepted);
    }

    private static String tail(String log) {
        List<String> lines = log.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}
