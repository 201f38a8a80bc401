package io.lookout.api.sentry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvelopeReaderTest {

    private static EnvelopeReader reader(String envelope, int maxPayload) {
        return new EnvelopeReader(
                new ByteArrayInputStream(envelope.getBytes(StandardCharsets.UTF_8)),
                type -> type.equals("event"),
                maxPayload);
    }

    private static List<EnvelopeReader.Item> items(EnvelopeReader reader) throws Exception {
        List<EnvelopeReader.Item> items = new ArrayList<>();
        for (EnvelopeReader.Item item = reader.next(); item != null; item = reader.next()) {
            items.add(item);
        }
        return items;
    }

    private static String payload(EnvelopeReader.Item item) {
        return new String(item.payload(), StandardCharsets.UTF_8);
    }

    @Test
    void itemsWithAndWithoutLengthAreRead() throws Exception {
        String attachment = "binary\nwith newlines\n";
        EnvelopeReader reader = reader(
                "{\"event_id\":\"9ec79c33ec9942ab8353589fcb2e04dc\",\"dsn\":\"http://k@h/1\"}\n"
                        + "{\"type\":\"attachment\",\"length\":" + attachment.length() + ",\"filename\":\"a.txt\"}\n"
                        + attachment + "\n"
                        + "{\"type\":\"event\",\"length\":13}\n{\"message\":1}\n"
                        + "{\"type\":\"session\"}\n{\"sid\":\"x\"}\n"
                        + "{\"type\":\"event\"}\n{\"message\":\"é\"}\n"
                        + "{\"type\":\"client_report\"}\n{\"discarded_events\":[]}",
                1000);
        assertEquals("http://k@h/1", reader.header().getString("dsn"));
        List<EnvelopeReader.Item> items = items(reader);
        assertEquals(
                List.of("attachment", "event", "session", "event", "client_report"),
                items.stream().map(EnvelopeReader.Item::type).toList());
        assertNull(items.get(0).payload(), "skipped types are not kept");
        assertEquals("{\"message\":1}", payload(items.get(1)));
        assertEquals("{\"message\":\"é\"}", payload(items.get(3)));
        assertEquals(4, items.get(3).index());
    }

    @Test
    void aLengthCountsBytesNotCharacters() throws Exception {
        byte[] event = "{\"m\":\"ü€\"}".getBytes(StandardCharsets.UTF_8);
        EnvelopeReader reader =
                reader("{}\n{\"type\":\"event\",\"length\":" + event.length + "}\n{\"m\":\"ü€\"}", 1000);
        reader.header();
        assertArrayEquals(event, reader.next().payload());
        assertNull(reader.next());
    }

    @Test
    void aTruncatedEnvelopeIsAnError() throws Exception {
        EnvelopeReader reader = reader("{}\n{\"type\":\"event\",\"length\":500}\n{\"message\":\"cut", 1000);
        reader.header();
        var e = assertThrows(EnvelopeReader.EnvelopeException.class, reader::next);
        assertTrue(
                e.getMessage().contains("truncated: item 1 (event) declares 500 bytes but only 15 follow"),
                e.getMessage());

        EnvelopeReader skipped = reader("{}\n{\"type\":\"attachment\",\"length\":500}\nabc", 1000);
        skipped.header();
        assertThrows(EnvelopeReader.EnvelopeException.class, skipped::next);
    }

    @Test
    void aPayloadLongerThanItsLengthIsAnError() throws Exception {
        EnvelopeReader reader = reader("{}\n{\"type\":\"event\",\"length\":5}\n{\"message\":\"long\"}\n", 1000);
        reader.header();
        var e = assertThrows(EnvelopeReader.EnvelopeException.class, reader::next);
        assertTrue(e.getMessage().contains("longer than its length of 5 bytes"), e.getMessage());
    }

    @Test
    void brokenHeadersAreErrors() throws Exception {
        assertThrows(
                EnvelopeReader.EnvelopeException.class, () -> reader("", 10).header());
        assertThrows(
                EnvelopeReader.EnvelopeException.class,
                () -> reader("not json\n", 10).header());
        EnvelopeReader noType = reader("{}\n{\"length\":2}\n{}", 10);
        noType.header();
        assertThrows(EnvelopeReader.EnvelopeException.class, noType::next);
        EnvelopeReader badLength = reader("{}\n{\"type\":\"event\",\"length\":\"2\"}\n{}", 10);
        badLength.header();
        assertThrows(EnvelopeReader.EnvelopeException.class, badLength::next);
    }

    @Test
    void aPayloadOverTheLimitIsMarkedAndSkipped() throws Exception {
        String big = "{\"m\":\"" + "x".repeat(100) + "\"}";
        EnvelopeReader reader = reader(
                "{}\n{\"type\":\"event\",\"length\":" + big.length() + "}\n" + big + "\n" + "{\"type\":\"event\"}\n"
                        + big + "\n{\"type\":\"event\"}\n{}\n",
                50);
        reader.header();
        List<EnvelopeReader.Item> items = items(reader);
        assertEquals(3, items.size());
        assertTrue(items.get(0).tooLarge());
        assertTrue(items.get(1).tooLarge());
        assertFalse(items.get(2).tooLarge());
        assertEquals("{}", payload(items.get(2)));
    }

    @Test
    void invalidJsonInAPayloadIsReportedNotThrown() {
        StringBuilder problem = new StringBuilder();
        assertNull(EnvelopeReader.payloadObject("{\"message\": ".getBytes(StandardCharsets.UTF_8), problem));
        assertTrue(problem.toString().startsWith("is malformed JSON"), problem.toString());
        StringBuilder notUtf8 = new StringBuilder();
        assertNull(EnvelopeReader.payloadObject(new byte[] {'{', (byte) 0xff, '}'}, notUtf8));
        assertEquals("is not UTF-8", notUtf8.toString());
    }

    @Test
    void aPayloadIsOneJsonObjectAndNothingAfterIt() {
        for (String text : new String[] {
            "{\"a\": 1}xyz",
            "{\"a\": 1}{\"b\": 2}",
            "{\"a\": 1, \"a\": 2}",
            "\uFEFF{\"a\": 1}",
            "{\"a\": NaN}",
            "[".repeat(5000) + "]".repeat(5000),
            "[1]",
            ""
        }) {
            StringBuilder problem = new StringBuilder();
            assertNull(EnvelopeReader.payloadObject(text.getBytes(StandardCharsets.UTF_8), problem), text);
            assertFalse(problem.isEmpty(), text);
        }
        StringBuilder trailing = new StringBuilder();
        EnvelopeReader.payloadObject("{\"a\": 1} x".getBytes(StandardCharsets.UTF_8), trailing);
        assertTrue(trailing.toString().contains("trailing content"), trailing.toString());
        StringBuilder fine = new StringBuilder();
        assertEquals(
                1,
                EnvelopeReader.payloadObject("{\"a\": 1}\r\n ".getBytes(StandardCharsets.UTF_8), fine)
                        .getInt("a"));
    }
}
