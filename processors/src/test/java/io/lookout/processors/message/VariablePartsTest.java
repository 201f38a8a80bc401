package io.lookout.processors.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VariablePartsTest {

    private static final int MESSAGE = MessageProcessor.MAX_MESSAGE_LENGTH;

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "Fetching https://api.example.com/items/123?x=1 failed     | Fetching <url> failed",
                "Mail to bob.smith+shop@mail.example.co.uk bounced         | Mail to <email> bounced",
                "Mail to bob@example.com.                                  | Mail to <email>.",
                "Started 2026-11-28T12:00:01.123+01:00 ok                   | Started <timestamp> ok",
                "Started 2026-11-28 ok                                     | Started <timestamp> ok",
                "At 12:00:01 ok                                            | At <time> ok",
                "Order 9ec79c33-ec99-42ab-8353-589fcb2e04dc failed          | Order <uuid> failed",
                "From 10.0.0.12:5432                                       | From <ip>",
                "From 2001:0db8:85a3:0000:0000:8a2e:0370:7334 refused       | From <ip> refused",
                "Cannot parse \"a \\\" b\" here                             | Cannot parse \"<str>\" here",
                "Cannot parse 'abc' here                                   | Cannot parse '<str>' here",
                "Object at 0x7ffe12ab leaked                               | Object at <hex> leaked",
                "Commit 3f2a9b7c4d5e6f70 rejected                          | Commit <hex> rejected",
                "Took 35 ms and -2.5 s                                     | Took <num> ms and <num> s",
                "Version v1.2.3 and deadbeef stay                          | Version v1.2.3 and deadbeef stay",
                "He said \"unterminated                                    | He said \"unterminated",
            })
    void placeholders(String text, String expected) {
        assertEquals(expected, VariableParts.normalize(text));
    }

    @Test
    void pathologicalMessagesAreNormalisedInLinearTime() {
        Map<String, String> hostile = new LinkedHashMap<>();
        hostile.put("a…a@", "a".repeat(MESSAGE - 1) + "@");
        hostile.put("a.a.…@", "a.".repeat(MESSAGE / 2 - 1) + "a@");
        hostile.put("a@b.b.b.…", "a@" + "b.".repeat(MESSAGE / 2 - 1));
        hostile.put("a-a-…", "a-".repeat(MESSAGE / 2));
        hostile.put("digits", "1".repeat(MESSAGE - 1) + "x");
        hostile.put("digits and dots", "1.".repeat(MESSAGE / 2));
        hostile.put("digits and colons", "1:".repeat(MESSAGE / 2));
        hostile.put("unterminated double quote", "\"" + "a".repeat(MESSAGE - 1));
        hostile.put("closed double quote", "\"" + "a".repeat(MESSAGE - 2) + "\"");
        hostile.put("escaped quotes", "'" + "\\'".repeat(MESSAGE / 2 - 1));
        hostile.put("many quotes", "\"".repeat(MESSAGE));
        hostile.put("scheme-like", "a.".repeat(MESSAGE / 2 - 1) + ":/");
        hostile.put("hex", "0x" + "a".repeat(MESSAGE - 3) + "g");
        hostile.put("hex words", "a1".repeat(MESSAGE / 2 - 1) + "g");
        hostile.put("dates", "2026-01-01T".repeat(MESSAGE / 11));
        hostile.put("times", "12:00:00.".repeat(MESSAGE / 9));
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (Map.Entry<String, String> entry : hostile.entrySet()) {
                // and 25 times larger than a message may be
                for (String text :
                        new String[] {entry.getValue(), entry.getValue().repeat(25)}) {
                    long started = System.nanoTime();
                    VariableParts.normalize(text);
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    assertTrue(millis < 5_000, () -> entry.getKey() + " took " + millis + " ms");
                }
            }
        });
    }

    @Test
    void quotedStringsDoNotOverflowTheStack() {
        // (?:[^"\\]|\\.)* recursed once per character and overflowed on 8 KB
        String quoted = "\"" + "x".repeat(100_000) + "\\\"" + "y".repeat(100_000) + "\"";
        assertEquals("v=\"<str>\" end", VariableParts.normalize("v=" + quoted + " end"));
    }
}
