package io.lookout.it;

import static io.lookout.it.LookoutClient.await;
import static io.lookout.it.LookoutClient.call;
import static io.lookout.it.LookoutClient.callAs;
import static io.lookout.it.LookoutClient.get;
import static io.lookout.it.LookoutClient.newId;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.it.LookoutClient.Reply;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Scrubbing of secrets through the real server (docs/security.md): a password field, an
 * {@code Authorization} header and a card number sent on the native endpoint, in a Sentry envelope
 * and on the JMS queue are read back as {@code [Filtered]}; the edge's secrets reach neither the
 * database files nor the broker's journal (a JMS sender's message is on the queue as sent); a card
 * number does not split a group; scrubbing off stores what was sent, and only an admin turns it off;
 * the project's count and metric move.
 */
class ScrubbingIT extends LookoutIT {

    private static final String FILTERED = "[Filtered]";

    @Deployment(name = "probe", order = 2, testable = false)
    static WebArchive probe() {
        return Server.queueProbe();
    }

    /** Unique secrets of one sending path, and a harmless marker sent beside them. */
    private record Secrets(String password, String token, String card, String marker) {

        static Secrets fresh() {
            return new Secrets("pw" + uniqueWord(), "tok" + uniqueWord(), luhnCard(), uniqueWord());
        }

        List<String> all() {
            return List.of(password, token, card, card.replace(" ", ""));
        }

        /** A native event carrying the three secrets: in the form data, a header and the message. */
        String nativeEvent(String id) {
            return """
                    {"id": "%s", "type": "message", "message": "Checkout %s failed for card %s",
                     "data": {"request": {"headers": {"Authorization": "Bearer %s", "Accept": "text/html"},
                                          "form": {"user": "%s", "password": "%s"}}}}""".formatted(id, marker, card, token, marker + "-user", password);
        }
    }

    /** 16 digits starting with 4 that pass the Luhn check: a card number no other test sends. */
    static String luhnCard() {
        int[] digits = new int[16];
        digits[0] = 4;
        for (int i = 1; i < 15; i++) {
            digits[i] = ThreadLocalRandom.current().nextInt(10);
        }
        int sum = 0;
        for (int i = 14, k = 0; i >= 0; i--, k++) {
            int d = digits[i] * (k % 2 == 0 ? 2 : 1);
            sum += d > 9 ? d - 9 : d;
        }
        digits[15] = (10 - sum % 10) % 10;
        StringBuilder card = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            card.append(i > 0 && i % 4 == 0 ? " " : "").append(digits[i]);
        }
        return card.toString();
    }

    private static JsonObject awaitEvent(long project, String id) {
        return await(
                () -> {
                    Reply reply = get("/api/" + project + "/events/" + id);
                    return reply.status() == 200 ? Optional.of(reply.json()) : Optional.empty();
                },
                "event " + id + " of project " + project);
    }

    private static Reply enqueue(String body, String project, String key) {
        Reply reply = LookoutClient.execute(
                HttpRequest.newBuilder(URI.create(LookoutClient.BASE + "/queue-probe/send?kind=text&project=" + project
                                + "&key=" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "&testCase=" + newId()))
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(200, reply.status(), reply.body());
        return reply;
    }

    /** An envelope of one event item (an item's payload is one line). */
    private static Reply envelope(String event) {
        return SentryIngestIT.envelope(
                "{}\n{\"type\":\"event\"}\n" + event.replace('\n', ' ') + "\n", "X-Sentry-Auth", SentryIngestIT.AUTH);
    }

    private static void assertScrubbed(JsonObject event, JsonObject headers, JsonObject form, Secrets secrets) {
        assertEquals(FILTERED, headers.getString("Authorization"), event.toString());
        assertEquals("text/html", headers.getString("Accept"), event.toString());
        assertEquals(FILTERED, form.getString("password"), event.toString());
        assertTrue(event.getString("message").contains("card " + FILTERED), event.toString());
        for (String secret : secrets.all()) {
            assertFalse(event.toString().contains(secret), secret + " in " + event);
        }
    }

    @Test
    void secretsAreFilteredOnEveryPathAndTheEdgesNeverReachTheDiskNorTheJournal() {
        Secrets native_ = Secrets.fresh();
        Secrets sentry = Secrets.fresh();
        Secrets jms = Secrets.fresh();
        String nativeId = newId();
        String sentryId = newId();
        String jmsId = newId();

        assertEquals(202, LookoutClient.send(native_.nativeEvent(nativeId)).status());
        Reply sentryReply = envelope("""
                {"event_id": "%s", "level": "error", "logger": "com.acme.Checkout",
                 "message": "Checkout %s failed for card %s",
                 "request": {"url": "https://shop.example/pay", "method": "POST",
                             "headers": {"Authorization": "Bearer %s", "Accept": "text/html"},
                             "data": {"user": "%s", "password": "%s"}},
                 "user": {"id": "42", "ip_address": "203.0.113.9"}}""".formatted(
                        sentryId,
                        sentry.marker(),
                        sentry.card(),
                        sentry.token(),
                        sentry.marker() + "-user",
                        sentry.password()));
        assertEquals(200, sentryReply.status(), sentryReply.body());
        enqueue(jms.nativeEvent(jmsId), "1", LookoutClient.PROJECT_KEY);

        // the broker's journal: a JMS sender's message is there as sent (the positive control of the
        // search), the edge's secrets never are
        Path activemq = dataDir("activemq");
        await(
                () -> contains(activemq, jms.password()) ? Optional.of(true) : Optional.empty(),
                "the JMS sender's message in the journal under " + activemq);
        for (Secrets edge : List.of(native_, sentry)) {
            for (String secret : edge.all()) {
                assertFalse(contains(activemq, secret), secret + " in the broker's files");
            }
        }

        JsonObject stored = awaitEvent(1, nativeId);
        JsonObject request = stored.getJsonObject("data").getJsonObject("request");
        assertScrubbed(stored, request.getJsonObject("headers"), request.getJsonObject("form"), native_);

        JsonObject fromSentry = awaitEvent(1, sentryId);
        JsonObject sentryRequest =
                fromSentry.getJsonObject("data").getJsonObject("sentry").getJsonObject("request");
        assertScrubbed(fromSentry, sentryRequest.getJsonObject("headers"), sentryRequest.getJsonObject("data"), sentry);
        assertEquals(
                FILTERED,
                fromSentry
                        .getJsonObject("data")
                        .getJsonObject("sentry")
                        .getJsonObject("user")
                        .getString("ip_address"));

        JsonObject fromJms = awaitEvent(1, jmsId);
        JsonObject jmsRequest = fromJms.getJsonObject("data").getJsonObject("request");
        assertScrubbed(fromJms, jmsRequest.getJsonObject("headers"), jmsRequest.getJsonObject("form"), jms);

        if (!"postgresql".equals(System.getProperty("lookout.db"))) {
            // H2 writes lazily: once the markers stored with the events are in the file, so would the secrets be
            Path database = dataDir("lookout");
            for (Secrets secrets : List.of(native_, sentry, jms)) {
                await(
                        () -> contains(database, secrets.marker()) && contains(database, secrets.marker() + "-user")
                                ? Optional.of(true)
                                : Optional.empty(),
                        "the marker " + secrets.marker() + " in the database files");
                for (String secret : secrets.all()) {
                    assertFalse(contains(database, secret), secret + " in the database files under " + database);
                }
            }
        }
    }

    @Test
    void twoEventsThatDifferOnlyInACardNumberFormOneGroup() {
        String word = uniqueWord();
        String first = newId();
        String second = newId();
        for (String[] event : new String[][] {{first, luhnCard()}, {second, luhnCard()}}) {
            assertEquals(
                    202,
                    LookoutClient.send("""
                    {"id": "%s", "type": "message", "message": "Payment declined %s",
                     "fingerprint": ["payment-declined", "%s", "card %s"]}""".formatted(event[0], word, word, event[1]))
                            .status());
        }
        long firstGroup = awaitEvent(1, first).getJsonNumber("groupId").longValue();
        assertEquals(firstGroup, awaitEvent(1, second).getJsonNumber("groupId").longValue());
        assertEquals(2, LookoutClient.group(firstGroup).getInt("count"));
    }

    @Test
    void aRequestUrlKeepsItsShapeAndLosesItsSecrets() {
        String id = newId();
        Reply reply = LookoutClient.send("""
                {"id": "%s", "type": "request", "timeSpent": 12,
                 "data": {"method": "GET", "url": "https://bob:hunter2@shop.example/items/123?token=abc123&x=1", "status": 500}}""".formatted(id));
        assertEquals(202, reply.status(), reply.body());
        JsonObject event = awaitEvent(1, id);
        // the request processor keeps no user information in the URL it stores; the query keeps its shape
        assertEquals(
                "https://shop.example/items/123?token=[Filtered]&x=1",
                event.getJsonObject("data").getString("url"));
        assertEquals("shop.example", event.getJsonObject("tags").getString("host"));
        assertFalse(event.toString().contains("hunter2") || event.toString().contains("abc123"), event.toString());
    }

    @Test
    void scrubbingIsSetPerProjectAndOnlyAnAdminTurnsItOff() {
        JsonObject project = call("POST", "/api/admin/projects", "{\"name\": \"Scrub " + uniqueWord() + "\"}")
                .json();
        long id = project.getJsonNumber("id").longValue();
        String key = project.getString("publicKey");
        String member = "scrub-" + uniqueWord();
        String memberPassword = "member-password-" + uniqueWord();
        assertEquals(
                201,
                call("POST", "/api/admin/users", """
                {"username": "%s", "password": "%s", "roles": ["member"]}""".formatted(member, memberPassword))
                        .status());
        assertEquals(
                201,
                call("PUT", "/api/admin/projects/" + id + "/members/" + member, null)
                        .status());

        String settings = "/api/" + id + "/settings";
        JsonObject defaults =
                callAs(member, memberPassword, "GET", settings, null).json().getJsonObject("scrubbing");
        assertTrue(defaults.getBoolean("enabled"));
        assertFalse(defaults.getBoolean("keepIpAddresses"));
        assertTrue(defaults.getJsonArray("defaultSensitiveKeys").toString().contains("\"password\""));

        Reply refused = callAs(member, memberPassword, "PUT", settings, "{\"scrubbing\": {\"enabled\": false}}");
        assertEquals(403, refused.status(), refused.body());
        assertTrue(get(settings).json().getJsonObject("scrubbing").getBoolean("enabled"));
        assertProblem(call("PUT", settings, "{\"scrubbing\": {\"enabled\": \"no\"}}"), "scrubbing.enabled");
        assertProblem(call("PUT", settings, "{\"scrubbing\": {\"enable\": false}}"), "scrubbing.enable");
        assertProblem(call("PUT", settings, "{\"scrubbing\": {\"safeKeys\": [\"ok\", 7]}}"), "scrubbing.safeKeys[1]");
        assertProblem(call("PUT", settings, "{\"scrubbing\": [\"off\"]}"), "scrubbing");

        // extra keys, safe keys, client IP addresses kept
        Reply tuned = call("PUT", settings, """
                {"scrubbing": {"sensitiveKeys": ["ssn"], "safeKeys": ["csrf_token"], "keepIpAddresses": true}}""");
        assertEquals(200, tuned.status(), tuned.body());
        String tunedId = newId();
        assertEquals(
                202,
                LookoutClient.send(Long.toString(id), key, """
                {"id": "%s", "type": "message", "message": "tuned",
                 "data": {"ssn": "078-05-1120", "csrf_token": "keep-me", "ip_address": "203.0.113.9", "password": "pw"}}""".formatted(tunedId))
                        .status());
        JsonObject tunedData = awaitEvent(id, tunedId).getJsonObject("data");
        assertEquals(FILTERED, tunedData.getString("ssn"));
        assertEquals("keep-me", tunedData.getString("csrf_token"));
        assertEquals("203.0.113.9", tunedData.getString("ip_address"));
        assertEquals(FILTERED, tunedData.getString("password"));

        // off: stored as sent, on every path
        Reply off = call("PUT", settings, "{\"scrubbing\": {\"enabled\": false}}");
        assertEquals(200, off.status(), off.body());
        assertFalse(off.json().getJsonObject("scrubbing").getBoolean("enabled"));
        assertEquals(
                List.of("ssn"),
                off
                        .json()
                        .getJsonObject("scrubbing")
                        .getJsonArray("sensitiveKeys")
                        .getValuesAs(jakarta.json.JsonString.class)
                        .stream()
                        .map(jakarta.json.JsonString::getString)
                        .toList());
        Secrets secrets = Secrets.fresh();
        String sentId = newId();
        String queuedId = newId();
        assertEquals(
                202,
                LookoutClient.send(Long.toString(id), key, secrets.nativeEvent(sentId))
                        .status());
        enqueue(secrets.nativeEvent(queuedId), Long.toString(id), key);
        for (String eventId : List.of(sentId, queuedId)) {
            JsonObject event = awaitEvent(id, eventId);
            JsonObject request = event.getJsonObject("data").getJsonObject("request");
            assertEquals(
                    "Bearer " + secrets.token(),
                    request.getJsonObject("headers").getString("Authorization"));
            assertEquals(secrets.password(), request.getJsonObject("form").getString("password"));
            assertTrue(event.getString("message").contains(secrets.card()), event.toString());
        }
    }

    @Test
    void theProjectCountsScrubbedValuesOnceEach() {
        JsonObject project = call("POST", "/api/admin/projects", "{\"name\": \"Count " + uniqueWord() + "\"}")
                .json();
        long id = project.getJsonNumber("id").longValue();
        String key = project.getString("publicKey");
        assertEquals(0, scrubbedValues(id));

        // three values: the Authorization header, the password, the card number in the message
        Secrets secrets = Secrets.fresh();
        String eventId = newId();
        assertEquals(
                202,
                LookoutClient.send(Long.toString(id), key, secrets.nativeEvent(eventId))
                        .status());
        awaitEvent(id, eventId);
        await(() -> scrubbedValues(id) == 3 ? Optional.of(true) : Optional.empty(), "the count to reach 3");

        // the same event again is not stored again and not counted again; a new one with a secret is
        assertEquals(
                202,
                LookoutClient.send(Long.toString(id), key, secrets.nativeEvent(eventId))
                        .status());
        String other = newId();
        enqueue(
                "{\"id\": \"" + other
                        + "\", \"type\": \"message\", \"message\": \"x\", \"data\": {\"api_key\": \"k\"}}",
                Long.toString(id),
                key);
        Server.awaitQueueDrained(management);
        awaitEvent(id, other);
        assertEquals(4, scrubbedValues(id));
        assertEquals(
                4,
                get("/api/admin/projects/" + id)
                        .json()
                        .getJsonObject("scrubbing")
                        .getJsonNumber("scrubbedValues")
                        .longValue());

        String metric = "lookout_scrubbed_values_total";
        String label = "project=\"" + id + "\"";
        String[] last = {""};
        String line;
        try {
            line = await(
                    () -> {
                        last[0] = get(LookoutClient.MANAGEMENT + "/prometheus", null, null)
                                .body();
                        return last[0].lines()
                                .filter(l -> l.startsWith(metric) && l.contains(label))
                                .findFirst();
                    },
                    metric + " of project " + id,
                    java.time.Duration.ofSeconds(10));
        } catch (AssertionError e) {
            throw new AssertionError(
                    e.getMessage() + "; scrubbing metrics: "
                            + last[0].lines().filter(l -> l.contains("scrub")).toList(),
                    e);
        }
        assertEquals(4.0, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), line);
    }

    private static long scrubbedValues(long project) {
        return get("/api/" + project + "/settings")
                .json()
                .getJsonObject("scrubbing")
                .getJsonNumber("scrubbedValues")
                .longValue();
    }

    private static void assertProblem(Reply reply, String field) {
        assertEquals(400, reply.status(), reply.body());
        assertEquals(field, reply.json().getString("field"), reply.body());
        assertFalse(reply.json().getString("error").isBlank());
    }

    private static Path dataDir(String name) {
        return Path.of(System.getProperty("jboss.home"), "standalone", "data", name);
    }

    /** Whether any file under {@code dir} holds {@code text} in UTF-8 or in UTF-16 (Artemis keeps text bodies so). */
    private static boolean contains(Path dir, String text) {
        List<String> needles = new ArrayList<>();
        for (Charset charset : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
            needles.add(new String(text.getBytes(charset), StandardCharsets.ISO_8859_1));
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String bytes;
                try {
                    bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                } catch (java.nio.file.NoSuchFileException e) {
                    continue;
                }
                if (needles.stream().anyMatch(bytes::contains)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
