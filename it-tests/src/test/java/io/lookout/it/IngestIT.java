package io.lookout.it;

import static io.lookout.it.LookoutClient.await;
import static io.lookout.it.LookoutClient.awaitEvent;
import static io.lookout.it.LookoutClient.get;
import static io.lookout.it.LookoutClient.group;
import static io.lookout.it.LookoutClient.newId;
import static io.lookout.it.LookoutClient.send;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.it.LookoutClient.Reply;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Sending events over REST and reading them back, through the real EAR on WildFly. */
class IngestIT extends LookoutIT {

    @Test
    void anEventSentIsStoredGroupedAndReadBack() {
        String template = "User %s failed login %d times " + uniqueWord();
        Instant first = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Instant later = first.plus(5, ChronoUnit.MINUTES);
        Reply accepted = send("""
                {"type": "message", "level": "warn", "correlationId": "req-7f3a", "timeSpent": 12.5,
                 "timestamp": "%s",
                 "tags": {"url": "/checkout", "server": "web-1", "release": null},
                 "data": {"message": "%s", "params": ["bob", 3], "logger": "com.acme.Login"}}
                """.formatted(first, template));
        assertEquals(202, accepted.status(), accepted.body());
        String id = accepted.json().getJsonArray("ids").getString(0);
        assertTrue(id.matches("[0-9a-f]{32}"), id);

        JsonObject event = awaitEvent(id);
        assertEquals("message", event.getString("type"));
        assertEquals(
                "User bob failed login 3 times " + template.substring(template.lastIndexOf(' ') + 1),
                event.getString("message"));
        assertEquals(first.toString(), event.getString("timestamp"));
        assertEquals("warning", event.getString("level"));
        assertEquals("req-7f3a", event.getString("correlationId"));
        assertEquals(12.5, event.getJsonNumber("timeSpent").doubleValue());
        JsonObject tags = event.getJsonObject("tags");
        assertEquals("/checkout", tags.getString("url"));
        assertEquals("web-1", tags.getString("server"));
        assertTrue(tags.isNull("release"), "an explicit null tag stays null");
        assertEquals("default", tags.getString("project"));
        assertEquals("message", tags.getString("type"));
        assertEquals("com.acme.Login", tags.getString("logger"));
        assertEquals("warning", tags.getString("level"));
        assertEquals(template, event.getJsonObject("data").getString("message"));

        long groupId = event.getJsonNumber("groupId").longValue();
        JsonObject group = group(groupId);
        assertEquals(1, group.getInt("count"));
        assertEquals("unresolved", group.getString("status"));
        assertEquals(event.getString("checksum"), group.getString("checksum"));

        // same template, other parameters, later: the same group, counted twice
        String second =
                send("""
                {"type": "message", "timestamp": "%s", "timeSpent": 7.5,
                 "data": {"message": "%s", "params": ["eve", 12]}}
                """.formatted(later, template)).json().getJsonArray("ids").getString(0);
        assertEquals(groupId, awaitEvent(second).getJsonNumber("groupId").longValue());
        group = group(groupId);
        assertEquals(2, group.getInt("count"));
        assertEquals(first.toString(), group.getString("firstSeen"));
        assertEquals(later.toString(), group.getString("lastSeen"));
        assertEquals(
                20.0, group.getJsonObject("timeSpent").getJsonNumber("total").doubleValue());
        assertEquals(2, group.getJsonObject("timeSpent").getInt("count"));
    }

    @Test
    void theSameIdSentTwiceIsStoredAndCountedOnce() {
        String id = newId();
        String message = "Payment gateway timeout " + uniqueWord();
        String event = """
                {"id": "%s", "type": "message", "message": "%s"}""".formatted(id, message);

        assertEquals(202, send(event).status());
        assertEquals(202, send(event).status());
        assertEquals(202, send("[" + event + ", " + event + "]").status());
        Server.awaitQueueDrained(management);

        long groupId = awaitEvent(id).getJsonNumber("groupId").longValue();
        assertEquals(1, group(groupId).getInt("count"));
    }

    @Test
    void aBatchIsAcceptedWhole() {
        String message = "Cache miss storm " + uniqueWord();
        Reply accepted = send("""
                [{"type": "message", "message": "%1$s"}, {"type": "message", "message": "%1$s"},
                 {"type": "message", "message": "%1$s"}]""".formatted(message));
        assertEquals(202, accepted.status(), accepted.body());
        assertEquals(3, accepted.json().getJsonArray("ids").size());
        String last = accepted.json().getJsonArray("ids").getString(2);
        Server.awaitQueueDrained(management);
        assertEquals(
                3, group(awaitEvent(last).getJsonNumber("groupId").longValue()).getInt("count"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "malformed JSON        | {\"type\": \"message\",                                  |                | malformed JSON",
                "missing type          | {\"message\": \"x\"}                                     | type           | type is required",
                "type of no processor  | {\"type\": \"nope\", \"message\": \"x\"}                 | type           | known types: exception, message, query, request",
                "type not a string     | {\"type\": 5}                                            | type           | must be a string",
                "timeSpent as string   | {\"type\": \"message\", \"message\": \"x\", \"timeSpent\": \"5\"} | timeSpent | must be a number",
                "negative timeSpent    | {\"type\": \"message\", \"message\": \"x\", \"timeSpent\": -1}    | timeSpent | must not be negative",
                "tags not an object    | {\"type\": \"message\", \"message\": \"x\", \"tags\": [1]}        | tags      | must be an object",
                "tag value an object   | {\"type\": \"message\", \"message\": \"x\", \"tags\": {\"a\": {}}} | tags.a  | must be a string",
                "reserved tag          | {\"type\": \"message\", \"message\": \"x\", \"tags\": {\"project\": \"p\"}} | tags.project | set by the server",
                "bad id                | {\"type\": \"message\", \"message\": \"x\", \"id\": \"xyz\"}      | id        | 32 hexadecimal",
                "bad timestamp         | {\"type\": \"message\", \"message\": \"x\", \"timestamp\": \"yesterday\"} | timestamp | ISO-8601",
                "bad level             | {\"type\": \"message\", \"message\": \"x\", \"level\": \"loud\"}  | level     | must be one of",
                "data not an object    | {\"type\": \"message\", \"data\": \"x\"}                  | data           | must be an object",
                "processor rejects     | {\"type\": \"message\", \"data\": {\"message\": 42}}      | data.message   | must be a string",
                "bad element of array  | [{\"type\": \"message\", \"message\": \"x\"}, {\"type\": 1}] | [1].type    | must be a string",
                "empty array           | []                                                      |                | no event",
                "not an event          | 42                                                      |                | event object",
            })
    void invalidEventsAreRejectedNamingTheProblem(String name, String body, String field, String error) {
        Reply reply = send(body);
        assertEquals(400, reply.status(), reply.body());
        JsonObject json = reply.json();
        assertTrue(json.getString("error").contains(error), json.toString());
        if (field == null) {
            assertFalse(json.containsKey("field"), json.toString());
        } else {
            assertEquals(field, json.getString("field"));
        }
    }

    @Test
    void aRejectedBatchEnqueuesNothing() {
        String valid = newId();
        Reply reply = send("""
                [{"id": "%s", "type": "message", "message": "fine"}, {"type": "message", "level": "loud", "message": "x"}]
                """.formatted(valid));
        assertEquals(400, reply.status());
        assertEquals("[1].level", reply.json().getString("field"));
        Server.awaitQueueDrained(management);
        assertEquals(404, get("/api/1/events/" + valid).status());
    }

    @Test
    void keysProjectsAndSizeAreChecked() {
        String event = "{\"type\": \"message\", \"message\": \"x\"}";
        Reply noKey = send("1", null, event);
        assertEquals(401, noKey.status());
        assertTrue(noKey.json().getString("error").contains("key"));

        Reply wrongKey = send("1", "0000000000000000000000000000dead", event);
        assertEquals(401, wrongKey.status());

        Reply unknownProject = send("4711", LookoutClient.PROJECT_KEY, event);
        assertEquals(404, unknownProject.status());
        assertTrue(unknownProject.json().getString("error").contains("4711"));

        byte[] huge = new byte[1024 * 1024 + 10];
        Arrays.fill(huge, (byte) ' ');
        Reply tooLarge = LookoutClient.sendBytes(huge);
        assertEquals(413, tooLarge.status());
        assertTrue(tooLarge.json().getString("error").contains("1048576"));
    }

    /** The original design: events of separate types cannot be aggregated, whatever their fingerprint. */
    @Test
    void eventsOfSeparateTypesWithOneFingerprintAreSeparateGroups() {
        String fingerprint = "[\"checkout-" + uniqueWord() + "\"]";
        String message = newId();
        String exception = newId();
        String anotherMessage = newId();
        Reply accepted = send("""
                [{"id": "%s", "type": "message", "message": "Checkout failed", "fingerprint": %s},
                 {"id": "%s", "type": "exception", "data": {"type": "CheckoutError", "value": "failed"}, "fingerprint": %s},
                 {"id": "%s", "type": "message", "message": "Checkout failed again", "fingerprint": %s}]""".formatted(message, fingerprint, exception, fingerprint, anotherMessage, fingerprint));
        assertEquals(202, accepted.status(), accepted.body());
        Server.awaitQueueDrained(management);

        JsonObject messageEvent = awaitEvent(message);
        JsonObject exceptionEvent = awaitEvent(exception);
        assertEquals(
                messageEvent.getString("checksum"),
                exceptionEvent.getString("checksum"),
                "one fingerprint, one checksum");
        long messageGroup = messageEvent.getJsonNumber("groupId").longValue();
        long exceptionGroup = exceptionEvent.getJsonNumber("groupId").longValue();
        assertNotEquals(messageGroup, exceptionGroup);
        assertEquals(
                messageGroup,
                awaitEvent(anotherMessage).getJsonNumber("groupId").longValue(),
                "the fingerprint does group events of one type");
        assertEquals("message", group(messageGroup).getString("type"));
        assertEquals(2, group(messageGroup).getInt("count"));
        assertEquals("exception", group(exceptionGroup).getString("type"));
        assertEquals(1, group(exceptionGroup).getInt("count"));
    }

    /** A key is a project's: another project's valid key does not open project 1 (docs/api.md: 401 native, 403 Sentry). */
    @Test
    void anotherProjectsKeyIsRefusedOnProject1AndNothingIsStored() {
        Reply created = LookoutClient.call("POST", "/api/admin/projects", "{\"name\": \"Other " + uniqueWord() + "\"}");
        assertEquals(201, created.status(), created.body());
        long other = created.json().getJsonNumber("id").longValue();
        String otherKey = created.json().getString("publicKey");
        String nativeId = newId();
        String sentryId = newId();

        Reply nativeReply = send(
                "1", otherKey, "{\"id\": \"" + nativeId + "\", \"type\": \"message\", \"message\": \"wrong door\"}");
        assertEquals(401, nativeReply.status(), nativeReply.body());
        assertTrue(nativeReply.header("WWW-Authenticate").orElse("").startsWith("Bearer"), nativeReply.body());
        Reply sentryReply = LookoutClient.execute(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(LookoutClient.BASE + "/api/1/store/"))
                        .header("X-Sentry-Auth", "Sentry sentry_version=7, sentry_key=" + otherKey)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"event_id\": \"" + sentryId + "\", \"message\": \"wrong door\"}")));
        assertEquals(403, sentryReply.status(), sentryReply.body());

        // the key is valid where it belongs
        String own = newId();
        assertEquals(
                202,
                send(
                                String.valueOf(other),
                                otherKey,
                                "{\"id\": \"" + own + "\", \"type\": \"message\", \"message\": \"right door\"}")
                        .status());
        assertEquals(
                own,
                await(
                        () -> {
                            Reply reply = get("/api/" + other + "/events/" + own);
                            return reply.status() == 200
                                    ? Optional.of(reply.json().getString("id"))
                                    : Optional.empty();
                        },
                        "the event sent with the key to its own project"));
        Server.awaitQueueDrained(management);
        for (String refused : List.of(nativeId, sentryId)) {
            assertEquals(404, get("/api/1/events/" + refused).status(), "not stored in project 1: " + refused);
            assertEquals(
                    404, get("/api/" + other + "/events/" + refused).status(), "nor in the key's project: " + refused);
        }
    }

    @Test
    void readingNeedsAUser() {
        Reply anonymous = get("/api/1/groups/1", null, null);
        assertEquals(401, anonymous.status());
        assertTrue(anonymous.header("WWW-Authenticate").orElse("").startsWith("Basic"));

        Reply wrongPassword = get("/api/1/groups/1", "admin", "not-the-password");
        assertEquals(401, wrongPassword.status());

        assertEquals(404, get("/api/1/events/" + newId()).status());
    }

    @Test
    void persistenceIsEclipseLinkOnTheConfiguredDatabase() {
        Reply system = get("/api/admin/system");
        assertEquals(200, system.status(), system.body());
        JsonObject json = system.json();
        assertTrue(json.getString("jpaProvider").startsWith("org.eclipse.persistence."), json.toString());
        assertTrue(json.getString("jpaProviderVersion").startsWith("4.0"), json.toString());
        assertEquals(System.getProperty("lookout.db", "h2"), json.getString("database"));
        assertEquals(
                "io.lookout.processors.message.MessageProcessor",
                json.getJsonObject("processors").getString("message"));
    }

    @Test
    void readyWhenDatabaseAndQueueAnswer() {
        Reply ready = get(LookoutClient.MANAGEMENT + "/health/ready", null, null);
        assertEquals(200, ready.status(), ready.body());
        JsonObject lookout = ready.json().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> check.getString("name").equals("lookout"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no lookout check in " + ready.body()));
        assertEquals("UP", lookout.getString("status"));
        assertEquals("UP", lookout.getJsonObject("data").getString("database"));
        assertEquals("UP", lookout.getJsonObject("data").getString("queue"));
    }
}
