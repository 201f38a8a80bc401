package io.lookout.it.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.TextMessage;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.UUID;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Lookout server on an external ActiveMQ Artemis broker (configured as {@code configure.sh} does
 * with {@code LOOKOUT_BROKER_URL}): events flow through the broker's queue, a message that can never
 * be stored ends on the broker's dead-letter queue with its reason, and the queue-depth metric says
 * it is not available here instead of failing.
 */
class RemoteBrokerIT {

    private static final int PORT_OFFSET = Integer.getInteger("lookout.port-offset", 0) + 110;
    private static final int PRIMARY_PORT = 61721;

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
    void eventsFlowThroughTheBrokerAndAPoisonMessageEndsInItsDeadLetterQueue() throws Exception {
        brokers = BrokerPair.prepare("remote", PRIMARY_PORT, PRIMARY_PORT + 1, "");
        brokers.start("primary");
        server = ServerProcess.prepare("broker-remote", PORT_OFFSET)
                .remoteBroker(brokers.urls())
                .start();
        Api api = new Api(server);
        String configuration =
                Files.readString(server.dataDir().getParent().resolve("configuration/standalone-full.xml"));
        assertFalse(configuration.contains("<server name=\"default\""), "the embedded broker is gone");

        List<String> ids = new ArrayList<>();
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 50; i++) {
            String id = UUID.randomUUID().toString().replace("-", "");
            ids.add(id);
            batch.append(i == 0 ? "" : ",").append("""
                    {"id": "%s", "type": "message", "message": "remote broker %s"}""".formatted(id, "abcde".charAt(i % 5)));
        }
        Api.Reply sent = api.send(batch.append("]").toString());
        assertEquals(202, sent.status(), sent.body());
        for (String id : ids) {
            ServerProcess.await(
                    () -> api.get("/api/1/events/" + id).status() == 200 ? true : null,
                    Duration.ofSeconds(120),
                    "event " + id + " stored");
        }

        // a message with a wrong key, sent straight to the broker as a remote sender would: the
        // consumer moves it to the broker's dead-letter queue with its reason
        ActiveMQConnectionFactory broker = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + PRIMARY_PORT);
        String poisonId;
        try (JMSContext jms = broker.createContext("lookout", "lookout")) {
            Queue events = jms.createQueue("LookoutEvents");
            TextMessage poison = jms.createTextMessage("{\"message\": \"poison\"}");
            poison.setStringProperty("lookoutProject", "1");
            poison.setStringProperty("lookoutKey", "0000000000000000000000000000dead");
            jms.createProducer().send(events, poison);
            poisonId = poison.getJMSMessageID();
        }
        String reason = ServerProcess.await(
                () -> {
                    try (JMSContext jms = broker.createContext("lookout", "lookout");
                            QueueBrowser browser = jms.createBrowser(jms.createQueue("LookoutEventsDLQ"))) {
                        for (Message letter : Collections.list((Enumeration<Message>) browser.getEnumeration())) {
                            if (poisonId.equals(letter.getStringProperty("lookoutOriginalMessageId"))) {
                                return letter.getStringProperty("lookoutError");
                            }
                        }
                        return null;
                    } catch (jakarta.jms.JMSException e) {
                        throw new IllegalStateException(e);
                    }
                },
                Duration.ofSeconds(60),
                "the poison message on the broker's dead-letter queue");
        assertTrue(reason.contains("key"), "the reason names the key: " + reason);
        Api.Reply letters = api.get("/api/admin/dead-letters?limit=10");
        assertEquals(200, letters.status(), letters.body());
        JsonObject listed = letters.json().getJsonArray("messages").getValuesAs(JsonObject.class).stream()
                .filter(letter -> poisonId.equals(letter.getString("messageId")))
                .findFirst()
                .orElse(null);
        assertNotNull(listed, "the admin API lists the broker's dead letter: " + letters.body());

        // the queue depth is the broker's to tell: the metric says so once, readiness stays UP
        Api.Reply metrics = fetch(server.managementUrl() + "/prometheus");
        assertEquals(200, metrics.status());
        assertTrue(metrics.body().contains("lookout_queue_depth"), "the gauge exists");
        assertTrue(Files.readString(server.log()).contains("LOOKOUT0134"), "the log says why the depth is missing");
        Api.Reply ready = fetch(server.managementUrl() + "/health/ready");
        assertEquals(200, ready.status(), ready.body());
    }

    private static Api.Reply fetch(String url) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        return new Api.Reply(response.statusCode(), response.body());
    }
}
