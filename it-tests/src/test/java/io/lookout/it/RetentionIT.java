package io.lookout.it;

import static io.lookout.it.LookoutClient.awaitEvent;
import static io.lookout.it.LookoutClient.call;
import static io.lookout.it.LookoutClient.encode;
import static io.lookout.it.LookoutClient.get;
import static io.lookout.it.LookoutClient.newId;
import static io.lookout.it.LookoutClient.send;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.it.LookoutClient.Reply;
import io.lookout.it.probe.LeaseProbeServlet;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/** The cleanup: expired events go, recent ones stay, and every aggregate counts what remains. */
class RetentionIT extends LookoutIT {

    /** Plays a second node on the same database: takes and renews the cleanup lease with its own JDBC connections. */
    @Deployment(name = "lease-probe", order = 2, testable = false)
    static WebArchive leaseProbe() {
        return ShrinkWrap.create(WebArchive.class, "lease-probe.war").addClass(LeaseProbeServlet.class);
    }

    private static final String OTHER_NODE = "other-node/it";

    /** Takes (or renews) the lease as the other node for {@code seconds} from now. */
    private static void otherNodeHoldsLease(long seconds) {
        Reply reply = LookoutClient.execute(HttpRequest.newBuilder(URI.create(
                        LookoutClient.BASE + "/lease-probe/lease?holder=" + encode(OTHER_NODE) + "&seconds=" + seconds))
                .PUT(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, reply.status(), reply.body());
        assertEquals("1", reply.body());
    }

    /** The lease row: holder and valid-until. */
    private static String[] lease() {
        Reply reply =
                LookoutClient.execute(HttpRequest.newBuilder(URI.create(LookoutClient.BASE + "/lease-probe/lease"))
                        .GET());
        assertEquals(200, reply.status(), reply.body());
        return reply.body().split("\\|", -1);
    }

    private static String event(String id, String message, Instant at, String server, String zone, double timeSpent) {
        return """
                {"id": "%s", "type": "message", "message": "%s", "timestamp": "%s", "timeSpent": %s,
                 "tags": {"server": "%s", "zone": "%s"}}""".formatted(id, message, at, timeSpent, server, zone);
    }

    @Test
    void expiredEventsGoAndWhatRemainsIsCountedExactly() {
        String word = uniqueWord();
        String viewSlug = "retention-" + word;
        assertEquals(
                201, call("POST", "/api/1/views", """
                {"name": "Retention %s", "slug": "%s", "types": ["message"], "keys": ["server"]}""".formatted(word, viewSlug)).status());
        Instant old = Instant.now().minus(100, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Instant recent = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String a = "Retention A " + word;
        String b = "Retention B " + word;
        String oldZone = "old-" + word;
        String[] oldIds = {newId(), newId(), newId(), newId(), newId()};
        String[] recentIds = {newId(), newId()};
        Reply sent = send("["
                + String.join(
                        ",",
                        event(oldIds[0], a, old, "s1", oldZone, 10),
                        event(oldIds[1], a, old.plusSeconds(60), "s1", oldZone, 20),
                        event(oldIds[2], a, old.plusSeconds(120), "s2", oldZone, 30),
                        event(recentIds[0], a, recent, "s1", "new", 1),
                        event(recentIds[1], a, recent.plusSeconds(60), "s3", "new", 2),
                        event(oldIds[3], b, old, "s1", oldZone, 5),
                        event(oldIds[4], b, old.plusSeconds(1), "s4", oldZone, 5))
                + "]");
        assertEquals(202, sent.status(), sent.body());
        Server.awaitQueueDrained(management);
        long groupA = awaitEvent(recentIds[0]).getJsonNumber("groupId").longValue();
        long groupB = awaitEvent(oldIds[3]).getJsonNumber("groupId").longValue();
        assertEquals(5, LookoutClient.group(groupA).getInt("count"));

        Reply run = call("POST", "/api/admin/retention/run", null);
        assertEquals(200, run.status(), run.body());
        JsonObject report = run.json();
        assertTrue(report.getJsonNumber("deletedEvents").longValue() >= 5, report.toString());
        assertTrue(report.getJsonNumber("deletedGroups").longValue() >= 1, report.toString());
        assertTrue(report.getBoolean("complete"), report.toString());
        assertFalse(report.getBoolean("skipped"), report.toString());
        assertTrue(report.getJsonNumber("batches").longValue() >= 1, report.toString());
        assertTrue(report.containsKey("eventsPerSecond") && report.containsKey("millis"), report.toString());
        assertTrue(
                Server.serverLog().stream()
                        .anyMatch(line -> line.contains("Cleanup: ") && line.contains(report.getString("node"))),
                "the log carries the report");

        for (String id : oldIds) {
            assertEquals(404, get("/api/1/events/" + id).status(), "expired event " + id);
        }
        for (String id : recentIds) {
            assertEquals(200, get("/api/1/events/" + id).status(), "recent event " + id);
        }
        assertEquals(404, get("/api/1/groups/" + groupB).status(), "a group with no events left disappears");

        JsonObject group = LookoutClient.group(groupA);
        assertEquals(2, group.getInt("count"));
        assertEquals(recent.toString(), group.getString("firstSeen"));
        assertEquals(
                3.0, group.getJsonObject("timeSpent").getJsonNumber("total").doubleValue());
        assertEquals(2, group.getJsonObject("timeSpent").getInt("count"));
        JsonObject server = group.getJsonObject("tags").getJsonObject("server");
        assertEquals(
                Map.of("s1", 1, "s3", 1),
                server.getJsonArray("values").getValuesAs(JsonObject.class).stream()
                        .collect(Collectors.toMap(v -> v.getString("value"), v -> v.getInt("count"))));
        assertEquals(
                2,
                group.getJsonArray("hourly").getValuesAs(JsonObject.class).stream()
                        .mapToInt(hour -> hour.getInt("count"))
                        .sum());

        List<JsonObject> viewGroups = get("/api/1/groups?view=" + viewSlug + "&query=" + encode("\"" + word + "\""))
                .json()
                .getJsonArray("groups")
                .getValuesAs(JsonObject.class);
        assertEquals(
                Map.of("s1", 1, "s3", 1),
                viewGroups.stream()
                        .collect(Collectors.toMap(
                                g -> g.getJsonObject("key").getString("server"),
                                g -> g.getInt("count"),
                                Integer::sum,
                                TreeMap::new)));

        Reply zones = get("/api/1/tags/zone");
        assertTrue(
                zones.status() == 404 || !zones.body().contains(oldZone), "the old tag value is gone: " + zones.body());
        assertEquals(
                0,
                get("/api/1/events?query=" + encode("zone:" + oldZone))
                        .json()
                        .getJsonArray("events")
                        .size());
    }

    /**
     * Two nodes on one database: while another node holds the cleanup lease (and renews it), a run
     * here cleans nothing and says who holds the lease; once that node stops renewing (it died),
     * the lease expires by itself and this node takes it and cleans.
     */
    @Test
    void anotherNodesLeaseBlocksTheCleanupUntilItExpires() {
        String word = uniqueWord();
        String oldId = newId();
        Instant old = Instant.now().minus(120, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        assertEquals(202, send(event(oldId, "Lease " + word, old, "s1", "z", 1)).status());
        Server.awaitQueueDrained(management);
        awaitEvent(oldId);
        try {
            otherNodeHoldsLease(6);
            Reply blocked = call("POST", "/api/admin/retention/run", null);
            assertEquals(200, blocked.status(), blocked.body());
            JsonObject report = blocked.json();
            assertTrue(report.getBoolean("skipped"), report.toString());
            assertEquals(OTHER_NODE, report.getString("leaseHolder"), report.toString());
            assertTrue(report.containsKey("leaseValidUntil"), report.toString());
            assertEquals(0, report.getJsonNumber("deletedEvents").longValue(), report.toString());
            assertFalse(report.getBoolean("complete"), report.toString());
            assertEquals(
                    200,
                    get("/api/1/events/" + oldId).status(),
                    "nothing was cleaned while the other node held the lease");
            assertEquals(OTHER_NODE, lease()[0], "the skipped run left the other node's lease alone");

            // the other node renews: still held
            otherNodeHoldsLease(6);
            JsonObject renewed = call("POST", "/api/admin/retention/run", null).json();
            assertTrue(renewed.getBoolean("skipped"), renewed.toString());
            assertEquals(OTHER_NODE, renewed.getString("leaseHolder"));

            // the other node dies: its lease expires and this node cleans
            long start = System.nanoTime();
            JsonObject cleaned = LookoutClient.await(
                    () -> {
                        JsonObject run =
                                call("POST", "/api/admin/retention/run", null).json();
                        return run.getBoolean("skipped") ? Optional.empty() : Optional.of(run);
                    },
                    "the other node's lease to expire",
                    Duration.ofSeconds(30));
            assertTrue((System.nanoTime() - start) / 1_000_000_000.0 > 3, "the lease was taken over before it expired");
            assertTrue(cleaned.getJsonNumber("deletedEvents").longValue() >= 1, cleaned.toString());
            assertTrue(cleaned.getBoolean("complete"), cleaned.toString());
            assertFalse(cleaned.getString("node").startsWith(OTHER_NODE), cleaned.toString());
            assertEquals(404, get("/api/1/events/" + oldId).status(), "the expired event went once the lease expired");
            String[] after = lease();
            assertEquals(cleaned.getString("node"), after[0], "this node's run held the lease");
            assertTrue(Instant.parse(after[1]).isBefore(Instant.now()), "and released it when done: " + after[1]);
        } finally {
            otherNodeHoldsLease(-1);
        }
    }

    @Test
    void theTriggerNeedsAnAdmin() {
        Reply wrongPassword = LookoutClient.execute(HttpRequest.newBuilder(
                        URI.create(LookoutClient.BASE + "/api/admin/retention/run"))
                .header(
                        "Authorization",
                        "Basic "
                                + java.util.Base64.getEncoder()
                                        .encodeToString(
                                                "admin:wrong".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(401, wrongPassword.status());
        Reply anonymous = LookoutClient.execute(
                HttpRequest.newBuilder(URI.create(LookoutClient.BASE + "/api/admin/retention/run"))
                        .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(401, anonymous.status());

        // a member of project 1: known, reads the project, and still may not run the cleanup
        String member = LookoutClient.newMemberOfProject1();
        assertEquals(
                200,
                LookoutClient.callAs(member, LookoutClient.MEMBER_PASSWORD, "GET", "/api/1/groups", null)
                        .status());
        Reply asMember =
                LookoutClient.callAs(member, LookoutClient.MEMBER_PASSWORD, "POST", "/api/admin/retention/run", null);
        assertEquals(403, asMember.status(), asMember.body());
    }

    @Test
    void onlyAnAdminChangesARetention() {
        String member = LookoutClient.newMemberOfProject1();
        Reply asMember = LookoutClient.callAs(
                member, LookoutClient.MEMBER_PASSWORD, "PUT", "/api/1/settings", "{\"retentionDays\": 1}");
        assertEquals(403, asMember.status(), asMember.body());
        assertEquals(90, get("/api/1/settings").json().getInt("retentionDays"), "nothing changed");
    }

    /**
     * The timer itself: the calendar timer {@code RetentionTimer} created from the configured
     * schedule, fired through the container as its schedule fires it (WildFly's management
     * operation {@code trigger} on the timer), cleans what expired.
     */
    @Test
    void theScheduledTimerRunsTheCleanup() {
        List<ModelNode> timers = scheduledRetentionTimers();
        assertEquals(1, timers.size(), Server.retentionTimers(management).toString());
        ModelNode timer = timers.get(0);
        assertTrue(timer.get("calendar-timer").asBoolean(), timer.toString());
        assertFalse(
                timer.get("persistent").asBoolean(),
                "a non-persistent timer: the lease, not a timer store, picks one node");
        assertEquals("*/15", timer.get("schedule", "minute").asString(), "the default minutes: every 15 minutes");
        // the hour is the suite's (CleanupHour: twelve hours away, so that no scheduled run takes a test's events)
        assertEquals(CleanupHour.hour(), timer.get("schedule", "hour").asString());
        assertTrue(timer.get("time-remaining").asLong() <= (12 * 60 + 15) * 60 * 1000, timer.toString());

        String oldId = newId();
        Instant old = Instant.now().minus(100, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        assertEquals(
                202,
                send(event(oldId, "Timer " + uniqueWord(), old, "s1", "z", 1)).status());
        awaitEvent(oldId);
        long cleanupsBefore = cleanupLines();

        Server.triggerTimer(management, timer.get("id").asString());

        LookoutClient.await(
                () -> get("/api/1/events/" + oldId).status() == 404 ? Optional.of(true) : Optional.empty(),
                "the timer's run to clean the expired event");
        LookoutClient.await(
                () -> cleanupLines() > cleanupsBefore ? Optional.of(true) : Optional.empty(),
                "the timer's run to log its report");
        assertEquals(1, scheduledRetentionTimers().size(), "the schedule stays");
    }

    /** The calendar timer of the schedule (a run that left expired data adds a one-off "continued" timer beside it). */
    private List<ModelNode> scheduledRetentionTimers() {
        return Server.retentionTimers(management).stream()
                .filter(t -> "lookout retention".equals(t.get("info").asStringOrNull()))
                .toList();
    }

    /** The cleanup reports in the server log ({@code LOOKOUT0021}), from runs of the timer and of the API. */
    private static long cleanupLines() {
        return Server.serverLog().stream()
                .filter(line -> line.contains("LOOKOUT0021") && line.contains("Cleanup: "))
                .count();
    }

    @Test
    void retentionMustBeAPositiveNumberOfDays() {
        for (String bad : List.of("0", "-5", "\"abc\"", "1.5", "99999")) {
            Reply reply = call("PUT", "/api/1/settings", "{\"retentionDays\": " + bad + "}");
            assertEquals(400, reply.status(), bad + ": " + reply.body());
            assertEquals("retentionDays", reply.json().getString("field"));
        }
        assertEquals(90, get("/api/1/settings").json().getInt("retentionDays"), "nothing changed");
        Reply set = call("PUT", "/api/1/settings", "{\"retentionDays\": 30}");
        assertEquals(30, set.json().getInt("retentionDays"));
        assertEquals(
                90,
                call("PUT", "/api/1/settings", "{\"retentionDays\": 90}").json().getInt("retentionDays"));
    }
}
