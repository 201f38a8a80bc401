package io.lookout.it;

import static io.lookout.it.LookoutClient.await;
import static io.lookout.it.LookoutClient.awaitEvent;
import static io.lookout.it.LookoutClient.get;
import static io.lookout.it.LookoutClient.group;
import static io.lookout.it.LookoutClient.newId;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.it.LookoutClient.Reply;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An enterprise application outside Lookout's server sends events over JMS, exactly as
 * docs/clients.md tells it to: JNDI over http-remoting, {@code jms/RemoteConnectionFactory},
 * {@code jms/queue/lookout/events}, an application user with the role {@code lookout-sender}
 * (created by the build with add-user.sh), a TextMessage with {@code lookoutProject} and
 * {@code lookoutKey}.
 */
class RemoteJmsIT extends LookoutIT {

    private static final String USER = System.getProperty("lookout.it.sender-user", "it-sender");
    private static final String PASSWORD = System.getProperty("lookout.it.sender-password", "It-sender-pw-1!");

    private static InitialContext jndi;
    private static ConnectionFactory connectionFactory;
    private static Queue queue;

    @BeforeAll
    static void lookUp() throws NamingException {
        jndi = remoteContext(USER, PASSWORD);
        connectionFactory = (ConnectionFactory) jndi.lookup("jms/RemoteConnectionFactory");
        queue = (Queue) jndi.lookup("jms/queue/lookout/events");
    }

    @AfterAll
    static void close() throws NamingException {
        if (jndi != null) {
            jndi.close();
        }
    }

    static InitialContext remoteContext(String user, String password) throws NamingException {
        Properties env = new Properties();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "org.wildfly.naming.client.WildFlyInitialContextFactory");
        env.put(Context.PROVIDER_URL, "http-remoting://127.0.0.1:" + (8080 + LookoutClient.PORT_OFFSET));
        env.put(Context.SECURITY_PRINCIPAL, user);
        env.put(Context.SECURITY_CREDENTIALS, password);
        return new InitialContext(env);
    }

    /** Sends as a remote application does; answers the JMS message id. */
    private static String send(String body, String project, String key) {
        try (JMSContext jms = connectionFactory.createContext(USER, PASSWORD)) {
            TextMessage message = jms.createTextMessage(body);
            message.setStringProperty("lookoutProject", project);
            message.setStringProperty("lookoutKey", key);
            jms.createProducer().send(queue, message);
            return message.getJMSMessageID();
        } catch (jakarta.jms.JMSException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void eventsFromARemoteApplicationAreGrouped() {
        String first = newId();
        String second = newId();
        String word = uniqueWord();
        // an array in one message, then a single event in another: one group of three
        send("""
                [{"id": "%s", "type": "message", "level": "error", "tags": {"server": "erp-1"},
                  "data": {"message": "Invoice %%s could not be booked %s", "params": ["INV-1"], "logger": "com.acme.erp.Booking"}},
                 {"type": "message", "data": {"message": "Invoice %%s could not be booked %s", "params": ["INV-2"]}}]""".formatted(first, word, word), "1", LookoutClient.PROJECT_KEY);
        send("""
                {"id": "%s", "type": "message", "data": {"message": "Invoice %%s could not be booked %s", "params": ["INV-3"]}}""".formatted(second, word), "1", LookoutClient.PROJECT_KEY);

        JsonObject event = awaitEvent(first);
        assertEquals("erp-1", event.getJsonObject("tags").getString("server"));
        assertEquals("com.acme.erp.Booking", event.getJsonObject("tags").getString("logger"));
        assertEquals("Invoice INV-1 could not be booked " + word, event.getString("message"));
        long groupId = event.getJsonNumber("groupId").longValue();
        assertEquals(groupId, awaitEvent(second).getJsonNumber("groupId").longValue());
        Server.awaitQueueDrained(management);
        assertEquals(3, group(groupId).getInt("count"));
    }

    @Test
    void aBadKeyAndAnUnparseableMessageAreDeadLetteredAndListed() {
        String badKey = send(
                "{\"type\": \"message\", \"message\": \"remote bad key\"}", "1", "0000000000000000000000000000dead");
        String unparseable = send("{\"type\": \"message\", \"message\": ", "1", LookoutClient.PROJECT_KEY);

        JsonObject badKeyLetter = awaitDeadLetter(badKey);
        assertTrue(badKeyLetter.getString("error").contains("public key"), badKeyLetter.toString());
        assertEquals("1", badKeyLetter.getString("project"));
        assertTrue(badKeyLetter.getString("body").contains("remote bad key"), badKeyLetter.toString());
        assertFalse(badKeyLetter.isNull("receivedAt"));
        assertFalse(badKeyLetter.toString().contains("0000000000000000000000000000dead"), "the key is not shown");

        JsonObject unparseableLetter = awaitDeadLetter(unparseable);
        assertTrue(unparseableLetter.getString("error").contains("malformed JSON"), unparseableLetter.toString());
        assertEquals("{\"type\": \"message\", \"message\": ", unparseableLetter.getString("body"));

        // neither is retried: a retry would come after the queue's redelivery delay, and would leave a
        // second copy on the dead-letter queue and a second log line (or a failed store) for the message
        Server.awaitQueueDrained(management);
        sleep(3 * Server.redeliveryDelayMillis(management));
        for (String id : List.of(badKey, unparseable)) {
            List<ModelNode> copies = Server.deadLetters(management).stream()
                    .filter(m -> id.equals(m.get("lookoutOriginalMessageId").asStringOrNull()))
                    .toList();
            assertEquals(1, copies.size(), "one copy of " + id + " on the dead-letter queue: " + copies);
            assertTrue(
                    copies.get(0).get("lookoutError").isDefined(),
                    "moved by Lookout at once, not by the broker after retries");
            List<String> log = Server.serverLog().stream()
                    .filter(line -> line.contains(id))
                    .toList();
            assertEquals(
                    1, log.stream().filter(line -> line.contains("LOOKOUT0010")).count(), "dead-lettered once: " + log);
            assertEquals(
                    0,
                    log.stream().filter(line -> line.contains("LOOKOUT0011")).count(),
                    "never rolled back for redelivery: " + log);
        }
        assertEquals(0, Server.eventQueueDepth(management), "nothing waits for redelivery");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void theDeadLetterListIsForAdminsAndCutsLongBodies() {
        String longBody = "[" + "{\"type\": \"message\", \"message\": \"x\"},".repeat(300) + "{\"type\": 7}]";
        String id = send(longBody, "1", LookoutClient.PROJECT_KEY);
        JsonObject letter = awaitDeadLetter(id);
        assertTrue(letter.getBoolean("bodyTruncated"));
        assertEquals(2000, letter.getString("body").length());
        assertTrue(letter.getString("error").contains("[300].type must be a string"), letter.getString("error"));

        assertEquals(401, get("/api/admin/dead-letters", null, null).status());
        String member = LookoutClient.newMemberOfProject1();
        assertEquals(
                200,
                get("/api/1/groups", member, LookoutClient.MEMBER_PASSWORD).status(),
                "the member reads project 1");
        Reply asMember = get("/api/admin/dead-letters", member, LookoutClient.MEMBER_PASSWORD);
        assertEquals(403, asMember.status(), asMember.body());
        assertFalse(asMember.body().contains(letter.getString("messageId")), "nothing of the list for a member");
        assertEquals(400, get("/api/admin/dead-letters?limit=0").status());
    }

    @Test
    void aUserWithoutTheSenderRoleCannotSend() throws NamingException {
        String outsider = System.getProperty("lookout.it.outsider-user", "it-outsider");
        String password = System.getProperty("lookout.it.outsider-password", "It-outsider-pw-1!");
        InitialContext context = remoteContext(outsider, password);
        try {
            ConnectionFactory factory = (ConnectionFactory) context.lookup("jms/RemoteConnectionFactory");
            Queue events = (Queue) context.lookup("jms/queue/lookout/events");
            JMSRuntimeException refused = assertThrows(JMSRuntimeException.class, () -> {
                try (JMSContext jms = factory.createContext(outsider, password)) {
                    jms.createProducer()
                            .setProperty("lookoutProject", "1")
                            .setProperty("lookoutKey", LookoutClient.PROJECT_KEY)
                            .send(events, "{\"type\": \"message\", \"message\": \"should not arrive\"}");
                }
            });
            assertTrue(String.valueOf(refused.getMessage()).contains("permission"), refused.toString());
        } finally {
            context.close();
        }
        assertThrows(
                JMSRuntimeException.class,
                () -> connectionFactory.createContext(USER, "wrong password").close());
    }

    /** Polls the admin API until the message with this original id is on the dead-letter list. */
    private static JsonObject awaitDeadLetter(String messageId) {
        return await(
                () -> {
                    Reply reply = get("/api/admin/dead-letters?limit=1000");
                    assertEquals(200, reply.status(), reply.body());
                    List<JsonObject> messages =
                            reply.json().getJsonArray("messages").getValuesAs(JsonObject.class);
                    return messages.stream()
                            .filter(m -> m.getString("messageId").equals(messageId))
                            .findFirst()
                            .map(Optional::of)
                            .orElse(Optional.empty());
                },
                "message " + messageId + " on the dead-letter list");
    }
}
