package io.lookout.processors.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lookout.processors.spi.InvalidEventException;
import io.lookout.processors.spi.ProcessedEvent;
import io.lookout.processors.spi.RawEvent;
import io.lookout.processors.spi.testing.RawEventBuilder;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageProcessorTest {

    private final MessageProcessor processor = new MessageProcessor();

    private static RawEvent event(String dataJson) {
        return RawEventBuilder.event("message").data(dataJson).build();
    }

    private ProcessedEvent process(String dataJson) throws InvalidEventException {
        RawEvent event = event(dataJson);
        processor.validate(event);
        return processor.process(event);
    }

    @Test
    void templateWithParamsGroupsByTemplateAndFormatsTheSummary() throws Exception {
        ProcessedEvent bob = process("{\"message\": \"User %s failed login %d times\", \"params\": [\"bob\", 3]}");
        ProcessedEvent eve = process("{\"message\": \"User %s failed login %d times\", \"params\": [\"eve\", 12]}");

        assertEquals("User bob failed login 3 times", bob.message());
        assertEquals("User eve failed login 12 times", eve.message());
        assertEquals(bob.checksumParts(), eve.checksumParts());
    }

    @Test
    void slf4jAndJulPlaceholdersAreFormatted() throws Exception {
        assertEquals(
                "Order 7 shipped to Ann",
                process("{\"message\": \"Order {} shipped to {}\", \"params\": [7, \"Ann\"]}")
                        .message());
        assertEquals(
                "Ann: order 7",
                process("{\"message\": \"{1}: order {0}\", \"params\": [7, \"Ann\"]}")
                        .message());
        assertEquals(
                "100% of 3",
                process("{\"message\": \"100%% of %d\", \"params\": [3]}").message());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Connection to 10.0.0.12:5432 refused after 3 attempts | Connection to 10.1.7.9:5432 refused after 15 attempts",
                "User bob@example.com not found | User alice@shop.example.org not found",
                "Order 9ec79c33-ec99-42ab-8353-589fcb2e04dc failed | Order 0b7f1c2e-1111-4a2b-9c3d-abcdefabcdef failed",
                "Fetching https://api.example.com/items/123?x=1 timed out | Fetching https://api.example.com/items/9 timed out",
                "Job started at 2026-11-28T12:00:01Z | Job started at 2025-01-02T03:04:05.123+01:00",
                "Cannot parse 'abc' as a number | Cannot parse 'x y z' as a number",
                "Object at 0x7ffe12ab leaked | Object at 0xdeadbeef leaked",
                "Commit 3f2a9b7c4d5e6f70 rejected | Commit a1b2c3d4e5f60718 rejected",
            })
    void variablePartsDoNotSplitGroups(String first, String second) throws Exception {
        ProcessedEvent a =
                process(Json.createObjectBuilder().add("message", first).build().toString());
        ProcessedEvent b = process(
                Json.createObjectBuilder().add("message", second).build().toString());

        assertEquals(a.checksumParts(), b.checksumParts(), () -> a.checksumParts() + " vs " + b.checksumParts());
        assertEquals(first, a.message());
    }

    @Test
    void differentWordsAreDifferentGroups() throws Exception {
        assertNotEquals(
                process("{\"message\": \"Disk full on /var\"}").checksumParts(),
                process("{\"message\": \"Disk slow on /var\"}").checksumParts());
    }

    @Test
    void levelAndLoggerBecomeTags() throws Exception {
        ProcessedEvent defaults = process("{\"message\": \"hello\"}");
        assertEquals("info", defaults.tags().get("level"));

        RawEvent event = RawEventBuilder.event("message")
                .level("warning")
                .data(Json.createObjectBuilder()
                        .add("message", "hello")
                        .add("logger", "com.acme.Cart")
                        .build())
                .build();
        ProcessedEvent withLogger = processor.process(event);
        assertEquals("warning", withLogger.tags().get("level"));
        assertEquals("com.acme.Cart", withLogger.tags().get("logger"));
        assertEquals("com.acme.Cart", withLogger.culprit());
    }

    @Test
    void theEventMessageServesWhenDataHasNone() throws Exception {
        RawEvent event = RawEventBuilder.event("message")
                .message("Cache warmed in 35 ms")
                .build();
        processor.validate(event);
        ProcessedEvent result = processor.process(event);
        assertEquals("Cache warmed in 35 ms", result.message());
        assertEquals("Cache warmed in <num> ms", result.checksumParts().get(0));
    }

    @Test
    void invalidDataIsRejectedWithTheField() {
        assertEquals(
                "data.message",
                assertThrows(InvalidEventException.class, () -> process("{}")).field());
        assertEquals(
                "data.message",
                assertThrows(InvalidEventException.class, () -> process("{\"message\": 42}"))
                        .field());
        assertEquals(
                "data.message",
                assertThrows(InvalidEventException.class, () -> process("{\"message\": \"  \"}"))
                        .field());
        assertEquals(
                "data.params",
                assertThrows(InvalidEventException.class, () -> process("{\"message\": \"x\", \"params\": \"bob\"}"))
                        .field());
        assertEquals(
                "data.logger",
                assertThrows(InvalidEventException.class, () -> process("{\"message\": \"x\", \"logger\": 1}"))
                        .field());
    }
}
