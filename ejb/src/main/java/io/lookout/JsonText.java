package io.lookout;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Compact JSON text, character for character what JSON-P's {@code toString()} writes (Parsson: no
 * white space, members in their order, in strings only {@code "}, {@code \} and the control
 * characters escaped, numbers as their {@code toString()}), written straight into a
 * {@link StringBuilder}. The ingest path writes each event's JSON several times (the queue's
 * message, the stored data, tags and grouping description); Parsson's generator, one character
 * at a time through a writer, was a tenth of the server's CPU there (docs/benchmarks.md, session 25).
 */
public final class JsonText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {}

    /** {@code value} as compact JSON text. */
    public static String of(JsonValue value) {
        StringBuilder out = new StringBuilder(64);
        write(out, value);
        return out.toString();
    }

    /** Appends {@code value} as compact JSON text. */
    public static void write(StringBuilder out, JsonValue value) {
        switch (value.getValueType()) {
            case OBJECT -> members(out, (JsonObject) value, JsonText::write);
            case ARRAY -> items(out, (JsonArray) value, JsonText::write);
            case STRING -> string(out, ((JsonString) value).getString());
            case TRUE -> out.append("true");
            case FALSE -> out.append("false");
            case NULL -> out.append("null");
            case NUMBER -> out.append(value.toString());
        }
    }

    /** Appends {@code text} as a JSON string, quoted and escaped; {@code null} as {@code null}. */
    public static void string(StringBuilder out, String text) {
        if (text == null) {
            out.append("null");
            return;
        }
        out.append('"');
        int plain = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(text, plain, i);
            plain = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        out.append(text, plain, text.length()).append('"');
    }

    /** Appends {@code members} as a JSON object of strings, a {@code null} value as {@code null}. */
    public static void object(StringBuilder out, Map<String, String> members) {
        members(out, members, JsonText::string);
    }

    /** Appends {@code items} as a JSON array of strings. */
    public static void array(StringBuilder out, List<String> items) {
        items(out, items, JsonText::string);
    }

    private static <V> void members(StringBuilder out, Map<String, V> members, BiConsumer<StringBuilder, V> value) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, V> member : members.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, member.getKey());
            out.append(':');
            value.accept(out, member.getValue());
        }
        out.append('}');
    }

    private static <V> void items(StringBuilder out, Iterable<V> items, BiConsumer<StringBuilder, V> item) {
        out.append('[');
        boolean first = true;
        for (V each : items) {
            if (!first) {
                out.append(',');
            }
            first = false;
            item.accept(out, each);
        }
        out.append(']');
    }

    /**
     * Whether {@link #of} would write more than {@code limit} characters; counts without writing and
     * stops once past the limit.
     */
    public static boolean longerThan(JsonValue value, long limit) {
        return length(value, limit) > limit;
    }

    private static long length(JsonValue value, long limit) {
        switch (value.getValueType()) {
            case OBJECT -> {
                JsonObject object = (JsonObject) value;
                long length = 2 + Math.max(0, object.size() - 1);
                for (Map.Entry<String, JsonValue> member : object.entrySet()) {
                    length += stringLength(member.getKey()) + 1 + length(member.getValue(), limit - length);
                    if (length > limit) {
                        return length;
                    }
                }
                return length;
            }
            case ARRAY -> {
                JsonArray array = (JsonArray) value;
                long length = 2 + Math.max(0, array.size() - 1);
                for (JsonValue item : array) {
                    length += length(item, limit - length);
                    if (length > limit) {
                        return length;
                    }
                }
                return length;
            }
            case STRING -> {
                return stringLength(((JsonString) value).getString());
            }
            case TRUE, NULL -> {
                return 4;
            }
            case FALSE -> {
                return 5;
            }
            default -> {
                return value.toString().length();
            }
        }
    }

    private static long stringLength(String text) {
        long length = 2 + text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\' || c == '\b' || c == '\t' || c == '\n' || c == '\f' || c == '\r') {
                length += 1;
            } else if (c < 0x20) {
                length += 5;
            }
        }
        return length;
    }
}
