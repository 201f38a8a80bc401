package io.lookout.ingest.sentry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.event.EventParser;
import io.lookout.event.IncomingEvent;
import io.lookout.event.Limits;
import io.lookout.event.TimestampWindow;
import io.lookout.processors.spi.ProcessedEvent;
import io.lookout.processors.spi.Processor;
import io.lookout.processors.spi.RawEvent;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SentryEventsTest {

    /** What the Sentry Java SDK sends for captureException of an IllegalStateException caused by an IOException. */
    private static final String JAVA_EXCEPTION = """
            {"event_id": "9ec79c33ec9942ab8353589fcb2e04dc", "timestamp": "2026-11-28T12:00:00.123Z",
             "platform": "java", "level": "error", "logger": "com.acme.Checkout",
             "release": "shop@1.2.3", "environment": "production", "server_name": "web-1",
             "transaction": "POST /checkout", "user": {"id": "42", "email": "ann@example.com"},
             "request": {"url": "https://shop.example.com/checkout?coupon=x#top", "method": "POST"},
             "tags": {"tenant": "acme", "project": "mine", "bad key!": "v"},
             "fingerprint": ["{{ default }}", "tenant-acme"],
             "contexts": {"trace": {"trace_id": "4bf92f3577b34da6a3ce929d0e0e4736", "span_id": "00f067aa0ba902b7"}},
             "exception": {"values": [
               {"type": "IOException", "module": "java.io", "value": "connection reset",
                "stacktrace": {"frames": [{"module": "com.acme.Gateway", "function": "call", "filename": "Gateway.java", "lineno": 7, "in_app": true}]}},
               {"type": "IllegalStateException", "module": "java.lang", "value": "payment failed",
                "mechanism": {"type": "UncaughtExceptionHandler", "handled": false},
                "stacktrace": {"frames": [
                  {"module": "java.lang.Thread", "function": "run", "filename": "Thread.java", "lineno": 840},
                  {"module": "com.acme.Checkout", "function": "pay", "filename": "Checkout.java", "lineno": 42, "in_app": true, "context_line": "x"}]}}]}}""";

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static JsonObject map(String text) {
        return SentryEvents.toNative(json(text), null);
    }

    @Test
    void anExceptionWithACauseBecomesANativeException() {
        JsonObject event = map(JAVA_EXCEPTION);
        assertEquals("exception", event.getString("type"));
        assertEquals("9ec79c33ec9942ab8353589fcb2e04dc", event.getString("id"));
        assertEquals("2026-11-28T12:00:00.123Z", event.getString("timestamp"));
        assertEquals("error", event.getString("level"));
        JsonObject data = event.getJsonObject("data");
        assertEquals("java.lang.IllegalStateException", data.getString("type"));
        assertEquals("payment failed", data.getString("value"));
        assertEquals(2, data.getJsonArray("frames").size());
        JsonObject crash = data.getJsonArray("frames").getJsonObject(1);
        assertEquals("com.acme.Checkout", crash.getString("module"));
        assertEquals("pay", crash.getString("function"));
        assertEquals("Checkout.java", crash.getString("filename"));
        assertEquals(42, crash.getInt("lineno"));
        assertTrue(crash.getBoolean("inApp"));
        assertFalse(data.getJsonArray("frames").getJsonObject(0).getBoolean("inApp"));
        assertEquals("java.io.IOException", data.getJsonObject("cause").getString("type"));
        assertEquals("connection reset", data.getJsonObject("cause").getString("value"));
        assertEquals(json(JAVA_EXCEPTION), data.getJsonObject("sentry"), "the original is kept whole");

        JsonObject tags = event.getJsonObject("tags");
        assertEquals("com.acme.Checkout", tags.getString("logger"));
        assertEquals("shop@1.2.3", tags.getString("release"));
        assertEquals("production", tags.getString("environment"));
        assertEquals("web-1", tags.getString("server"));
        assertEquals("POST /checkout", tags.getString("transaction"));
        assertEquals("42", tags.getString("user"));
        assertEquals("https://shop.example.com/checkout", tags.getString("url"));
        assertEquals("no", tags.getString("handled"));
        assertEquals("acme", tags.getString("tenant"));
        assertEquals("v", tags.getString("bad_key_"));
        assertFalse(tags.containsKey("project"), "the server sets project");
        assertEquals(
                List.of("{{ default }}", "tenant-acme"),
                event.getJsonArray("fingerprint").getValuesAs(jakarta.json.JsonString::getString));
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", event.getString("correlationId"));
    }

    @Test
    void aLogEntryWithParametersKeepsItsTemplate() {
        JsonObject event = map("""
                {"logentry": {"message": "User {0} failed login {1} times", "params": ["bob", 3],
                              "formatted": "User bob failed login 3 times"},
                 "logger": "com.acme.Login", "level": "warning", "tags": [["server", "web-2"], ["attempt", 3]]}""");
        assertEquals("message", event.getString("type"));
        assertEquals("User bob failed login 3 times", event.getString("message"));
        assertEquals("warning", event.getString("level"));
        JsonObject data = event.getJsonObject("data");
        assertEquals("User {0} failed login {1} times", data.getString("message"));
        assertEquals(List.of("bob", "3"), data.getJsonArray("params").getValuesAs(jakarta.json.JsonString::getString));
        assertEquals("com.acme.Login", data.getString("logger"));
        assertEquals("web-2", event.getJsonObject("tags").getString("server"));
        assertEquals("3", event.getJsonObject("tags").getString("attempt"));
        assertFalse(event.containsKey("id"), "no event_id: the edge generates one");
    }

    @Test
    void aPlainMessageStringOrFormattedMessageIsTheMessage() {
        assertEquals(
                "Cache warmed",
                map("{\"message\": \"Cache warmed\"}").getJsonObject("data").getString("message"));
        JsonObject javaSdk = map("{\"message\": {\"formatted\": \"Order 17 shipped\"}, \"level\": \"info\"}");
        assertEquals("Order 17 shipped", javaSdk.getJsonObject("data").getString("message"));
        assertFalse(javaSdk.getJsonObject("data").containsKey("params"));
        assertEquals(
                "<unlabeled event>", map("{\"tags\": {}}").getJsonObject("data").getString("message"));
    }

    @Test
    void aTypelessSyntheticExceptionIsAMessageGroupedByItsText() {
        // @sentry/node's captureMessage with attachStacktrace: the message, and an exception without a
        // type that only carries the stack trace
        JsonObject node = map("""
                {"message": "Payment provider timed out", "level": "warning", "platform": "node",
                 "exception": {"values": [{"value": "Payment provider timed out",
                   "stacktrace": {"frames": [{"filename": "/app/pay.js", "function": "charge", "lineno": 12, "in_app": true}]},
                   "mechanism": {"type": "generic", "handled": true, "synthetic": true}}]}}""");
        assertEquals("message", node.getString("type"));
        assertEquals("Payment provider timed out", node.getJsonObject("data").getString("message"));
        assertFalse(node.getJsonObject("tags").containsKey("handled"), "no exception, no handled tag");
        assertTrue(
                node.getJsonObject("data").getJsonObject("sentry").containsKey("exception"),
                "the original keeps the stack trace");

        JsonObject onlyException = map("""
                {"exception": {"values": [{"value": "Cache miss storm", "mechanism": {"synthetic": true}}]}}""");
        assertEquals("message", onlyException.getString("type"));
        assertEquals("Cache miss storm", onlyException.getJsonObject("data").getString("message"));

        JsonObject typed = map("""
                {"message": "ignored", "exception": {"values": [{"type": "Error", "value": "boom"}]}}""");
        assertEquals("exception", typed.getString("type"), "an exception with a type stays an exception");
    }

    @Test
    void fieldsLookoutCannotReadAreLeftToTheOriginal() {
        JsonObject event = map("""
                {"event_id": "not-an-id", "timestamp": "yesterday", "level": "loud",
                 "tags": {"long": "%s", "": "x", "n": null}, "fingerprint": [], "message": "m"}""".formatted("v".repeat(300)));
        assertFalse(event.containsKey("id"));
        assertFalse(event.containsKey("timestamp"));
        assertFalse(event.containsKey("level"));
        assertFalse(event.containsKey("fingerprint"));
        assertEquals(200, event.getJsonObject("tags").getString("long").length());
        assertTrue(event.getJsonObject("tags").isNull("n"));
        assertEquals(
                "2026-11-28T12:00Z",
                map("{\"timestamp\": \"2026-11-28T12:00:00\"}").getString("timestamp"));
        assertEquals(
                1.7e9, map("{\"timestamp\": 1.7e9}").getJsonNumber("timestamp").doubleValue());
        assertEquals(
                "0123456789abcdef0123456789abcdef",
                SentryEvents.toNative(json("{}"), "01234567-89ab-cdef-0123-456789abcdef")
                        .getString("id"));
    }

    @Test
    void anEventIdIsThirtyTwoHexDigitsOrAUuid() {
        assertTrue(SentryEvents.validEventId(null));
        assertTrue(SentryEvents.validEventId(JsonValue.NULL));
        assertTrue(SentryEvents.validEventId(Json.createValue("9EC79C33EC9942AB8353589FCB2E04DC")));
        assertTrue(SentryEvents.validEventId(Json.createValue("9ec79c33-ec99-42ab-8353-589fcb2e04dc")));
        assertFalse(SentryEvents.validEventId(Json.createValue(12)));
        assertFalse(SentryEvents.validEventId(Json.createValue("banana")));
        assertFalse(SentryEvents.validEventId(Json.createValue("9ec79c33ec9942ab8353589fcb2e04dz")));
        assertFalse(SentryEvents.validEventId(Json.createValue("9ec7-9c33ec9942ab8353589fcb2e04dc")));
        assertFalse(SentryEvents.validEventId(Json.createValue("")));
    }

    @Test
    void everyNumericTimestampGoesToTheParserWhichDatesItWhenOutsideTheWindow() throws Exception {
        assertEquals(-5, map("{\"timestamp\": -5}").getJsonNumber("timestamp").intValue());
        assertEquals(
                new java.math.BigDecimal("1e999"),
                map("{\"timestamp\": 1e999}").getJsonNumber("timestamp").bigDecimalValue());
    }

    @Test
    void aLongChainKeepsBothEnds() {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 120; i++) {
            values.append(i == 0 ? "" : ",").append("{\"type\": \"E").append(i).append("\"}");
        }
        JsonObject data = map("{\"exception\": {\"values\": [" + values + "]}}").getJsonObject("data");
        assertEquals("E119", data.getString("type"), "the thrown exception is the last value");
        JsonObject exception = data;
        int depth = 1;
        while (exception.containsKey("cause")) {
            if (exception.containsKey("causesOmitted")) {
                assertEquals(70, exception.getInt("causesOmitted"));
                assertEquals("E95", exception.getString("type"));
                assertEquals("E24", exception.getJsonObject("cause").getString("type"));
            }
            exception = exception.getJsonObject("cause");
            depth++;
        }
        assertEquals("E0", exception.getString("type"), "the root cause is kept");
        assertEquals(SentryEvents.MAX_CHAIN, depth);
    }

    @Test
    void aLargeOriginalLosesItsLargestFieldsFirst() {
        String breadcrumbs =
                "[" + "{\"message\": \"%s\"},".formatted("b".repeat(1000)).repeat(1100) + "{}]";
        JsonObject data = map("{\"message\": \"m\", \"release\": \"r\", \"breadcrumbs\": " + breadcrumbs + "}")
                .getJsonObject("data");
        assertTrue(data.toString().length() <= Limits.MAX_DATA_CHARS);
        assertEquals(
                List.of("breadcrumbs"),
                data.getJsonArray("sentryOmitted").getValuesAs(jakarta.json.JsonString::getString));
        assertEquals("r", data.getJsonObject("sentry").getString("release"));
        assertFalse(data.getJsonObject("sentry").containsKey("breadcrumbs"));
    }

    @Test
    void theMappedEventPassesTheNativeValidation() throws Exception {
        Processor any = new Processor() {
            public Set<String> types() {
                return Set.of("exception", "message");
            }

            public void validate(RawEvent event) {}

            public ProcessedEvent process(RawEvent event) {
                return ProcessedEvent.builder().checksumParts("x").build();
            }
        };
        EventParser parser = new EventParser(
                type -> Optional.of(any), () -> List.of("exception", "message"), 10, TimestampWindow.DEFAULT);
        IncomingEvent event = parser.parse(map(JAVA_EXCEPTION), Instant.now(), i -> "0".repeat(32))
                .get(0);
        assertEquals("exception", event.type());
        assertEquals("9ec79c33ec9942ab8353589fcb2e04dc", event.id());
        assertEquals(List.of("{{ default }}", "tenant-acme"), event.fingerprint());
        assertNull(event.summary());
    }
}
