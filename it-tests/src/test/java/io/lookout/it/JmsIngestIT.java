package io.lookout.it;

import static io.lookout.it.LookoutClient.awaitEvent;
import static io.lookout.it.LookoutClient.group;
import static io.lookout.it.LookoutClient.newId;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.it.LookoutClient.Reply;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Messages put on the event queue directly, as an enterprise application does: processed like
 * REST events, idempotent on event id, and the unusable ones dead-lettered with their reason.
 */
class JmsIngestIT extends LookoutIT {

    @Deployment(name = "probe", order = 2, testable = false)
    static WebArchive probe() {
        return Server.queueProbe();
    }

    private static Reply enqueue(String body, String project, String key, String kind, String testCase) {
        StringBuilder query = new StringBuilder("kind=" + kind + "&testCase=" + testCase);
        if (project != null) {
            query.append("&project=").append(project);
        }
        if (key != null) {
            query.append("&key=").append(URLEncoder.encode(key, StandardCharsets.UTF_8));
        }
        Reply reply = LookoutClient.execute(
                HttpRequest.newBuilder(URI.create(LookoutClient.BASE + "/queue-probe/send?" + query))
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(200, reply.status(), reply.body());
        return reply;
    }

    private static Reply enqueue(String body) {
        return enqueue(body, "1", LookoutClient.PROJECT_KEY, "text", newId());
    }

    @Test
    void aMessageOnTheQueueIsProcessed() {
        String id = newId();
        String message = "Nightly export failed " + uniqueWord();
        // one event with an id, one without: both are stored in one group
        enqueue("""
                [{"id": "%1$s", "type": "message", "message": "%2$s", "tags": {"server": "batch-1"}},
                 {"type": "message", "message": "%2$s"}]""".formatted(id, message));
        Server.awaitQueueDrained(management);

        var event = awaitEvent(id);
        assertEquals("batch-1", event.getJsonObject("tags").getString("server"));
        assertEquals(2, group(event.getJsonNumber("groupId").longValue()).getInt("count"));
    }

    @Test
    void anEventIdSeenBeforeIsNotCountedAgain() {
        String id = newId();
        String single = """
                {"id": "%s", "type": "message", "message": "Ledger mismatch %s"}""".formatted(id, uniqueWord());
        enqueue(single);
        enqueue(single);
        LookoutClient.send(single);
        Server.awaitQueueDrained(management);

        assertEquals(
                1, group(awaitEvent(id).getJsonNumber("groupId").longValue()).getInt("count"));
    }

    @Test
    void unusableMessagesAreDeadLetteredWithTheirReason() {
        String event = "{\"type\": \"message\", \"message\": \"x\"}";
        String wrongKey = newId();
        String unknownProject = newId();
        String malformed = newId();
        String invalid = newId();
        String bytes = newId();
        enqueue(event, "1", "0000000000000000000000000000dead", "text", wrongKey);
        enqueue(event, "4711", LookoutClient.PROJECT_KEY, "text", unknownProject);
        enqueue("{\"type\": ", "1", LookoutClient.PROJECT_KEY, "text", malformed);
        enqueue(
                "{\"type\": \"message\", \"data\": {\"message\": 42}}",
                "1",
                LookoutClient.PROJECT_KEY,
                "text",
                invalid);
        enqueue(event, "1", LookoutClient.PROJECT_KEY, "bytes", bytes);
        Server.awaitQueueDrained(management);

        List<ModelNode> dead = Server.deadLetters(management);
        assertReason(dead, wrongKey, "public key");
        assertReason(dead, unknownProject, "no project");
        assertReason(dead, malformed, "malformed JSON");
        assertReason(dead, invalid, "data.message must be a string");
        assertReason(dead, bytes, "TextMessage");
    }

    private static void assertReason(List<ModelNode> deadLetters, String testCase, String reason) {
        ModelNode message = deadLetters.stream()
                .filter(m ->
                        m.hasDefined("testCase") && m.get("testCase").asString().equals(testCase))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no dead letter for " + testCase + " in " + deadLetters));
        String error = message.get("lookoutError").asString();
        assertTrue(error.contains(reason), error);
    }
}
