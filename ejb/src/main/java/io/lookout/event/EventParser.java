package io.lookout.event;

import io.lookout.JsonFactories;
import io.lookout.JsonText;
import io.lookout.StrictJson;
import io.lookout.processors.spi.InvalidEventException;
import io.lookout.processors.spi.Processor;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Reads the native event format (API.md): one event or an array, checks every field's shape and
 * asks the type's processor to validate the data. The first problem found is reported with the
 * path of the offending field ({@code tags.url}, or {@code [3].type} inside an array).
 */
public final class EventParser {

    /** Levels, and the spellings senders use for them. */
    private static final Map<String, String> LEVELS = Map.of(
            "debug",
            "debug",
            "trace",
            "debug",
            "info",
            "info",
            "warning",
            "warning",
            "warn",
            "warning",
            "error",
            "error",
            "fatal",
            "fatal",
            "critical",
            "fatal");

    private static final BigDecimal EARLIEST_SECOND = BigDecimal.valueOf(Instant.MIN.getEpochSecond());
    private static final BigDecimal LATEST_SECOND = BigDecimal.valueOf(Instant.MAX.getEpochSecond());

    private final Function<String, Optional<Processor>> processors;
    private final Supplier<Collection<String>> knownTypes;
    private final int maxBatchSize;
    private final TimestampWindow window;

    /**
     * @param processors the processor for a type, if there is one
     * @param knownTypes the types that have a processor, for error messages
     * @param maxBatchSize most events in one array
     * @param window how far an event's timestamp may lie from the time it was received
     */
    public EventParser(
            Function<String, Optional<Processor>> processors,
            Supplier<Collection<String>> knownTypes,
            int maxBatchSize,
            TimestampWindow window) {
        this.processors = processors;
        this.knownTypes = knownTypes;
        this.maxBatchSize = maxBatchSize;
        this.window = window;
    }

    /**
     * @param body the request body or message text
     * @param receivedAt the timestamp of events that carry none
     * @param ids the id of the n-th event when it carries none
     */
    public List<IncomingEvent> parse(String body, Instant receivedAt, IntFunction<String> ids) throws IngestException {
        JsonValue root;
        try {
            root = StrictJson.read(body);
        } catch (StrictJson.Malformed e) {
            throw IngestException.invalid(null, e.getMessage());
        }
        return parse(root, receivedAt, ids);
    }

    /**
     * The same checks on JSON that is already parsed: one event object or an array of them
     * (the Sentry endpoints map the SDK's events to native JSON and come through here).
     */
    public List<IncomingEvent> parse(JsonValue root, Instant receivedAt, IntFunction<String> ids)
            throws IngestException {
        if (root.getValueType() == JsonValue.ValueType.OBJECT) {
            return List.of(event(root.asJsonObject(), "", receivedAt, ids.apply(0)));
        }
        if (root.getValueType() != JsonValue.ValueType.ARRAY) {
            throw IngestException.invalid(null, "the body must be an event object or an array of events");
        }
        JsonArray array = root.asJsonArray();
        if (array.isEmpty()) {
            throw IngestException.invalid(null, "the array holds no event");
        }
        if (array.size() > maxBatchSize) {
            throw IngestException.invalid(
                    null,
                    "the array holds " + array.size() + " events; at most " + maxBatchSize + " are accepted at once");
        }
        List<IncomingEvent> events = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonValue element = array.get(i);
            if (element.getValueType() != JsonValue.ValueType.OBJECT) {
                throw IngestException.invalid("[" + i + "]", "must be an event object");
            }
            events.add(event(element.asJsonObject(), "[" + i + "].", receivedAt, ids.apply(i)));
        }
        return events;
    }

    private IncomingEvent event(JsonObject json, String path, Instant receivedAt, String generatedId)
            throws IngestException {
        String type = string(json, Fields.TYPE, path, Limits.MAX_NAME_LENGTH);
        if (type == null) {
            throw IngestException.invalid(path + Fields.TYPE, "is required");
        }
        if (!Patterns.TYPE.matcher(type).matches()) {
            throw IngestException.invalid(path + Fields.TYPE, "must be lower-case letters, digits, '-' or '_'");
        }
        Processor processor = processors
                .apply(type)
                .orElseThrow(() -> IngestException.invalid(
                        path + Fields.TYPE,
                        "'" + type + "' has no processor;" + " known types: " + String.join(", ", knownTypes.get())));

        String sentId = string(json, Fields.ID, path, 36);
        String id = sentId == null ? generatedId : Patterns.eventId(sentId);
        if (id == null) {
            throw IngestException.invalid(
                    path + Fields.ID, "must be 32 hexadecimal characters (or a UUID with dashes)");
        }
        Instant timestamp = timestamp(json, path);
        String message = string(json, Fields.MESSAGE, path, Limits.MAX_MESSAGE_LENGTH);
        String level = level(json, path);
        Map<String, String> tags = tags(json, path);
        JsonObject data = data(json, path);
        Double timeSpent = timeSpent(json, path);
        String correlationId = string(json, Fields.CORRELATION_ID, path, Limits.MAX_CORRELATION_ID_LENGTH);
        List<String> fingerprint = fingerprint(json, path);

        IncomingEvent event = new IncomingEvent(
                id,
                type,
                timestamp == null ? receivedAt : timestamp,
                message,
                level,
                tags,
                data,
                timeSpent,
                correlationId,
                fingerprint);
        try {
            processor.validate(event);
        } catch (InvalidEventException e) {
            throw IngestException.invalid(path + e.field(), e.reason());
        }
        if (timestamp != null && !window.contains(timestamp, receivedAt)) {
            // dated when received; what the sender's clock said stays in the data
            JsonObject kept = JsonFactories.BUILDERS
                    .createObjectBuilder(data)
                    .add(Fields.SENT_TIMESTAMP, json.get(Fields.TIMESTAMP))
                    .build();
            return new IncomingEvent(
                    id, type, receivedAt, message, level, tags, kept, timeSpent, correlationId, fingerprint);
        }
        return event;
    }

    private static JsonValue field(JsonObject json, String name) {
        JsonValue value = json.get(name);
        return value == null || value.getValueType() == JsonValue.ValueType.NULL ? null : value;
    }

    private static String string(JsonObject json, String name, String path, int maxLength) throws IngestException {
        JsonValue value = field(json, name);
        if (value == null) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.STRING) {
            throw IngestException.invalid(path + name, "must be a string");
        }
        String text = ((JsonString) value).getString();
        if (text.length() > maxLength) {
            throw IngestException.invalid(path + name, "is longer than " + maxLength + " characters");
        }
        return text;
    }

    private static Instant timestamp(JsonObject json, String path) throws IngestException {
        JsonValue value = field(json, Fields.TIMESTAMP);
        if (value == null) {
            return null;
        }
        Instant timestamp = null;
        try {
            if (value.getValueType() == JsonValue.ValueType.NUMBER) {
                // seconds since the epoch, as the Sentry SDKs send it; beyond what an Instant holds is
                // as far outside the window as its minimum or maximum (compared before any big arithmetic)
                BigDecimal seconds = ((JsonNumber) value).bigDecimalValue();
                if (seconds.compareTo(EARLIEST_SECOND) < 0) {
                    timestamp = Instant.MIN;
                } else if (seconds.compareTo(LATEST_SECOND) > 0) {
                    timestamp = Instant.MAX;
                } else {
                    BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
                    timestamp = Instant.ofEpochSecond(
                            whole.longValueExact(),
                            seconds.subtract(whole).movePointRight(9).intValue());
                }
            } else if (value.getValueType() == JsonValue.ValueType.STRING) {
                String text = ((JsonString) value).getString();
                timestamp = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant();
            }
        } catch (DateTimeException | ArithmeticException e) {
            // reported below
        }
        if (timestamp == null) {
            throw IngestException.invalid(
                    path + Fields.TIMESTAMP,
                    "must be an ISO-8601 date-time with offset (2026-11-28T12:00:00Z) or seconds since the epoch");
        }
        return timestamp;
    }

    private static String level(JsonObject json, String path) throws IngestException {
        String level = string(json, Fields.LEVEL, path, 32);
        if (level == null) {
            return null;
        }
        String normalized = LEVELS.get(level.toLowerCase(Locale.ROOT));
        if (normalized == null) {
            throw IngestException.invalid(path + Fields.LEVEL, "must be one of debug, info, warning, error, fatal");
        }
        return normalized;
    }

    private static Map<String, String> tags(JsonObject json, String path) throws IngestException {
        JsonValue value = field(json, Fields.TAGS);
        if (value == null) {
            return Map.of();
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw IngestException.invalid(path + Fields.TAGS, "must be an object of tag names to values");
        }
        JsonObject object = value.asJsonObject();
        if (object.size() > Limits.MAX_TAGS) {
            throw IngestException.invalid(path + Fields.TAGS, "has more than " + Limits.MAX_TAGS + " tags");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> tag : object.entrySet()) {
            String key = tag.getKey();
            // the error names the key, but does not echo a huge one back
            String where = path + Fields.TAGS + "."
                    + (key.length() > Limits.MAX_TAG_KEY_LENGTH
                            ? key.substring(0, Limits.MAX_TAG_KEY_LENGTH) + "…"
                            : key);
            if (!Patterns.TAG_KEY.matcher(key).matches()) {
                throw IngestException.invalid(
                        where,
                        "is not a valid tag name: 1 to " + Limits.MAX_TAG_KEY_LENGTH
                                + " letters, digits, '_', '.', ':' or '-'");
            }
            if (Fields.RESERVED_TAGS.contains(key)) {
                throw IngestException.invalid(where, "is set by the server and cannot be sent");
            }
            String text = switch (tag.getValue().getValueType()) {
                case NULL -> null;
                case STRING -> ((JsonString) tag.getValue()).getString();
                case NUMBER, TRUE, FALSE -> tag.getValue().toString();
                default -> throw IngestException.invalid(where, "must be a string, a number, a boolean or null");
            };
            if (text != null && text.length() > Limits.MAX_TAG_VALUE_LENGTH) {
                throw IngestException.invalid(where, "is longer than " + Limits.MAX_TAG_VALUE_LENGTH + " characters");
            }
            tags.put(key, text);
        }
        return Collections.unmodifiableMap(tags);
    }

    private static JsonObject data(JsonObject json, String path) throws IngestException {
        JsonValue value = field(json, Fields.DATA);
        if (value == null) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw IngestException.invalid(path + Fields.DATA, "must be an object");
        }
        if (JsonText.longerThan(value, Limits.MAX_DATA_CHARS)) {
            throw IngestException.invalid(
                    path + Fields.DATA, "is larger than " + Limits.MAX_DATA_CHARS + " characters");
        }
        return value.asJsonObject();
    }

    private static Double timeSpent(JsonObject json, String path) throws IngestException {
        JsonValue value = field(json, Fields.TIME_SPENT);
        if (value == null) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.NUMBER) {
            throw IngestException.invalid(path + Fields.TIME_SPENT, "must be a number of milliseconds");
        }
        double millis = ((JsonNumber) value).doubleValue();
        if (!(millis >= 0) || Double.isInfinite(millis)) {
            throw IngestException.invalid(
                    path + Fields.TIME_SPENT, "must not be negative, and must be a finite number of milliseconds");
        }
        return millis;
    }

    private static List<String> fingerprint(JsonObject json, String path) throws IngestException {
        JsonValue value = field(json, Fields.FINGERPRINT);
        if (value == null) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.ARRAY
                || value.asJsonArray().isEmpty()
                || value.asJsonArray().size() > Limits.MAX_FINGERPRINT_PARTS) {
            throw IngestException.invalid(
                    path + Fields.FINGERPRINT, "must be an array of 1 to " + Limits.MAX_FINGERPRINT_PARTS + " strings");
        }
        List<String> parts = new ArrayList<>();
        JsonArray array = value.asJsonArray();
        for (int i = 0; i < array.size(); i++) {
            JsonValue part = array.get(i);
            switch (part.getValueType()) {
                case STRING -> parts.add(((JsonString) part).getString());
                case NUMBER -> parts.add(part.toString());
                default -> throw IngestException.invalid(path + Fields.FINGERPRINT + "[" + i + "]", "must be a string");
            }
        }
        return List.copyOf(parts);
    }
}
