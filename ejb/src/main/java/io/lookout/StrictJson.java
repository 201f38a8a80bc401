package io.lookout;

import jakarta.json.JsonConfig;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonLocation;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.util.Map;

/**
 * Reads JSON that senders wrote: exactly one value with nothing but whitespace after it, no key
 * twice in one object (two parsers could disagree about which one counts), nesting at most 1,000
 * levels deep (Parsson's limit). Data Lookout stored itself is read with {@link JsonFactories#READERS}.
 */
public final class StrictJson {

    private static final JsonParserFactory PARSERS = JsonFactories.PROVIDER.createParserFactory(Map.of(
            JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.NONE, "org.eclipse.parsson.rejectDuplicateKeys", true));

    /** The text is not one well-formed JSON value; the message says where and why, starting "malformed JSON". */
    public static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String detail) {
            super("malformed JSON" + (detail.startsWith("at ") ? " " : ": ") + detail, null, false, false);
        }
    }

    private StrictJson() {}

    /**
     * @throws Malformed with a message such as {@code "malformed JSON at line 1, column 8: Unexpected char 120"}
     *     or {@code "malformed JSON at offset 42: trailing content after the JSON value"}
     */
    public static JsonValue read(String text) throws Malformed {
        if (text.isBlank()) {
            throw new Malformed("no JSON value");
        }
        try (JsonParser parser = PARSERS.createParser(new StringReader(text))) {
            parser.next();
            JsonValue value = parser.getValue();
            JsonLocation end = parser.getLocation();
            boolean more;
            try {
                more = parser.hasNext();
            } catch (JsonParsingException e) {
                more = true;
            }
            if (more) {
                throw new Malformed("at offset " + end.getStreamOffset() + ": trailing content after the JSON value");
            }
            return value;
        } catch (JsonParsingException e) {
            throw new Malformed(where(e.getLocation()) + withoutLocation(e.getMessage()));
        } catch (RuntimeException e) {
            // Parsson reports duplicate keys and too deep nesting as plain runtime exceptions
            throw new Malformed(String.valueOf(e.getMessage()));
        }
    }

    private static String where(JsonLocation at) {
        return at == null || at.getLineNumber() < 0
                ? ""
                : "at line " + at.getLineNumber() + ", column " + at.getColumnNumber() + ": ";
    }

    /** Parsson appends its own "at (line no=…)" to the message; the caller's prefix says it once. */
    private static String withoutLocation(String message) {
        int at = message == null ? -1 : message.indexOf(" at (line no=");
        return at < 0 ? String.valueOf(message) : message.substring(0, at);
    }
}
