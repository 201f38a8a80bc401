package io.lookout.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lookout.event.EventParser;
import io.lookout.event.IncomingEvent;
import io.lookout.event.IngestException;
import io.lookout.event.TimestampWindow;
import io.lookout.processors.exception.ExceptionProcessor;
import io.lookout.processors.message.MessageProcessor;
import io.lookout.processors.query.QueryProcessor;
import io.lookout.processors.request.RequestProcessor;
import io.lookout.processors.spi.Processor;
import io.lookout.scrubbing.EventScrubbing;
import io.lookout.scrubbing.ScrubbingRules;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Pins the checksum of every event of {@code checksum-corpus.json}: a change to a processor, to the
 * parser or to the hashing that regroups stored history fails here, naming the events. The corpus
 * holds hand-written tricky events and the events of the V7 upgrade fixture with the checksums that
 * release gave them.
 */
class ChecksumCorpusTest {

    private static final String CORPUS = "checksum-corpus.json";
    private static final Instant RECEIVED = Instant.parse("2026-11-28T18:00:00Z");

    /** The built-in processors, by type, as the registry finds them in the EAR. */
    private static final Map<String, Processor> PROCESSORS = new TreeMap<>();

    static {
        for (Processor processor : List.of(
                new ExceptionProcessor(), new MessageProcessor(), new QueryProcessor(), new RequestProcessor())) {
            processor.types().forEach(type -> PROCESSORS.put(type, processor));
        }
    }

    private final EventParser parser = new EventParser(
            type -> Optional.ofNullable(PROCESSORS.get(type)), PROCESSORS::keySet, 1000, TimestampWindow.DEFAULT);

    @Test
    void everyEventOfTheCorpusKeepsItsChecksum() throws IOException {
        JsonArray corpus = corpus();
        List<String> changed = new ArrayList<>();
        var actual = Json.createArrayBuilder();
        for (JsonValue value : corpus) {
            JsonObject entry = value.asJsonObject();
            String name = entry.getString("name");
            String expected = entry.getString("checksum");
            String now = checksum(name, entry.getJsonObject("event"));
            if (!now.equals(expected)) {
                changed.add(name + " (" + entry.getJsonObject("event").getString("type") + "): pinned " + expected
                        + ", now " + now);
            }
            actual.add(Json.createObjectBuilder(entry).add("checksum", now));
        }
        if (!changed.isEmpty()) {
            Path written = writeActual(actual.build());
            fail(changed.size() + " of " + corpus.size() + " events of the pinned corpus (ejb/src/test/resources/"
                    + CORPUS
                    + ") changed checksum, so stored groups would split or merge on upgrade:\n  "
                    + String.join("\n  ", changed)
                    + "\nIf the change is deliberate, replace the corpus with " + written
                    + " (today's checksums) in the same commit, say so in its message and ship a regroup of stored"
                    + " events (issue \"Grouping you can see and steer\"); otherwise the change is a bug.");
        }
    }

    @Test
    void theCorpusCoversEveryBuiltInTypeAndTheFingerprintOverride() throws IOException {
        Set<String> types = new HashSet<>();
        Set<String> names = new HashSet<>();
        boolean fingerprints = false;
        for (JsonValue value : corpus()) {
            JsonObject entry = value.asJsonObject();
            assertTrue(names.add(entry.getString("name")), "two corpus entries are named " + entry.getString("name"));
            types.add(entry.getJsonObject("event").getString("type"));
            fingerprints |= entry.getJsonObject("event").containsKey("fingerprint");
        }
        assertEquals(PROCESSORS.keySet(), types, "the corpus has events of exactly the built-in types");
        assertTrue(fingerprints, "the corpus has events with a fingerprint");
    }

    /**
     * The edge's parse and scrubbing (the default rules, on for every project), the message's JSON,
     * the consumer's parse and scrubbing, and processing: the path of an ingested event.
     */
    private String checksum(String name, JsonObject json) {
        try {
            IncomingEvent accepted = scrubbed(parser.parse(json, RECEIVED, index -> "0".repeat(32)));
            IncomingEvent consumed = scrubbed(parser.parse(accepted.toJson(), RECEIVED, index -> "0".repeat(32)));
            Processor processor = PROCESSORS.get(consumed.type());
            return Processing.combine(
                            consumed, processor.process(consumed), consumed.fingerprint(), "default", List.of())
                    .checksum();
        } catch (IngestException e) {
            throw new AssertionError("the corpus event " + name + " is no longer accepted: " + e.getMessage(), e);
        }
    }

    private static IncomingEvent scrubbed(List<IncomingEvent> events) throws IngestException {
        return EventScrubbing.scrub(events, ScrubbingRules.DEFAULT, type -> Optional.ofNullable(PROCESSORS.get(type)))
                .events()
                .get(0);
    }

    private static JsonArray corpus() throws IOException {
        try (InputStream in = ChecksumCorpusTest.class.getClassLoader().getResourceAsStream(CORPUS)) {
            if (in == null) {
                throw new IllegalStateException(CORPUS + " is not on the test class path");
            }
            try (JsonReader reader = Json.createReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return reader.readArray();
            }
        }
    }

    private static Path writeActual(JsonArray actual) throws IOException {
        Path file = Path.of("target", "checksum-corpus.actual.json").toAbsolutePath();
        Files.createDirectories(file.getParent());
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                JsonWriter writer = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true))
                        .createWriter(out)) {
            writer.writeArray(actual);
        }
        return file;
    }
}
