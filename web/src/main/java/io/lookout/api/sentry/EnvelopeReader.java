package io.lookout.api.sentry;

import io.lookout.StrictJson;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * Reads a Sentry envelope as it streams in: a header line (JSON), then items, each a header line
 * (JSON with {@code type} and optionally {@code length} in bytes) and a payload of that length, or
 * up to the next newline when there is no length. Only the payloads of wanted item types are kept
 * (up to a limit each); the others (attachments, sessions, client reports, transactions, …) are
 * skipped without being held in memory.
 *
 * <p>Framing errors (a header that is not a JSON object, a payload shorter than its length, a
 * payload not followed by a newline) are {@link EnvelopeException}s: nothing after them can be
 * trusted. A wanted payload over the limit is returned as {@link Item#tooLarge()} and skipped.
 */
final class EnvelopeReader {

    /** Longest header line, of the envelope or of an item. */
    static final int MAX_HEADER_BYTES = 64 * 1024;

    /** The envelope cannot be read past this point. */
    static final class EnvelopeException extends Exception {
        private static final long serialVersionUID = 1L;

        EnvelopeException(String message) {
            super(message);
        }
    }

    /**
     * One item: its position (1-based), header and type; the payload only when the type is wanted
     * and the payload within the limit.
     */
    record Item(int index, JsonObject header, String type, byte[] payload, boolean tooLarge) {}

    private final InputStream in;
    private final Predicate<String> wanted;
    private final int maxPayloadBytes;
    private int items;

    /**
     * @param in the decoded body
     * @param wanted the item types whose payload is kept
     * @param maxPayloadBytes the largest payload kept
     */
    EnvelopeReader(InputStream in, Predicate<String> wanted, int maxPayloadBytes) {
        this.in = in;
        this.wanted = wanted;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** The envelope's header: {@code event_id}, {@code dsn}, {@code sent_at}, {@code sdk}… */
    JsonObject header() throws IOException, EnvelopeException {
        byte[] line = readLine(MAX_HEADER_BYTES, "the envelope header");
        if (line == null) {
            throw new EnvelopeException("the envelope is empty");
        }
        return object(line, "the envelope header");
    }

    /** The next item, or {@code null} at the end of the envelope. */
    Item next() throws IOException, EnvelopeException {
        byte[] line;
        do {
            line = readLine(MAX_HEADER_BYTES, "the header of item " + (items + 1));
            if (line == null) {
                return null;
            }
        } while (line.length == 0); // blank lines between items (a trailing newline) are no items
        int index = ++items;
        String where = "item " + index;
        JsonObject header = object(line, "the header of " + where);
        JsonValue typeValue = header.get("type");
        if (!(typeValue instanceof JsonString typeString)
                || typeString.getString().isBlank()) {
            throw new EnvelopeException("the header of " + where + " has no type");
        }
        String type = typeString.getString();
        where += " (" + type + ")";
        boolean keep = wanted.test(type);
        JsonValue lengthValue = header.get("length");
        if (lengthValue != null && lengthValue.getValueType() != JsonValue.ValueType.NULL) {
            if (!(lengthValue instanceof JsonNumber number) || !number.isIntegral() || number.longValue() < 0) {
                throw new EnvelopeException("the length of " + where + " must be a whole number of bytes");
            }
            long length = number.longValue();
            byte[] payload = null;
            boolean tooLarge = keep && length > maxPayloadBytes;
            if (keep && !tooLarge) {
                payload = in.readNBytes((int) length);
                if (payload.length < length) {
                    throw truncated(where, length, payload.length);
                }
            } else {
                long skipped = skip(length);
                if (skipped < length) {
                    throw truncated(where, length, skipped);
                }
            }
            int after = read();
            if (after != '\n' && after != -1) {
                throw new EnvelopeException("the payload of " + where + " is longer than its length of " + length
                        + " bytes (no newline after it)");
            }
            return new Item(index, header, type, payload, tooLarge);
        }
        if (!keep) {
            skipLine();
            return new Item(index, header, type, null, false);
        }
        byte[] payload = readLine(maxPayloadBytes, null);
        if (payload == null) {
            payload = new byte[0];
        }
        if (payload.length > maxPayloadBytes) {
            skipLine();
            return new Item(index, header, type, null, true);
        }
        return new Item(index, header, type, payload, false);
    }

    private static EnvelopeException truncated(String where, long length, long got) {
        return new EnvelopeException(
                "the envelope is truncated: " + where + " declares " + length + " bytes but only " + got + " follow");
    }

    /** A payload as UTF-8 JSON object; {@code null} with the reason in {@code problem} otherwise. */
    static JsonObject payloadObject(byte[] payload, StringBuilder problem) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload))
                    .toString();
        } catch (CharacterCodingException e) {
            problem.append("is not UTF-8");
            return null;
        }
        JsonValue value;
        try {
            value = StrictJson.read(text);
        } catch (StrictJson.Malformed e) {
            problem.append("is ").append(e.getMessage());
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            problem.append("must be a JSON object");
            return null;
        }
        return value.asJsonObject();
    }

    private static JsonObject object(byte[] line, String what) throws EnvelopeException {
        StringBuilder problem = new StringBuilder();
        JsonObject object = payloadObject(line, problem);
        if (object == null) {
            throw new EnvelopeException(what + " " + problem);
        }
        return object;
    }

    /**
     * The bytes up to the next newline (not included) or the end; {@code null} at the end. A line
     * longer than {@code max}: an {@link EnvelopeException} naming {@code what}, or, when
     * {@code what} is null, the first {@code max + 1} bytes (the caller sees it is too long).
     */
    private byte[] readLine(int max, String what) throws IOException, EnvelopeException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b = read();
        if (b == -1) {
            return null;
        }
        while (b != -1 && b != '\n') {
            if (line.size() == max) {
                if (what == null) {
                    line.write(b);
                    return line.toByteArray();
                }
                throw new EnvelopeException(what + " is longer than " + max + " bytes");
            }
            line.write(b);
            b = read();
        }
        byte[] bytes = line.toByteArray();
        // tolerate CRLF line ends
        if (bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
            return java.util.Arrays.copyOf(bytes, bytes.length - 1);
        }
        return bytes;
    }

    private void skipLine() throws IOException {
        int b;
        do {
            b = read();
        } while (b != -1 && b != '\n');
    }

    private long skip(long length) throws IOException {
        byte[] buffer = new byte[8192];
        long skipped = 0;
        while (skipped < length) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, length - skipped));
            if (n < 0) {
                break;
            }
            skipped += n;
        }
        return skipped;
    }

    private int read() throws IOException {
        return in.read();
    }
}
