package io.lookout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.event.IncomingEvent;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The JSON text the ingest path writes is the text JSON-P (Parsson) writes, to the character. */
class JsonTextTest {

    @Test
    void everyCharacterIsWrittenAsParssonWritesIt() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0xffff; c++) {
            all.append(c);
        }
        JsonValue text = JsonFactories.PROVIDER.createValue(all.toString());
        assertEquals(text.toString(), JsonText.of(text));
    }

    @Test
    void randomDocumentsAreWrittenAsParssonWritesThem() {
        Random random = new Random(25);
        for (int i = 0; i < 2_000; i++) {
            JsonValue document = value(random, 0);
            String expected = document.toString();
            assertEquals(expected, JsonText.of(document));
            // the size check at the edge: exact at the boundary
            int length = expected.length();
            assertFalse(JsonText.longerThan(document, length), expected);
            assertTrue(JsonText.longerThan(document, length - 1), expected);
        }
    }

    @Test
    void anEventOnTheQueueReadsBackAsItself() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("server", "web \"1\"\n");
        tags.put("gone", null);
        IncomingEvent event = new IncomingEvent(
                "0123456789abcdef0123456789abcdef",
                "exception",
                Instant.parse("2026-12-07T10:00:00.123456Z"),
                "boom\t\\",
                "error",
                tags,
                JsonFactories.BUILDERS
                        .createObjectBuilder()
                        .add("n", new BigDecimal("12e9"))
                        .add(
                                "list",
                                JsonFactories.BUILDERS
                                        .createArrayBuilder()
                                        .add(1.5)
                                        .addNull()
                                        .add(false))
                        .build(),
                12.5,
                "corr\u0001",
                List.of("{{ default }}", "x"));
        StringBuilder text = new StringBuilder();
        event.writeJson(text);
        // canonical: read by JSON-P and written again, the same text
        try (var reader = JsonFactories.READERS.createReader(new StringReader(text.toString()))) {
            assertEquals(reader.readObject().toString(), text.toString());
        }
        assertEquals(text.toString(), event.toJson().toString());
        assertEquals("web \"1\"\n", event.toJson().getJsonObject("tags").getString("server"));
        assertTrue(event.toJson().getJsonObject("tags").isNull("gone"));
    }

    private static JsonValue value(Random random, int depth) {
        int kind = random.nextInt(depth > 3 ? 5 : 7);
        return switch (kind) {
            case 0 -> JsonFactories.PROVIDER.createValue(string(random));
            case 1 -> number(random);
            case 2 -> random.nextBoolean() ? JsonValue.TRUE : JsonValue.FALSE;
            case 3 -> JsonValue.NULL;
            case 4 -> JsonFactories.PROVIDER.createValue(string(random));
            case 5 -> {
                JsonObjectBuilder object = JsonFactories.BUILDERS.createObjectBuilder();
                for (int i = random.nextInt(5); i > 0; i--) {
                    object.add(string(random), value(random, depth + 1));
                }
                yield object.build();
            }
            default -> {
                JsonArrayBuilder array = JsonFactories.BUILDERS.createArrayBuilder();
                for (int i = random.nextInt(5); i > 0; i--) {
                    array.add(value(random, depth + 1));
                }
                yield array.build();
            }
        };
    }

    private static JsonValue number(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> JsonFactories.PROVIDER.createValue(random.nextInt());
            case 1 -> JsonFactories.PROVIDER.createValue(random.nextLong());
            case 2 -> JsonFactories.PROVIDER.createValue(random.nextDouble() * 1e6);
            default ->
                JsonFactories.PROVIDER.createValue(
                        new BigDecimal(random.nextInt(1000) + "e" + (random.nextInt(40) - 20)));
        };
    }

    private static String string(Random random) {
        char[] text = new char[random.nextInt(12)];
        for (int i = 0; i < text.length; i++) {
            text[i] = switch (random.nextInt(6)) {
                case 0 -> (char) random.nextInt(0x20);
                case 1 -> random.nextBoolean() ? '"' : '\\';
                case 2 -> (char) (0x80 + random.nextInt(0xff80));
                default -> (char) (0x20 + random.nextInt(0x5f));
            };
        }
        return new String(text);
    }
}
