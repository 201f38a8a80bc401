package io.lookout.it;

import static io.lookout.it.LookoutClient.await;
import static io.lookout.it.LookoutClient.call;
import static io.lookout.it.LookoutClient.get;
import static io.lookout.it.LookoutClient.newId;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.it.LookoutClient.Reply;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.Test;

/**
 * Quotas through the real server (docs/architecture.md, "Quotas"): a storm of 20 times a project's
 * quota, on the Sentry envelope endpoint and the native one at once, gets 429 with
 * {@code Retry-After} and {@code X-Sentry-Rate-Limits} once the quota is used, while a second
 * project's events are all stored and answered quickly; the loud group counts exactly what was
 * accepted; the drops appear per hour through the API and as a metric; past the per-group cap a
 * group counts every event but stores rows for the cap's worth; settings are checked and audited.
 */
class QuotaIT extends LookoutIT {

    /** A new project: its id and public key. */
    record Project(long id, String key) {}

    static Project newProject(String name) {
        Reply created = call("POST", "/api/admin/projects", "{\"name\": \"" + name + " " + uniqueWord() + "\"}");
        assertEquals(201, created.status(), created.body());
        return new Project(
                created.json().getJsonNumber("id").longValue(), created.json().getString("publicKey"));
    }

    static Reply setQuota(long project, String body) {
        return call("PUT", "/api/admin/projects/" + project + "/quota", body);
    }

    static JsonObject quota(long project) {
        Reply reply = get("/api/admin/projects/" + project + "/quota");
        assertEquals(200, reply.status(), reply.body());
        return reply.json();
    }

    static Reply envelope(Project project, String message) {
        String body = "{}\n{\"type\":\"event\"}\n{\"event_id\":\"" + newId() + "\",\"level\":\"error\",\"message\":\""
                + message + "\"}\n";
        return LookoutClient.execute(
                HttpRequest.newBuilder(URI.create(LookoutClient.BASE + "/api/" + project.id() + "/envelope/"))
                        .header("X-Sentry-Auth", "Sentry sentry_version=7, sentry_key=" + project.key())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8))));
    }

    static Reply event(Project project, String message) {
        return LookoutClient.send(
                Long.toString(project.id()),
                project.key(),
                "{\"type\": \"message\", \"message\": \"" + message + "\"}");
    }

    /** The sum of the counts of the project's groups whose summary holds {@code word}. */
    static long count(long project, String word) {
        Reply groups = get("/api/" + project + "/groups?query=" + word + "&limit=100");
        assertEquals(200, groups.status(), groups.body());
        return groups.json().getJsonArray("groups").getValuesAs(JsonObject.class).stream()
                .mapToLong(g -> g.getJsonNumber("count").longValue())
                .sum();
    }

    @Test
    void aStormOf20TimesTheQuotaIsRefusedWhileAnotherProjectIsStoredAndTheDropsAreCounted() throws Exception {
        Project loud = newProject("Loud");
        Project quiet = newProject("Quiet");
        // a day's quota: exact on one node and free of minute boundaries
        Reply set = setQuota(loud.id(), "{\"eventsPerDay\": 20, \"spikeFactor\": 0}");
        assertEquals(200, set.status(), set.body());
        assertEquals(20, set.json().getJsonNumber("eventsPerDay").longValue());
        assertEquals(
                20,
                set.json()
                        .getJsonObject("effective")
                        .getJsonNumber("eventsPerDay")
                        .longValue());

        String loudWord = uniqueWord();
        String quietWord = uniqueWord();
        int storm = 400; // 20 × the quota, half on each endpoint
        int quietEvents = 60;
        List<Future<Reply>> loudReplies = new ArrayList<>();
        List<Future<long[]>> quietReplies = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < storm; i++) {
                boolean sentry = i % 2 == 0;
                loudReplies.add(senders.submit(
                        () -> sentry ? envelope(loud, "storm " + loudWord) : event(loud, "storm " + loudWord)));
                if (i % (storm / quietEvents) == 0 && quietReplies.size() < quietEvents) {
                    quietReplies.add(senders.submit(() -> {
                        long start = System.nanoTime();
                        Reply reply = event(quiet, "calm " + quietWord);
                        return new long[] {reply.status(), (System.nanoTime() - start) / 1_000_000};
                    }));
                }
            }
            int accepted = 0;
            int refused = 0;
            for (int i = 0; i < loudReplies.size(); i++) {
                Reply reply = loudReplies.get(i).get();
                boolean sentry = i % 2 == 0;
                if (reply.status() == (sentry ? 200 : 202)) {
                    accepted++;
                    continue;
                }
                assertEquals(429, reply.status(), reply.body());
                refused++;
                long retryAfter = Long.parseLong(reply.header("Retry-After").orElseThrow());
                long toMidnight = Duration.between(
                                Instant.now(),
                                Instant.now()
                                        .atOffset(ZoneOffset.UTC)
                                        .toLocalDate()
                                        .plusDays(1)
                                        .atStartOfDay()
                                        .toInstant(ZoneOffset.UTC))
                        .toSeconds();
                assertTrue(retryAfter >= 1 && retryAfter <= toMidnight + 5, "Retry-After " + retryAfter);
                assertEquals(
                        retryAfter + "::project:usage_exceeded",
                        reply.header("X-Sentry-Rate-Limits").orElseThrow());
                String error = reply.json().getString("error");
                assertTrue(error.contains("eventsPerDay") && error.contains("20"), error);
            }
            assertEquals(20, accepted, "exactly the day's quota is accepted on one node");
            assertEquals(storm - 20, refused);

            long slowest = 0;
            for (Future<long[]> reply : quietReplies) {
                long[] answer = reply.get();
                assertEquals(202, answer[0], "the quiet project is not limited");
                slowest = Math.max(slowest, answer[1]);
            }
            assertTrue(slowest < 5000, "the quiet project's slowest answer took " + slowest + " ms");
        } finally {
            senders.shutdownNow();
        }

        int quietCount = quietReplies.size();
        await(
                () -> count(quiet.id(), quietWord) == quietCount ? Optional.of(true) : Optional.empty(),
                "the quiet project's " + quietCount + " events stored");
        await(
                () -> count(loud.id(), loudWord) == 20 ? Optional.of(true) : Optional.empty(),
                "the loud group counting the 20 accepted events");

        // the drops, per hour, once every node has written them (about a second)
        JsonObject info = await(
                () -> {
                    JsonObject q = quota(loud.id());
                    return q.getJsonArray("hours").isEmpty()
                                    || q.getJsonArray("hours")
                                                    .getJsonObject(0)
                                                    .getJsonNumber("dropped")
                                                    .longValue()
                                            != storm - 20
                            ? Optional.empty()
                            : Optional.of(q);
                },
                "the drops of the storm in the quota's hours");
        assertEquals(
                Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS).toString(),
                info.getJsonArray("hours").getJsonObject(0).getString("hour"));
        assertEquals(20, info.getJsonObject("usage").getJsonNumber("day").longValue());
        assertTrue(quota(quiet.id()).getJsonArray("hours").isEmpty(), "the quiet project dropped nothing");
        assertEquals(count(loud.id(), loudWord), 20, "and the loud group stays at what was accepted");

        String metrics =
                get(LookoutClient.MANAGEMENT + "/prometheus", null, null).body();
        assertTrue(
                metrics.lines()
                        .anyMatch(line -> line.startsWith("lookout_quota_dropped_total{")
                                && line.contains("project=\"" + loud.id() + "\"")
                                && line.endsWith(" " + (storm - 20) + ".0")),
                "lookout_quota_dropped_total of project " + loud.id());

        // the limit lifted: the project sends again at once
        assertEquals(200, setQuota(loud.id(), "{}").status());
        JsonObject defaults = quota(loud.id());
        assertTrue(defaults.isNull("eventsPerDay"), defaults.toString());
        assertTrue(defaults.getJsonObject("effective")
                        .getJsonNumber("eventsPerDay")
                        .longValue()
                > 20);
        assertEquals(202, event(loud, "storm " + loudWord).status());
    }

    @Test
    void pastTheGroupCapEventsAreCountedExactlyButStoredWithoutTheirRows() throws Exception {
        Project project = newProject("Capped");
        String word = uniqueWord();
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 12; i++) {
            batch.append(i == 0 ? "" : ",")
                    .append("{\"type\": \"message\", \"message\": \"flood ")
                    .append(word)
                    .append("\", \"tags\": {\"server\": \"web-")
                    .append(i % 3)
                    .append("\"}}");
        }
        batch.append("]");
        setSystemProperty("lookout.quota.group-per-minute", "5");
        try {
            // one message, stored in one transaction: one minute
            Reply sent = LookoutClient.send(Long.toString(project.id()), project.key(), batch.toString());
            assertEquals(202, sent.status(), sent.body());
            await(
                    () -> count(project.id(), word) == 12 ? Optional.of(true) : Optional.empty(),
                    "the flooding group counting all 12 events");
        } finally {
            removeSystemProperty("lookout.quota.group-per-minute");
        }
        Reply rows = get("/api/" + project.id() + "/events?query=" + word + "&limit=100");
        assertEquals(200, rows.status(), rows.body());
        assertEquals(5, rows.json().getJsonArray("events").size(), "the cap's 5 events have rows");
        JsonObject hour = await(
                () -> {
                    JsonObject q = quota(project.id());
                    return q.getJsonArray("hours").isEmpty()
                            ? Optional.empty()
                            : Optional.of(q.getJsonArray("hours").getJsonObject(0));
                },
                "the counted-only events in the quota's hours");
        assertEquals(7, hour.getJsonNumber("countedOnly").longValue(), hour.toString());
        assertEquals(0, hour.getJsonNumber("dropped").longValue(), hour.toString());
        String metrics =
                get(LookoutClient.MANAGEMENT + "/prometheus", null, null).body();
        assertTrue(
                metrics.lines()
                        .anyMatch(line -> line.startsWith("lookout_quota_counted_only_total{")
                                && line.contains("project=\"" + project.id() + "\"")
                                && line.endsWith(" 7.0")),
                "lookout_quota_counted_only_total of project " + project.id());
    }

    private void setSystemProperty(String name, String value) throws IOException {
        ModelNode op = new ModelNode();
        op.get("operation").set("add");
        op.get("address").add("system-property", name);
        op.get("value").set(value);
        execute(op);
    }

    private void removeSystemProperty(String name) throws IOException {
        ModelNode op = new ModelNode();
        op.get("operation").set("remove");
        op.get("address").add("system-property", name);
        execute(op);
    }

    private void execute(ModelNode op) throws IOException {
        ModelNode result = management.getControllerClient().execute(op);
        assertEquals("success", result.get("outcome").asString(), result.toString());
    }

    @Test
    void aMinutesQuotaTakesItsBurstThenRefusesUntilATokenIsBack() {
        Project project = newProject("Minute");
        // 5 a minute: a token every 12 s, a burst of all 5 (docs/architecture.md, "Quotas")
        assertEquals(200, setQuota(project.id(), "{\"eventsPerMinute\": 5}").status());
        String word = uniqueWord();
        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            assertEquals(202, event(project, word).status());
        }
        Reply refused = event(project, word);
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertTrue(seconds < 12, "the six requests took " + seconds + " s, a token's time: the test says nothing");
        assertEquals(429, refused.status(), refused.body());
        long retryAfter = Long.parseLong(refused.header("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 12, "Retry-After " + retryAfter + ": until the next token");
        assertEquals(
                retryAfter + "::project:usage_exceeded",
                refused.header("X-Sentry-Rate-Limits").orElseThrow());
        assertTrue(refused.json().getString("error").contains("eventsPerMinute"), refused.body());
        // a full quota refuses before the body is read: even what is not JSON is told to wait, not parsed
        Reply unread =
                LookoutClient.send(Long.toString(project.id()), project.key(), "[{\"type\": \"message\", \"mess");
        assertEquals(429, unread.status(), unread.body());
        assertTrue(unread.json().getString("error").contains("this request 1)"), unread.body());
        Reply sentry = envelope(project, word);
        assertEquals(429, sentry.status(), sentry.body());
        assertTrue(sentry.header("X-Sentry-Rate-Limits").orElseThrow().endsWith("::project:usage_exceeded"));
    }

    /** A timer's count and sum of seconds from the server's Prometheus page. */
    private static double[] timer(String name) {
        String metrics =
                get(LookoutClient.MANAGEMENT + "/prometheus", null, null).body();
        double[] found = new double[2];
        metrics.lines().forEach(line -> {
            if (line.startsWith(name + "_seconds_count")) {
                found[0] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (line.startsWith(name + "_seconds_sum")) {
                found[1] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        });
        return found;
    }

    @Test
    void refusalsAreAnsweredAfterWaitsSpreadOverTheConfiguredWindowAndStillSayHowLongToWait() {
        // the suite's server spreads 429s over 250 ms (arquillian.xml; the default is 1000)
        Project project = newProject("Spread");
        assertEquals(
                200,
                setQuota(project.id(), "{\"eventsPerDay\": 1, \"spikeFactor\": 0}")
                        .status());
        String word = uniqueWord();
        assertEquals(202, event(project, word).status(), "the day's one event");
        double[] before = timer("lookout_ingest_refusals_held");
        int refusals = 12;
        List<Long> took = new ArrayList<>();
        for (int i = 0; i < refusals; i++) {
            long start = System.nanoTime();
            Reply reply = i % 2 == 0 ? event(project, word) : envelope(project, word);
            took.add((System.nanoTime() - start) / 1_000_000);
            assertEquals(429, reply.status(), reply.body());
            String retryAfter = reply.header("Retry-After").orElseThrow();
            assertTrue(Long.parseLong(retryAfter) >= 1, retryAfter);
            assertEquals(
                    retryAfter + "::project:usage_exceeded",
                    reply.header("X-Sentry-Rate-Limits").orElseThrow());
            assertTrue(reply.json().getString("error").contains("eventsPerDay"), reply.body());
        }
        double[] after = timer("lookout_ingest_refusals_held");
        assertEquals(refusals, after[0] - before[0], "every refusal waited before its answer");
        double meanWait = (after[1] - before[1]) / refusals;
        assertTrue(meanWait > 0.02 && meanWait < 0.25, "mean wait " + meanWait + " s: uniform over 0.25 s");
        long shortest = took.stream().mapToLong(Long::longValue).min().orElseThrow();
        long longest = took.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(longest - shortest >= 40, "answers took " + took + " ms: spread, not one wait for all");
        // what was accepted stays: the one event, nothing of the refused ones
        await(() -> count(project.id(), word) == 1 ? Optional.of(true) : Optional.empty(), "the one event stored");
    }

    @Test
    void badSettingsAreRefusedNamingTheFieldAndGoodOnesAreAudited() {
        Project project = newProject("Settings");
        Reply negative = setQuota(project.id(), "{\"eventsPerMinute\": -1}");
        assertEquals(400, negative.status(), negative.body());
        assertEquals("eventsPerMinute", negative.json().getString("field"));
        Reply fraction = setQuota(project.id(), "{\"eventsPerDay\": 2.5}");
        assertEquals(400, fraction.status(), fraction.body());
        assertEquals("eventsPerDay", fraction.json().getString("field"));
        Reply factor = setQuota(project.id(), "{\"spikeFactor\": \"ten\"}");
        assertEquals(400, factor.status(), factor.body());
        assertEquals("spikeFactor", factor.json().getString("field"));
        Reply unknown = setQuota(project.id(), "{\"eventsPerHour\": 5}");
        assertEquals(400, unknown.status(), unknown.body());
        assertEquals("eventsPerHour", unknown.json().getString("field"));
        assertEquals(404, setQuota(987654321L, "{}").status());

        Reply saved = setQuota(project.id(), "{\"eventsPerMinute\": 600, \"spikeFactor\": 2.5}");
        assertEquals(200, saved.status(), saved.body());
        assertEquals(
                600,
                saved.json()
                        .getJsonObject("effective")
                        .getJsonNumber("eventsPerMinute")
                        .longValue());
        assertEquals(2.5, saved.json().getJsonNumber("spikeFactor").doubleValue());
        assertTrue(
                get("/api/admin/audit?action=project.quota&limit=20")
                        .json()
                        .getJsonArray("entries")
                        .getValuesAs(JsonObject.class)
                        .stream()
                        .anyMatch(entry -> entry.getString("action").equals("project.quota")
                                && entry.getString("target").equals("project " + project.id())
                                && entry.getString("details").contains("600/min")),
                "the change is in the audit log");
        Reply member = LookoutClient.callAs(
                LookoutClient.newMemberOfProject1(),
                LookoutClient.MEMBER_PASSWORD,
                "GET",
                "/api/admin/projects/" + project.id() + "/quota",
                null);
        assertEquals(403, member.status(), "admins only");
    }
}
