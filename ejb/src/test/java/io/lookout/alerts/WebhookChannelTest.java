package io.lookout.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookChannelTest {

    private HttpServer server;
    private String base;
    private final CopyOnWriteArrayList<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger redirectTargetHits = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);

    record Received(
            String path,
            String contentType,
            String userAgent,
            String signature,
            String dispatch,
            String trigger,
            byte[] body) {}

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/ok", exchange -> answer(exchange, 204, ""));
        server.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", base + "/target");
            answer(exchange, 302, "moved");
        });
        server.createContext("/target", exchange -> {
            redirectTargetHits.incrementAndGet();
            answer(exchange, 200, "");
        });
        server.createContext("/error", exchange -> answer(exchange, 500, "x".repeat(300)));
        server.createContext("/missing", exchange -> answer(exchange, 404, "no such hook"));
        server.createContext("/limited", exchange -> answer(exchange, 429, "slow down"));
        server.createContext("/silent", exchange -> {
            record(exchange);
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private void answer(HttpExchange exchange, int status, String body) throws IOException {
        record(exchange);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private void record(HttpExchange exchange) throws IOException {
        var headers = exchange.getRequestHeaders();
        received.add(new Received(
                exchange.getRequestURI().getPath(),
                headers.getFirst("Content-Type"),
                headers.getFirst("User-Agent"),
                headers.getFirst("X-Lookout-Signature"),
                headers.getFirst("X-Lookout-Dispatch"),
                headers.getFirst("X-Lookout-Trigger"),
                exchange.getRequestBody().readAllBytes()));
    }

    private static String hmac(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    private static JsonObject parse(byte[] body) {
        return Json.createReader(new StringReader(new String(body, StandardCharsets.UTF_8)))
                .readObject();
    }

    private static WebhookChannel channel() {
        WebhookChannel channel = new WebhookChannel();
        channel.init();
        return channel;
    }

    @Test
    void jsonBodyHeadersAndSignature() throws Exception {
        channel().send(TestDigests.many(3), base + "/ok", "json", "s3cret-ä");

        assertEquals(1, received.size());
        Received request = received.get(0);
        assertEquals("application/json", request.contentType());
        assertEquals("Lookout-Alerts", request.userAgent());
        assertEquals("556", request.dispatch());
        assertEquals("regression", request.trigger());
        assertEquals("sha256=" + hmac("s3cret-ä", request.body()), request.signature());
        assertEquals(request.signature(), "sha256=" + WebhookChannel.signature("s3cret-ä", request.body()));

        JsonObject json = parse(request.body());
        assertEquals(556, json.getJsonNumber("dispatch").longValue());
        assertEquals("notifications", json.getString("kind"));
        assertEquals(3, json.getJsonObject("rule").getInt("id"));
        assertEquals("Checkout errors", json.getJsonObject("rule").getString("name"));
        assertEquals("regression", json.getString("trigger"));
        assertEquals(7, json.getJsonObject("project").getInt("id"));
        assertEquals("shop", json.getJsonObject("project").getString("slug"));
        assertEquals("Shop", json.getJsonObject("project").getString("name"));
        JsonObject group = json.getJsonObject("group");
        assertEquals(101, group.getInt("id"));
        assertEquals("error", group.getString("type"));
        assertEquals("Broken 1", group.getString("message"));
        assertEquals("app.Checkout in pay", group.getString("culprit"));
        assertEquals("error", group.getString("level"));
        assertEquals("unresolved", group.getString("status"));
        assertEquals(43, group.getInt("count"));
        assertEquals("2026-05-04T10:00:00Z", group.getString("firstSeen"));
        assertEquals("2026-05-04T10:30:15Z", group.getString("lastSeen"));
        assertEquals(TestDigests.PUBLIC_URL + "/group.xhtml?project=7&id=101", group.getString("url"));
        JsonObject event = json.getJsonObject("event");
        assertEquals("ev-1", event.getString("id"));
        assertEquals("production", event.getJsonObject("tags").getString("environment"));
        assertEquals(JsonValue.NULL, event.getJsonObject("tags").get("release"));
        assertFalse(json.containsKey("threshold"));
        assertFalse(json.containsKey("suppressed"));

        var notifications = json.getJsonArray("notifications");
        assertEquals(3, notifications.size());
        JsonObject second = notifications.getJsonObject(1);
        assertEquals("frequency", second.getString("trigger"));
        assertEquals(120, second.getJsonObject("threshold").getInt("events"));
        assertEquals(5, second.getJsonObject("threshold").getInt("minutes"));
        assertEquals(102, second.getJsonObject("group").getInt("id"));
        assertEquals("ev-2", second.getJsonObject("event").getString("id"));
        assertEquals("2026-05-04T10:31:15Z", second.getString("triggeredAt"));
    }

    @Test
    void suppressedHasNullGroupAndEventAndTheCount() throws Exception {
        channel().send(TestDigests.suppressed(), base + "/ok", "json", "k");
        JsonObject json = parse(received.get(0).body());
        assertEquals("suppressed", json.getString("kind"));
        assertEquals("suppressed", json.getString("trigger"));
        assertEquals("suppressed", received.get(0).trigger());
        assertEquals(17, json.getInt("suppressed"));
        assertEquals(JsonValue.NULL, json.get("group"));
        assertEquals(JsonValue.NULL, json.get("event"));
        assertEquals(0, json.getJsonArray("notifications").size());
    }

    @Test
    void slackBody() throws Exception {
        channel().send(TestDigests.one(), base + "/ok", "slack", "k");
        Received request = received.get(0);
        assertEquals("sha256=" + hmac("k", request.body()), request.signature());
        JsonObject json = parse(request.body());
        assertEquals(1, json.size());
        String text = json.getString("text");
        assertTrue(
                text.startsWith("*[shop] New group*: <" + TestDigests.PUBLIC_URL + "/group.xhtml?project=7&id=101|"
                        + "NullPointerException: &lt;script&gt;alert(1)&lt;/script&gt; &amp; more>"),
                text);
        assertFalse(text.contains("<script>"), text);
    }

    @Test
    void slackCapsTheLines() throws Exception {
        channel().send(TestDigests.many(25), base + "/ok", "slack", "k");
        String text = parse(received.get(0).body()).getString("text");
        assertEquals(
                20, text.lines().filter(line -> line.startsWith("*[shop] ")).count(), text);
        assertTrue(text.contains("… and 5 more"), text);
        assertTrue(text.contains("*[shop] 120 events in 5 minutes*: <"), text);
    }

    @Test
    void redirectIsNotFollowed() {
        DeliveryFailure failure = assertThrows(
                DeliveryFailure.class, () -> channel().send(TestDigests.one(), base + "/redirect", "json", "k"));
        assertFalse(failure.retryable());
        assertTrue(failure.getMessage().contains("302"), failure.getMessage());
        assertTrue(
                failure.getMessage().contains("redirects are not followed: Location " + base + "/target"),
                failure.getMessage());
        assertEquals(0, redirectTargetHits.get());
    }

    @Test
    void serverErrorIsRetryableAndQuotesTheBody() {
        DeliveryFailure failure = assertThrows(
                DeliveryFailure.class, () -> channel().send(TestDigests.one(), base + "/error", "json", "k"));
        assertTrue(failure.retryable());
        assertTrue(failure.getMessage().contains("500"), failure.getMessage());
        assertTrue(failure.getMessage().contains("x".repeat(200)), failure.getMessage());
        assertFalse(failure.getMessage().contains("x".repeat(201)), failure.getMessage());
    }

    @Test
    void tooManyRequestsIsRetryable() {
        DeliveryFailure failure = assertThrows(
                DeliveryFailure.class, () -> channel().send(TestDigests.one(), base + "/limited", "json", "k"));
        assertTrue(failure.retryable());
        assertTrue(failure.getMessage().contains("429"), failure.getMessage());
    }

    @Test
    void notFoundIsNotRetryable() {
        DeliveryFailure failure = assertThrows(
                DeliveryFailure.class, () -> channel().send(TestDigests.one(), base + "/missing", "json", "k"));
        assertFalse(failure.retryable());
        assertTrue(failure.getMessage().contains("404"), failure.getMessage());
        assertTrue(failure.getMessage().contains("no such hook"), failure.getMessage());
    }

    @Test
    void silentServerTimesOutRetryable() {
        long start = System.nanoTime();
        DeliveryFailure failure = assertThrows(
                DeliveryFailure.class,
                () -> new WebhookChannel(Duration.ofSeconds(1)).send(TestDigests.one(), base + "/silent", "json", "k"));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(failure.retryable(), failure.getMessage());
        assertTrue(millis < 5000, "took " + millis + " ms");
        assertEquals(1, received.size());
    }

    @Test
    void connectionRefusedIsRetryable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        DeliveryFailure failure = assertThrows(
                DeliveryFailure.class,
                () -> channel().send(TestDigests.one(), "http://127.0.0.1:" + port + "/hook", "json", "k"));
        assertTrue(failure.retryable(), failure.getMessage());
        assertTrue(failure.getMessage().contains("127.0.0.1:" + port), failure.getMessage());
    }

    @Test
    void onlyHttpUrls() {
        DeliveryFailure failure = assertThrows(
                DeliveryFailure.class, () -> channel().send(TestDigests.one(), "ftp://127.0.0.1/hook", "json", "k"));
        assertFalse(failure.retryable());
        assertThrows(DeliveryFailure.class, () -> channel().send(TestDigests.one(), "not a url", "json", "k"));
        assertTrue(received.isEmpty());
    }

    @Test
    void signatureIsLowerCaseHex() {
        // RFC 4231 test case 2
        assertEquals(
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                WebhookChannel.signature("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)));
    }
}
