package io.lookout.it;

import static io.lookout.it.LookoutClient.awaitEvent;
import static io.lookout.it.LookoutClient.group;
import static io.lookout.it.LookoutClient.newId;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.it.LookoutClient.Reply;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.Test;

/**
 * The Sentry protocol on the wire, as the SDKs (and hostile or broken clients) speak it: envelopes
 * with and without item lengths, skipped item types, compression, the three ways to present the
 * key, bad input of every kind, and the rate limit.
 */
class SentryIngestIT extends LookoutIT {

    static final String AUTH =
            "Sentry sentry_version=7, sentry_client=lookout-it/1.0, sentry_key=" + LookoutClient.PROJECT_KEY;

    static Reply post(String path, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(LookoutClient.BASE + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return LookoutClient.execute(request);
    }

    static Reply envelope(String envelope, String... headers) {
        return post("/api/1/envelope/", utf8(envelope), headers);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] deflate(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflate = new DeflaterOutputStream(out)) {
            deflate.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String messageEvent(String id, String text) {
        return "{\"event_id\":\"" + id + "\",\"level\":\"warning\",\"logger\":\"com.acme.Jobs\",\"message\":\"" + text
                + "\"}";
    }

    private static void assertError(Reply reply, int status, String fragment) {
        assertEquals(status, reply.status(), reply.body());
        String error = reply.json().getString("error");
        assertTrue(error.contains(fragment), "'" + error + "' should contain '" + fragment + "'");
    }

    @Test
    void anEnvelopeWithAndWithoutLengthsAndSkippedItemsIsAccepted() {
        String id = newId();
        String word = uniqueWord();
        // within the accepted window of timestamps (30 days back), whenever the suite runs
        Instant sentAt = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String event = """
                {"event_id":"%s","timestamp":"%s","platform":"python","level":"error",
                 "release":"shop@2.0","environment":"staging","server_name":"web-7","user":{"id":"u-42"},
                 "transaction":"/cart","request":{"url":"https://shop.example.com/cart?x=1","method":"POST"},
                 "tags":[["tenant","acme"],["region","eu"]],
                 "exception":{"values":[{"type":"KeyError","value":"'sku' %s","module":null,
                   "mechanism":{"type":"excepthook","handled":false},
                   "stacktrace":{"frames":[
                     {"module":"shop.app","function":"main","filename":"shop/app.py","lineno":10,"in_app":true,"vars":{"a":"1"}},
                     {"module":"shop.cart.pricing","function":"price_for","filename":"shop/cart/pricing.py","lineno":77,"in_app":true}]}}]}}""".formatted(id, sentAt.plusMillis(500), word).replace("\n", "");
        String attachment = "log line 1\nlog line 2\n";
        String body = "{\"event_id\":\"" + id + "\",\"sent_at\":\"" + sentAt.plusSeconds(1) + "\"}\n"
                + "{\"type\":\"event\"}\n" + event + "\n"
                + "{\"type\":\"attachment\",\"length\":" + attachment.length() + ",\"filename\":\"app.log\"}\n"
                + attachment + "\n"
                + "{\"type\":\"session\"}\n{\"sid\":\"s\",\"status\":\"ok\"}\n"
                + "{\"type\":\"client_report\",\"length\":24}\n{\"discarded_events\": []}\n"
                + "{\"type\":\"transaction\"}\n{\"this is\": \"not read\"\n";
        Reply reply = envelope(body, "X-Sentry-Auth", AUTH, "Content-Type", "application/x-sentry-envelope");
        assertEquals(200, reply.status(), reply.body());
        assertEquals(id, reply.json().getString("id"));

        JsonObject stored = awaitEvent(id);
        assertEquals("exception", stored.getString("type"));
        assertEquals("KeyError: 'sku' " + word, stored.getString("message"));
        assertEquals("shop.cart.pricing.price_for", stored.getString("culprit"));
        JsonObject tags = stored.getJsonObject("tags");
        assertEquals("shop@2.0", tags.getString("release"));
        assertEquals("staging", tags.getString("environment"));
        assertEquals("web-7", tags.getString("server"));
        assertEquals("u-42", tags.getString("user"));
        assertEquals("/cart", tags.getString("transaction"));
        assertEquals("https://shop.example.com/cart", tags.getString("url"));
        assertEquals("acme", tags.getString("tenant"));
        assertEquals("eu", tags.getString("region"));
        assertEquals("no", tags.getString("handled"));
        assertEquals("shop.cart.pricing.price_for", tags.getString("function"));
        assertEquals(sentAt.plusMillis(500).toString(), stored.getString("timestamp"));
        // nothing the SDK sent is lost
        JsonObject original = stored.getJsonObject("data").getJsonObject("sentry");
        assertEquals(
                "1",
                original.getJsonObject("exception")
                        .getJsonArray("values")
                        .getJsonObject(0)
                        .getJsonObject("stacktrace")
                        .getJsonArray("frames")
                        .getJsonObject(0)
                        .getJsonObject("vars")
                        .getString("a"));
    }

    @Test
    void compressedBodiesAndEveryWayOfPresentingTheKeyWork() {
        String gzipId = newId();
        String word = uniqueWord();
        String dsnHeader = "{\"dsn\":\"http://" + LookoutClient.PROJECT_KEY + "@127.0.0.1/1\"}\n";
        Reply gzipped = post(
                "/api/1/envelope/",
                gzip(utf8(dsnHeader + "{\"type\":\"event\"}\n" + messageEvent(gzipId, "Job 17 failed " + word))),
                "Content-Encoding",
                "gzip");
        assertEquals(200, gzipped.status(), gzipped.body());

        String deflateId = newId();
        Reply deflated = post(
                "/api/1/store/?sentry_key=" + LookoutClient.PROJECT_KEY,
                deflate(utf8(messageEvent(deflateId, "Job 18 failed " + word))),
                "Content-Encoding",
                "deflate");
        assertEquals(200, deflated.status(), deflated.body());
        assertEquals(deflateId, deflated.json().getString("id"));

        String storeId = newId();
        Reply store =
                post("/api/1/store/", utf8(messageEvent(storeId, "Job 19 failed " + word)), "X-Sentry-Auth", AUTH);
        assertEquals(200, store.status(), store.body());

        // numbers are variable parts: the three are one message group
        long groupId = awaitEvent(gzipId).getJsonNumber("groupId").longValue();
        assertEquals(groupId, awaitEvent(deflateId).getJsonNumber("groupId").longValue());
        assertEquals(groupId, awaitEvent(storeId).getJsonNumber("groupId").longValue());
        assertEquals(3, group(groupId).getInt("count"));
        assertEquals("com.acme.Jobs", awaitEvent(storeId).getJsonObject("tags").getString("logger"));
    }

    @Test
    void aWrongOrMissingKeyIs403() {
        String event = "{}\n{\"type\":\"event\"}\n" + messageEvent(newId(), "x") + "\n";
        assertError(
                envelope(event, "X-Sentry-Auth", "Sentry sentry_key=0000000000000000000000000000dead"),
                403,
                "not the public key");
        assertError(envelope(event), 403, "missing project key");
        assertError(post("/api/1/store/?sentry_key=nope", utf8("{}")), 403, "not the public key");
        assertError(post("/api/4711/envelope/", utf8(event), "X-Sentry-Auth", AUTH), 404, "no project 4711");
    }

    @Test
    void brokenEnvelopesAreClear4xxAndValidItemsNextToABrokenOneAreKept() {
        String valid = messageEvent(newId(), "fine " + uniqueWord());
        assertError(
                envelope("{}\n{\"type\":\"event\",\"length\":900}\n" + valid, "X-Sentry-Auth", AUTH), 400, "truncated");
        assertError(
                envelope("{}\n{\"type\":\"event\",\"length\":10}\n" + valid + "\n", "X-Sentry-Auth", AUTH),
                400,
                "longer than its length of 10 bytes");
        assertError(
                envelope("{}\n{\"type\":\"event\"}\n{\"message\": \"cut\n", "X-Sentry-Auth", AUTH),
                400,
                "item 1 (event) is malformed JSON");
        assertError(envelope("not an envelope", "X-Sentry-Auth", AUTH), 400, "the envelope header");
        assertError(envelope("", "X-Sentry-Auth", AUTH), 400, "empty");

        // one event item is broken, the other is kept (attachments and sessions are ignored anyway)
        String keptId = newId();
        Reply partly = envelope(
                "{}\n{\"type\":\"event\"}\n{\"broken\": \n{\"type\":\"event\"}\n"
                        + messageEvent(keptId, "kept " + uniqueWord()) + "\n",
                "X-Sentry-Auth",
                AUTH);
        assertEquals(200, partly.status(), partly.body());
        assertEquals(keptId, partly.json().getString("id"));
        assertTrue(partly.json().getJsonArray("skipped").getString(0).contains("item 1 (event) is malformed JSON"));
        awaitEvent(keptId);
    }

    /** The ids of project 1's newest events, newest first. */
    private static List<String> newestEvents(int limit) {
        Reply reply = LookoutClient.get("/api/1/events?limit=" + limit);
        assertEquals(200, reply.status(), reply.body());
        return reply.json().getJsonArray("events").getValuesAs(JsonObject.class).stream()
                .map(e -> e.getString("id"))
                .toList();
    }

    @Test
    void anEnvelopeOfSessionsOnlyIsFineAndStoresNothing() {
        Server.awaitQueueDrained(management);
        List<String> before = newestEvents(1);

        Reply sessions = envelope(
                "{\"sent_at\":\"2026-11-28T12:00:00Z\"}\n{\"type\":\"session\"}\n"
                        + "{\"sid\":\"" + newId()
                        + "\",\"status\":\"exited\",\"errors\":1,\"attrs\":{\"release\":\"shop@2.0\"}}\n"
                        + "{\"type\":\"sessions\"}\n{\"aggregates\":[{\"started\":\"2026-11-28T12:00:00Z\",\"exited\":3}]}\n",
                "X-Sentry-Auth",
                AUTH);
        assertEquals(200, sessions.status(), sessions.body());
        assertEquals("{}", sessions.body(), "no event, so no event id");

        // an event sent after it, once stored and the queue empty, is the only one new
        String marker = newId();
        assertEquals(
                200,
                envelope(
                                "{}\n{\"type\":\"event\"}\n"
                                        + messageEvent(marker, "after the sessions " + uniqueWord()) + "\n",
                                "X-Sentry-Auth",
                                AUTH)
                        .status());
        awaitEvent(marker);
        Server.awaitQueueDrained(management);
        List<String> expected = new ArrayList<>(List.of(marker));
        expected.addAll(before);
        List<String> newest = newestEvents(expected.size() + 1);
        assertEquals(
                expected,
                newest.subList(0, Math.min(newest.size(), expected.size())),
                "nothing stored after the newest event before, other than the marker");
        if (before.isEmpty()) {
            assertEquals(List.of(marker), newest, "the project had no event before");
        }
    }

    @Test
    void compressionLiesBombsAndOversizedEventsAreRefusedAndTheServerStaysHealthy() {
        assertError(
                post("/api/1/envelope/", utf8("{}\n"), "X-Sentry-Auth", AUTH, "Content-Encoding", "gzip"),
                400,
                "claims Content-Encoding gzip but is not gzip");
        byte[] gzip = gzip(utf8("{}\n{\"type\":\"event\"}\n" + messageEvent(newId(), "x") + "\n"));
        assertError(
                post(
                        "/api/1/envelope/",
                        Arrays.copyOf(gzip, gzip.length - 12),
                        "X-Sentry-Auth",
                        AUTH,
                        "Content-Encoding",
                        "gzip"),
                400,
                "not valid gzip");
        assertError(post("/api/1/envelope/", utf8("{}\n"), "X-Sentry-Auth", AUTH, "Content-Encoding", "br"), 415, "br");

        // 64 MiB of zeros gzip to about 64 KiB: refused once 20 MiB are inflated
        byte[] zeros = new byte[64 * 1024 * 1024];
        byte[] envelopeStart = utf8("{}\n{\"type\":\"attachment\",\"length\":" + zeros.length + "}\n");
        System.arraycopy(envelopeStart, 0, zeros, 0, envelopeStart.length);
        byte[] bomb = gzip(zeros);
        assertTrue(bomb.length < 1024 * 1024, "the bomb is small: " + bomb.length);
        assertError(
                post("/api/1/envelope/", bomb, "X-Sentry-Auth", AUTH, "Content-Encoding", "gzip"),
                413,
                "inflated body is larger than");

        String large = "{\"message\":\"" + "x".repeat(1024 * 1024) + "\"}";
        assertError(
                envelope("{}\n{\"type\":\"event\"}\n" + large + "\n", "X-Sentry-Auth", AUTH),
                413,
                "larger than 1048576 bytes");
        assertError(post("/api/1/store/", utf8(large), "X-Sentry-Auth", AUTH), 413, "larger than 1048576 bytes");

        // still healthy: a normal event goes through and readiness is UP
        String id = newId();
        assertEquals(
                200,
                envelope(
                                "{}\n{\"type\":\"event\"}\n" + messageEvent(id, "after the storm") + "\n",
                                "X-Sentry-Auth",
                                AUTH)
                        .status());
        awaitEvent(id);
        assertEquals(
                200,
                LookoutClient.get(LookoutClient.MANAGEMENT + "/health/ready", null, null)
                        .status());
    }

    @Test
    void theFingerprintIsHonoured() {
        String word = uniqueWord();
        String first = newId();
        String second = newId();
        envelope(
                "{}\n{\"type\":\"event\"}\n{\"event_id\":\"" + first + "\",\"message\":\"alpha " + word
                        + "\",\"fingerprint\":[\"" + word + "\"]}\n",
                "X-Sentry-Auth",
                AUTH);
        envelope(
                "{}\n{\"type\":\"event\"}\n{\"event_id\":\"" + second + "\",\"message\":\"something else entirely "
                        + "\",\"fingerprint\":[\"" + word + "\"]}\n",
                "X-Sentry-Auth",
                AUTH);
        assertEquals(
                awaitEvent(first).getJsonNumber("groupId").longValue(),
                awaitEvent(second).getJsonNumber("groupId").longValue());
    }

    @Test
    void overTheRateLimitBothEndpointsAnswer429WithRetryAfter() throws IOException {
        setSystemProperty("lookout.ingest.rate-limit.burst", "2");
        setSystemProperty("lookout.ingest.rate-limit.events-per-second", "0.1");
        try {
            Reply limited = null;
            for (int i = 0; i < 5 && (limited == null || limited.status() == 200); i++) {
                limited = envelope(
                        "{}\n{\"type\":\"event\"}\n" + messageEvent(newId(), "burst " + i) + "\n",
                        "X-Sentry-Auth",
                        AUTH);
            }
            assertEquals(429, limited.status(), limited.body());
            long retryAfter = Long.parseLong(limited.header("Retry-After").orElseThrow());
            assertTrue(retryAfter >= 1 && retryAfter <= 10, "Retry-After " + retryAfter);
            assertEquals(
                    retryAfter + "::key", limited.header("X-Sentry-Rate-Limits").orElseThrow());
            assertTrue(limited.json().getString("error").contains("lookout.ingest.rate-limit.events-per-second"));

            Reply nativeLimited = LookoutClient.send("{\"type\": \"message\", \"message\": \"native burst\"}");
            assertEquals(429, nativeLimited.status(), nativeLimited.body());
            assertTrue(nativeLimited.header("Retry-After").isPresent());
        } finally {
            removeSystemProperty("lookout.ingest.rate-limit.events-per-second");
            removeSystemProperty("lookout.ingest.rate-limit.burst");
        }
        String id = newId();
        Reply after =
                envelope("{}\n{\"type\":\"event\"}\n" + messageEvent(id, "limit lifted") + "\n", "X-Sentry-Auth", AUTH);
        assertEquals(200, after.status(), after.body());
        assertFalse(after.header("Retry-After").isPresent());
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
}
