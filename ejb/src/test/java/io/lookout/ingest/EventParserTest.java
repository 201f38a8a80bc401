package io.lookout.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.processors.spi.InvalidEventException;
import io.lookout.processors.spi.ProcessedEvent;
import io.lookout.processors.spi.Processor;
import io.lookout.processors.spi.RawEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventParserTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-28T10:00:00Z");

    /** Accepts type "note" when data.text is a string. */
    private static final Processor NOTE = new Processor() {
        public Set<String> types() {
            return Set.of("note");
        }

        public void validate(RawEvent event) throws InvalidEventException {
            if (!event.data().containsKey("text")) {
                throw new InvalidEventException("data.text", "is required");
            }
        }

        public ProcessedEvent process(RawEvent event) {
            return ProcessedEvent.builder().checksumParts("x").message("x").build();
        }
    };

    private final EventParser parser = new EventParser(
            type -> "note".equals(type) ? Optional.of(NOTE) : Optional.empty(), () -> List.of("note"), 3);

    private List<IncomingEvent> parse(String body) throws IngestException {
        return parser.parse(body, RECEIVED, index -> "%032x".formatted(index + 10));
    }

    private IngestException reject(String body) {
        return assertThrows(IngestException.class, () -> parse(body));
    }

    @Test
    void aFullEventIsRead() throws Exception {
        IncomingEvent event = parse("""
                {"id": "9EC79C33-EC99-42AB-8353-589FCB2E04DC", "type": "note", "timestamp": "2026-11-28T12:00:00+01:00",
                 "message": "hello", "level": "WARN", "tags": {"url": "/a", "n": 3, "ok": true, "gone": null},
                 "data": {"text": "t"}, "timeSpent": 12.5, "correlationId": "req-1", "fingerprint": ["{{ default }}", "x"],
                 "unknownField": "ignored"}""").get(0);

        assertEquals("9ec79c33ec9942ab8353589fcb2e04dc", event.id());
        assertEquals(Instant.parse("2026-11-28T11:00:00Z"), event.timestamp());
        assertEquals("warning", event.severity());
        assertEquals("3", event.tags().get("n"));
        assertEquals("true", event.tags().get("ok"));
        assertTrue(event.tags().containsKey("gone"));
        assertNull(event.tags().get("gone"));
        assertEquals(12.5, event.duration());
        assertEquals(List.of("{{ default }}", "x"), event.fingerprint());
    }

    @Test
    void defaultsFillWhatIsAbsent() throws Exception {
        List<IncomingEvent> events = parse("[{\"type\": \"note\", \"data\": {\"text\": \"a\"}}, {\"type\": \"note\", \"data\": {\"text\": \"b\"}}]");
        assertEquals("0000000000000000000000000000000a", events.get(0).id());
        assertEquals("0000000000000000000000000000000b", events.get(1).id());
        assertEquals(RECEIVED, events.get(0).timestamp());
        assertTrue(events.get(0).tags().isEmpty());
        assertTrue(events.get(0).timeSpent().isEmpty());
    }

    @Test
    void epochSecondsAreAccepted() throws Exception {
        assertEquals(Instant.parse("2026-11-28T12:00:00.250Z"),
                parse("{\"type\": \"note\", \"data\": {\"text\": \"a\"}, \"timestamp\": 1795867200.25}").get(0).timestamp());
    }

    @Test
    void theQueuedFormReadsBackTheSame() throws Exception {
        IncomingEvent event = parse("""
                {"type": "note", "message": "m", "level": "error", "tags": {"a": "1", "b": null},
                 "data": {"text": "t"}, "timeSpent": 3, "correlationId": "c", "fingerprint": ["f"]}""").get(0);
        IncomingEvent again = parse(event.toJson().toString()).get(0);
        assertEquals(event, again);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"type\": \"note\"}                                            | data.text",
        "{\"data\": {\"text\": \"a\"}}                                   | type",
        "{\"type\": \"other\", \"data\": {\"text\": \"a\"}}              | type",
        "{\"type\": \"Note!\", \"data\": {\"text\": \"a\"}}              | type",
        "{\"type\": \"note\", \"data\": {\"text\": \"a\"}, \"id\": \"12\"}           | id",
        "{\"type\": \"note\", \"data\": {\"text\": \"a\"}, \"timestamp\": \"noon\"}  | timestamp",
        "{\"type\": \"note\", \"data\": {\"text\": \"a\"}, \"timestamp\": \"+99999-01-01T00:00:00Z\"} | timestamp",
        "{\"type\": \"note\", \"data\": {\"text\": \"a\"}, \"level\": \"loud\"}      | level",
        "{\"type\": \"note\", \"data\": {\"text\": \"a\"}, \"tags\": {\"a b\": \"x\"}} | tags.a b",
        "{\"type\": \"note\", \"data\": {\"text\": \"a\"}, \"tags\": {\"type\": \"x\"}} | tags.type",
        "{\"type\": \"note\", \"data\": {\"text\": \"a\"}, \"tags\": {\"a\": [1]}}   | tags.a",
        "{\"type\": \"note\", \"data\": [1]}                             | data",
        "{\"type\": \"note\", \"data\": {\"text\": \"a\"}, \"timeSpent\": -0.5}      | timeSpent",
        "{\"type\": \"note\", \"data\": {\"text\": \"a\"}, \"fingerprint\": []}      | fingerprint",
        "{\"type\": \"note\", \"data\": {\"text\": \"a\"}, \"fingerprint\": [{}]}    | fingerprint[0]",
        "{\"type\": \"note\", \"data\": {\"text\": \"a\"}, \"correlationId\": 7}     | correlationId",
        "[{\"type\": \"note\", \"data\": {\"text\": \"a\"}}, {\"type\": \"note\"}]    | [1].data.text",
        "[{\"type\": \"note\", \"data\": {\"text\": \"a\"}}, 5]          | [1]",
    })
    void eachProblemNamesItsField(String body, String field) {
        IngestException problem = reject(body);
        assertEquals(400, problem.status());
        assertEquals(field, problem.field(), problem.describe());
    }

    @Test
    void anUnknownTypeIsNamedWithTheKnownOnes() {
        assertEquals("type 'other' has no processor; known types: note",
                reject("{\"type\": \"other\"}").describe());
    }

    @Test
    void bodyLevelProblemsHaveNoField() {
        assertTrue(reject("{\"type\": ").describe().startsWith("malformed JSON at line 1"));
        assertNull(reject("[]").field());
        assertNull(reject("\"text\"").field());
        String four = "[" + "{\"type\": \"note\", \"data\": {\"text\": \"a\"}},".repeat(3) + "{\"type\": \"note\", \"data\": {\"text\": \"a\"}}]";
        assertTrue(reject(four).describe().contains("at most 3"));
    }

    @Test
    void overlongValuesAreRejected() {
        assertEquals("tags.k", reject("{\"type\": \"note\", \"data\": {\"text\": \"a\"}, \"tags\": {\"k\": \"" + "v".repeat(201) + "\"}}").field());
        assertEquals("message", reject("{\"type\": \"note\", \"data\": {\"text\": \"a\"}, \"message\": \"" + "m".repeat(8193) + "\"}").field());
    }
}
