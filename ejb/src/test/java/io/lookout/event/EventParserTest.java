package io.lookout.event;

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

    private static final Instant RECEIVED = Instant.parse("2026-11-28T12:30:00Z");

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
            type -> "note".equals(type) ? Optional.of(NOTE) : Optional.empty(),
            () -> List.of("note"),
            3,
            TimestampWindow.DEFAULT);

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
        List<IncomingEvent> events = parse(
                "[{\"type\": \"note\", \"data\": {\"text\": \"a\"}}, {\"type\": \"note\", \"data\": {\"text\": \"b\"}}]");
        assertEquals("0000000000000000000000000000000a", events.get(0).id());
        assertEquals("0000000000000000000000000000000b", events.get(1).id());
        assertEquals(RECEIVED, events.get(0).timestamp());
        assertTrue(events.get(0).tags().isEmpty());
        assertTrue(events.get(0).timeSpent().isEmpty());
    }

    @Test
    void epochSecondsAreAccepted() throws Exception {
        assertEquals(
                Instant.parse("2026-11-28T12:00:00.250Z"),
                parse("{\"type\": \"note\", \"data\": {\"text\": \"a\"}, \"timestamp\": 1795867200.25}")
                        .get(0)
                        .timestamp());
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
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"type\": \"note\"}                                            | data.text",
                "{\"data\": {\"text\": \"a\"}}                                   | type",
                "{\"type\": \"other\", \"data\": {\"text\": \"a\"}}              | type",
                "{\"type\": \"Note!\", \"data\": {\"text\": \"a\"}}              | type",
                "{\"type\": \"note\", \"data\": {\"text\": \"a\"}, \"id\": \"12\"}           | id",
                "{\"type\": \"note\", \"data\": {\"text\": \"a\"}, \"timestamp\": \"noon\"}  | timestamp",
                "{\"type\": \"note\", \"data\": {\"text\": \"a\"}, \"timestamp\": [1]}  | timestamp",
                "{\"type\": \"note\", \"data\": {\"text\": \"a\"}, \"id\": \"banana\"}       | id",
                "{\"type\": \"note\", \"data\": {\"text\": \"a\"}, \"id\": 12}             | id",
                "{\"type\": \"note\", \"data\": {\"text\": \"a\"}, \"id\": \"9ec7-9c33ec9942ab8353589fcb2e04dc\"} | id",
                "{\"type\": \"note\", \"data\": {\"text\": \"a\"}, \"id\": \"9ec79c33ec9942ab8353589fcb2e04dz\"} | id",
                "{\"type\": \"note\", \"data\": {\"text\": \"a\"}, \"timeSpent\": 1e400} | timeSpent",
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
        assertEquals(
                "type 'other' has no processor; known types: note",
                reject("{\"type\": \"other\"}").describe());
    }

    @Test
    void bodyLevelProblemsHaveNoField() {
        assertTrue(reject("{\"type\": ").describe().startsWith("malformed JSON at line 1"));
        assertNull(reject("[]").field());
        assertNull(reject("\"text\"").field());
        String four = "[" + "{\"type\": \"note\", \"data\": {\"text\": \"a\"}},".repeat(3)
                + "{\"type\": \"note\", \"data\": {\"text\": \"a\"}}]";
        assertTrue(reject(four).describe().contains("at most 3"));
    }

    @Test
    void overlongValuesAreRejected() {
        assertEquals(
                "tags.k",
                reject("{\"type\": \"note\", \"data\": {\"text\": \"a\"}, \"tags\": {\"k\": \"" + "v".repeat(201)
                                + "\"}}")
                        .field());
        assertEquals(
                "message",
                reject("{\"type\": \"note\", \"data\": {\"text\": \"a\"}, \"message\": \"" + "m".repeat(8193) + "\"}")
                        .field());
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "{\"type\": \"note\", \"data\": {\"text\": \"a\"}}xyz                | trailing content",
                "{\"type\": \"note\", \"data\": {\"text\": \"a\"}}{\"type\": \"note\"} | trailing content",
                "{\"type\": \"note\", \"data\": {\"text\": \"a\"}} ,                 | trailing content",
                "{\"type\": \"note\", \"type\": \"note\", \"data\": {\"text\": \"a\"}} | Duplicate key 'type'",
                "{\"type\": \"note\", \"data\": {\"text\": NaN}}                   | Unexpected char",
                "\uFEFF{\"type\": \"note\", \"data\": {\"text\": \"a\"}}             | Unexpected char",
                "``                                                                   | no JSON value",
            })
    void onlyOneWellFormedValueIsRead(String body, String reason) {
        IngestException problem = reject(body);
        assertEquals(400, problem.status());
        assertNull(problem.field());
        assertTrue(problem.describe().startsWith("malformed JSON"), problem.describe());
        assertTrue(problem.describe().contains(reason), problem.describe());
    }

    @Test
    void deepNestingIsRefusedWithoutOverflowingTheStack() {
        String deep = "{\"type\": \"note\", \"data\": {\"text\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}}";
        IngestException problem = reject(deep);
        assertTrue(problem.describe().contains("too deeply nested"), problem.describe());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "\"1970-01-01T00:00:00Z\"",
                "\"9999-12-31T23:59:59Z\"",
                "\"+99999-01-01T00:00:00Z\"",
                "0",
                "-86400",
                "1e999999999",
                "-1e999999999",
                "\"2026-10-29T12:29:59Z\"",
                "\"2026-11-28T12:31:01Z\"",
            })
    void aTimestampOutsideTheWindowIsTheReceivedTimeAndKeptInTheData(String sent) throws Exception {
        IncomingEvent event = parse("{\"type\": \"note\", \"data\": {\"text\": \"a\"}, \"timestamp\": " + sent + "}")
                .get(0);
        assertEquals(RECEIVED, event.timestamp());
        assertEquals(sent, event.data().get(Fields.SENT_TIMESTAMP).toString().replace("E+", "e"));
        assertEquals("a", event.data().getString("text"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "\"2026-10-29T12:30:00Z\"   | 2026-10-29T12:30:00Z",
                "\"2026-11-28T12:31:00Z\"   | 2026-11-28T12:31:00Z",
                "\"2026-11-28T13:30:00+01:00\" | 2026-11-28T12:30:00Z",
                "1795867200.25             | 2026-11-28T12:00:00.250Z",
            })
    void aTimestampInsideTheWindowIsKept(String sent, String expected) throws Exception {
        IncomingEvent event = parse("{\"type\": \"note\", \"data\": {\"text\": \"a\"}, \"timestamp\": " + sent + "}")
                .get(0);
        assertEquals(Instant.parse(expected), event.timestamp());
        assertNull(event.data().get(Fields.SENT_TIMESTAMP));
    }

    @Test
    void theWindowIsConfigurable() throws Exception {
        EventParser strict = new EventParser(
                type -> Optional.of(NOTE),
                () -> List.of("note"),
                3,
                new TimestampWindow(java.time.Duration.ofHours(1), java.time.Duration.ZERO));
        String twoHoursAgo =
                "{\"type\": \"note\", \"data\": {\"text\": \"a\"}, \"timestamp\": \"2026-11-28T10:30:00Z\"}";
        assertEquals(
                RECEIVED,
                strict.parse(twoHoursAgo, RECEIVED, i -> "0".repeat(32)).get(0).timestamp());
        assertEquals(
                Instant.parse("2026-11-28T10:30:00Z"), parse(twoHoursAgo).get(0).timestamp());
    }

    @Test
    void aClampedEventReadsBackTheSameFromTheQueue() throws Exception {
        IncomingEvent event = parse("{\"type\": \"note\", \"data\": {\"text\": \"a\"}, \"timestamp\": 0}")
                .get(0);
        assertEquals(event, parse(event.toJson().toString()).get(0));
    }

    @Test
    void aHugeTagKeyIsNamedButNotEchoedWhole() {
        IngestException problem = reject("{\"type\": \"note\", \"data\": {\"text\": \"a\"}, \"tags\": {\""
                + "k".repeat(100_000) + "\": \"v\"}}");
        assertEquals("tags." + "k".repeat(64) + "…", problem.field());
        assertTrue(problem.describe().length() < 300, problem.describe());
    }
}
