package io.lookout.ingest.sentry;

import io.lookout.JsonFactories;
import io.lookout.event.EventParser;
import io.lookout.event.Fields;
import io.lookout.event.Limits;
import io.lookout.event.Patterns;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps an event of the Sentry protocol (what the official SDKs send in an envelope's {@code event}
 * item or to {@code /store/}) onto Lookout's native event JSON, for the existing processors:
 *
 * <ul>
 * <li>{@code exception.values[]} (oldest first: the root cause first, the thrown exception last)
 *     becomes an {@code exception} event: the thrown exception with its {@code cause} chain, each
 *     with {@code type} (the SDK's {@code module} and {@code type} joined: {@code java.lang.IllegalStateException}),
 *     {@code value} and {@code frames} ({@code stacktrace.frames}, oldest first as in Sentry,
 *     {@code in_app} as {@code inApp});</li>
 * <li>otherwise {@code logentry} or {@code message} (a string or {@code {message, params, formatted}})
 *     becomes a {@code message} event: {@code data.message} the template with {@code params}, or the
 *     formatted text alone; the formatted text is the summary;</li>
 * <li>{@code release}, {@code environment}, {@code server_name} ({@code server}), {@code user.id}
 *     ({@code user}), {@code logger}, {@code transaction}, {@code request.url} ({@code url}, without
 *     query) and the thrown exception's {@code mechanism.handled} ({@code handled}) become tags,
 *     then the event's own {@code tags} (an object or a list of pairs) over them;
 *     {@code level}, {@code timestamp}, {@code event_id} and {@code fingerprint} keep their meaning;
 *     {@code contexts.trace.trace_id} becomes the correlation id;</li>
 * <li>the whole original event is kept in {@code data.sentry}. When that would take the event's
 *     data over {@value EventParser#MAX_DATA_CHARS} characters, the largest top-level fields of the
 *     copy are left out, largest first, and named in {@code data.sentryOmitted}.</li>
 * </ul>
 *
 * The mapping never fails: what does not fit Lookout's rules (a tag name with other characters, an
 * unknown level, a timestamp it cannot read) is adapted or left to the copy in {@code data.sentry},
 * so an SDK's event is never refused for a detail. The result still goes through the native
 * validation of {@link EventParser}.
 */
public final class SentryEvents {

    /** Exceptions of one chain that are mapped; of a longer chain the outermost and innermost half are kept. */
    static final int MAX_CHAIN = 50;

    private static final int MAX_FINGERPRINT_PARTS = Limits.MAX_FINGERPRINT_PARTS;
    private static final int MAX_PARAMS = 100;
    private static final Set<String> LEVELS =
            Set.of("debug", "trace", "info", "warning", "warn", "error", "fatal", "critical");

    private SentryEvents() {}

    /**
     * @param sentry one Sentry event
     * @param fallbackId the id to use when the event carries no valid {@code event_id} (the
     *     envelope header's), or {@code null} to let the edge generate one
     * @return one native event
     */
    public static JsonObject toNative(JsonObject sentry, String fallbackId) {
        JsonObjectBuilder event = JsonFactories.BUILDERS.createObjectBuilder();
        String id = eventId(sentry.get("event_id"));
        if (id == null) {
            id = eventId(fallbackId == null ? null : JsonFactories.PROVIDER.createValue(fallbackId));
        }
        if (id != null) {
            event.add("id", id);
        }
        JsonValue timestamp = timestamp(sentry.get("timestamp"));
        if (timestamp != null) {
            event.add("timestamp", timestamp);
        }
        String level = text(sentry.get("level"));
        if (level != null && LEVELS.contains(level.toLowerCase(Locale.ROOT))) {
            event.add("level", level.toLowerCase(Locale.ROOT));
        } else if (level != null && level.equalsIgnoreCase("log")) {
            event.add("level", "info");
        }

        Map<String, String> tags = new LinkedHashMap<>();
        String logger = text(sentry.get("logger"));
        JsonObjectBuilder data;
        List<JsonObject> exceptions = exceptionValues(sentry.get("exception"));
        String syntheticValue = null;
        if (synthetic(exceptions)) {
            // the JavaScript SDKs' captureMessage with a stack trace attached: a message, grouped by its
            // template like the other SDKs' messages (the original keeps the stack trace)
            syntheticValue =
                    blankToNull(text(exceptions.get(exceptions.size() - 1).get("value")));
            exceptions = List.of();
        }
        if (!exceptions.isEmpty()) {
            event.add("type", "exception");
            data = JsonFactories.BUILDERS.createObjectBuilder(exceptionChain(exceptions));
            JsonObject thrown = exceptions.get(exceptions.size() - 1);
            JsonValue mechanism = thrown.get("mechanism");
            if (mechanism instanceof JsonObject object
                    && (object.get("handled") == JsonValue.TRUE || object.get("handled") == JsonValue.FALSE)) {
                tags.put("handled", object.get("handled") == JsonValue.TRUE ? "yes" : "no");
            }
        } else {
            event.add("type", "message");
            data = JsonFactories.BUILDERS.createObjectBuilder();
            Message message = message(sentry);
            if (message.template() != null && !message.params().isEmpty()) {
                data.add("message", cut(message.template(), Limits.MAX_MESSAGE_LENGTH));
                JsonArrayBuilder params = JsonFactories.BUILDERS.createArrayBuilder();
                message.params().stream().limit(MAX_PARAMS).forEach(params::add);
                data.add("params", params);
                if (message.formatted() != null) {
                    event.add("message", cut(message.formatted(), Limits.MAX_MESSAGE_LENGTH));
                }
            } else {
                String text = message.formatted() != null ? message.formatted() : message.template();
                if (text == null) {
                    text = syntheticValue;
                }
                data.add("message", cut(text == null ? "<unlabeled event>" : text, Limits.MAX_MESSAGE_LENGTH));
            }
            if (logger != null) {
                data.add("logger", logger);
            }
        }

        putField(tags, "logger", logger);
        putField(tags, "release", text(sentry.get("release")));
        putField(tags, "environment", text(sentry.get("environment")));
        putField(tags, "server", text(sentry.get("server_name")));
        putField(tags, "transaction", text(sentry.get("transaction")));
        if (sentry.get("user") instanceof JsonObject user) {
            putField(tags, "user", text(user.get("id")));
        }
        if (sentry.get("request") instanceof JsonObject request) {
            putField(tags, "url", withoutQuery(text(request.get("url"))));
        }
        senderTags(sentry.get("tags"), tags);
        JsonObjectBuilder tagsJson = JsonFactories.BUILDERS.createObjectBuilder();
        tags.entrySet().stream().limit(Limits.MAX_TAGS).forEach(tag -> {
            if (tag.getValue() == null) {
                tagsJson.addNull(tag.getKey());
            } else {
                tagsJson.add(tag.getKey(), tag.getValue());
            }
        });
        event.add("tags", tagsJson);

        JsonArray fingerprint = fingerprint(sentry.get("fingerprint"));
        if (fingerprint != null) {
            event.add("fingerprint", fingerprint);
        }
        if (sentry.get("contexts") instanceof JsonObject contexts
                && contexts.get("trace") instanceof JsonObject trace) {
            String traceId = text(trace.get("trace_id"));
            if (traceId != null && !traceId.isBlank() && traceId.length() <= Limits.MAX_CORRELATION_ID_LENGTH) {
                event.add("correlationId", traceId);
            }
        }
        event.add("data", withOriginal(data.build(), sentry));
        return event.build();
    }

    /** The mapped data plus the original under {@code sentry}, its largest fields left out when over the limit. */
    static JsonObject withOriginal(JsonObject mapped, JsonObject original) {
        int budget = Limits.MAX_DATA_CHARS;
        int mappedSize = mapped.toString().length();
        // "sentry":{...}, and "sentryOmitted":[...] when needed: a generous allowance
        int overhead = 64;
        int originalSize = original.toString().length();
        if (mappedSize + originalSize + overhead <= budget) {
            return JsonFactories.BUILDERS
                    .createObjectBuilder(mapped)
                    .add("sentry", original)
                    .build();
        }
        Map<String, Integer> sizes = new LinkedHashMap<>();
        original.forEach((key, value) ->
                sizes.put(key, key.length() + 4 + value.toString().length()));
        List<String> largestFirst = new ArrayList<>(sizes.keySet());
        largestFirst.sort(Comparator.comparing(sizes::get).reversed());
        JsonObjectBuilder copy = JsonFactories.BUILDERS.createObjectBuilder(original);
        JsonArrayBuilder omitted = JsonFactories.BUILDERS.createArrayBuilder();
        int size = originalSize;
        for (String key : largestFirst) {
            if (mappedSize + size + overhead + 16 * sizes.size() <= budget) {
                break;
            }
            copy.remove(key);
            omitted.add(key);
            size -= sizes.get(key);
        }
        return JsonFactories.BUILDERS
                .createObjectBuilder(mapped)
                .add("sentry", copy)
                .add("sentryOmitted", omitted)
                .build();
    }

    /** {@code exception} as {@code {"values": [...]}}, a bare list, or one exception object. */
    private static List<JsonObject> exceptionValues(JsonValue exception) {
        JsonValue values = exception;
        if (exception instanceof JsonObject object) {
            values = object.containsKey("values")
                    ? object.get("values")
                    : object.containsKey("type") || object.containsKey("value")
                            ? JsonFactories.BUILDERS
                                    .createArrayBuilder()
                                    .add(object)
                                    .build()
                            : null;
        }
        List<JsonObject> list = new ArrayList<>();
        if (values instanceof JsonArray array) {
            for (JsonValue value : array) {
                if (value instanceof JsonObject object) {
                    list.add(object);
                }
            }
        }
        return list;
    }

    /**
     * Whether the exception is the synthetic one an SDK attaches to a message for its stack trace:
     * no value names a type. The official JavaScript SDKs send {@code captureMessage} so when
     * {@code attachStacktrace} is on ({@code mechanism.synthetic}); a thrown exception always has a type.
     */
    private static boolean synthetic(List<JsonObject> exceptions) {
        return !exceptions.isEmpty()
                && exceptions.stream().allMatch(value -> blankToNull(text(value.get("type"))) == null);
    }

    /** Sentry's values are oldest first (root cause first); Lookout nests causes under the thrown exception. */
    private static JsonObject exceptionChain(List<JsonObject> values) {
        List<JsonObject> kept = values;
        int omitted = 0;
        if (values.size() > MAX_CHAIN) {
            omitted = values.size() - MAX_CHAIN;
            kept = new ArrayList<>(values.subList(0, MAX_CHAIN / 2));
            kept.addAll(values.subList(values.size() - MAX_CHAIN / 2, values.size()));
        }
        JsonObject cause = null;
        for (int i = 0; i < kept.size(); i++) {
            JsonObjectBuilder exception = exception(kept.get(i));
            if (cause != null) {
                exception.add("cause", cause);
            }
            if (omitted > 0 && i == MAX_CHAIN / 2) {
                // the innermost exception of the outer half: its cause is the outermost of the inner half
                exception.add("causesOmitted", omitted);
            }
            cause = exception.build();
        }
        return cause;
    }

    private static JsonObjectBuilder exception(JsonObject value) {
        JsonObjectBuilder exception = JsonFactories.BUILDERS.createObjectBuilder();
        String type = text(value.get("type"));
        String module = text(value.get("module"));
        if (type == null || type.isBlank()) {
            type = "Error";
        } else if (module != null && !module.isBlank() && !type.contains(".")) {
            type = module + "." + type;
        }
        exception.add("type", type);
        String text = text(value.get("value"));
        if (text != null) {
            exception.add("value", text);
        }
        JsonValue stacktrace = value.get("stacktrace");
        if (!(stacktrace instanceof JsonObject)) {
            stacktrace = value.get("raw_stacktrace");
        }
        if (stacktrace instanceof JsonObject trace && trace.get("frames") instanceof JsonArray frames) {
            JsonArrayBuilder mapped = JsonFactories.BUILDERS.createArrayBuilder();
            for (JsonValue frame : frames) {
                if (frame instanceof JsonObject object) {
                    mapped.add(frame(object));
                }
            }
            exception.add("frames", mapped);
        }
        return exception;
    }

    private static JsonObject frame(JsonObject frame) {
        JsonObjectBuilder mapped = JsonFactories.BUILDERS.createObjectBuilder();
        addText(mapped, "module", frame.get("module"));
        addText(mapped, "function", frame.get("function"));
        String filename = text(frame.get("filename"));
        if (filename == null) {
            filename = text(frame.get("abs_path"));
        }
        if (filename != null) {
            mapped.add("filename", filename);
        }
        Long lineno = integer(frame.get("lineno"));
        if (lineno != null) {
            mapped.add("lineno", lineno);
        }
        Long colno = integer(frame.get("colno"));
        if (colno != null) {
            mapped.add("colno", colno);
        }
        mapped.add("inApp", frame.get("in_app") == JsonValue.TRUE);
        return mapped.build();
    }

    private record Message(String template, List<String> params, String formatted) {}

    /** {@code logentry} (or its alias {@code sentry.interfaces.Message}), else {@code message}: a string or an object. */
    private static Message message(JsonObject sentry) {
        for (String field : new String[] {"logentry", "sentry.interfaces.Message", "message"}) {
            JsonValue value = sentry.get(field);
            if (value instanceof JsonString string && !string.getString().isBlank()) {
                return new Message(string.getString(), List.of(), null);
            }
            if (value instanceof JsonObject object) {
                String template = blankToNull(text(object.get("message")));
                String formatted = blankToNull(text(object.get("formatted")));
                List<String> params = new ArrayList<>();
                if (object.get("params") instanceof JsonArray array) {
                    array.forEach(
                            param -> params.add(param instanceof JsonString s ? s.getString() : param.toString()));
                }
                if (template != null || formatted != null) {
                    return new Message(template, params, formatted);
                }
            }
        }
        return new Message(null, List.of(), null);
    }

    private static void senderTags(JsonValue value, Map<String, String> tags) {
        if (value instanceof JsonObject object) {
            object.forEach((key, tag) -> putTag(tags, key, tagValue(tag)));
        } else if (value instanceof JsonArray array) {
            for (JsonValue pair : array) {
                if (pair instanceof JsonArray kv && kv.size() == 2 && kv.get(0) instanceof JsonString key) {
                    putTag(tags, key.getString(), tagValue(kv.get(1)));
                }
            }
        }
    }

    /** A tag derived from a field of the event, when the event has the field. */
    private static void putField(Map<String, String> tags, String key, String value) {
        if (value != null && !value.isBlank()) {
            putTag(tags, key, value);
        }
    }

    /** A tag under Lookout's rules: invalid characters in the name become '_', names and values are cut. */
    private static void putTag(Map<String, String> tags, String key, String value) {
        if (key == null) {
            return;
        }
        String name = Patterns.NOT_TAG_KEY_CHARACTER
                .matcher(cut(key.strip(), Limits.MAX_TAG_KEY_LENGTH))
                .replaceAll("_");
        if (name.isEmpty() || Fields.RESERVED_TAGS.contains(name)) {
            return;
        }
        if (tags.size() >= Limits.MAX_TAGS && !tags.containsKey(name)) {
            return;
        }
        tags.put(name, value == null ? null : cut(value, Limits.MAX_TAG_VALUE_LENGTH));
    }

    private static String tagValue(JsonValue value) {
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        return value instanceof JsonString string ? string.getString() : value.toString();
    }

    private static JsonArray fingerprint(JsonValue value) {
        if (!(value instanceof JsonArray array)) {
            return null;
        }
        JsonArrayBuilder parts = JsonFactories.BUILDERS.createArrayBuilder();
        int count = 0;
        for (JsonValue part : array) {
            if (count == MAX_FINGERPRINT_PARTS) {
                break;
            }
            if (part instanceof JsonString string) {
                parts.add(string.getString());
                count++;
            } else if (part instanceof JsonNumber || part == JsonValue.TRUE || part == JsonValue.FALSE) {
                parts.add(part.toString());
                count++;
            }
        }
        return count == 0 ? null : parts.build();
    }

    /**
     * Whether an {@code event_id} (of an event or an envelope header) is absent, null, 32 hex digits
     * or a UUID with dashes; anything else is refused rather than replaced, since a sender that
     * retries with it would otherwise have its event stored twice under two generated ids.
     */
    public static boolean validEventId(JsonValue value) {
        return value == null
                || value.getValueType() == JsonValue.ValueType.NULL
                || value instanceof JsonString string && Patterns.eventId(string.getString()) != null;
    }

    private static String eventId(JsonValue value) {
        return value instanceof JsonString string ? Patterns.eventId(string.getString()) : null;
    }

    /**
     * Seconds since the epoch, or ISO-8601 (SDKs that send no offset mean UTC); an unreadable text:
     * the time received. The native parser dates a timestamp outside its window when received.
     */
    private static JsonValue timestamp(JsonValue value) {
        if (value instanceof JsonNumber number) {
            return number;
        }
        if (value instanceof JsonString string) {
            String text = string.getString().strip();
            try {
                OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                return JsonFactories.PROVIDER.createValue(text);
            } catch (DateTimeException e) {
                try {
                    return JsonFactories.PROVIDER.createValue(
                            LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                                    .atOffset(ZoneOffset.UTC)
                                    .toString());
                } catch (DateTimeException e2) {
                    return null;
                }
            }
        }
        return null;
    }

    private static String withoutQuery(String url) {
        if (url == null) {
            return null;
        }
        int end = url.length();
        for (char c : new char[] {'?', '#'}) {
            int at = url.indexOf(c);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return url.substring(0, end);
    }

    private static void addText(JsonObjectBuilder builder, String name, JsonValue value) {
        String text = text(value);
        if (text != null) {
            builder.add(name, text);
        }
    }

    /** A string as it is, a number or boolean as text, anything else (null, objects, arrays) null. */
    private static String text(JsonValue value) {
        if (value instanceof JsonString string) {
            return string.getString();
        }
        if (value instanceof JsonNumber || value == JsonValue.TRUE || value == JsonValue.FALSE) {
            return value.toString();
        }
        return null;
    }

    private static Long integer(JsonValue value) {
        if (value instanceof JsonNumber number && number.isIntegral()) {
            try {
                return number.longValueExact();
            } catch (ArithmeticException e) {
                return null;
            }
        }
        if (value instanceof JsonString string && string.getString().matches("\\d{1,9}")) {
            return Long.parseLong(string.getString());
        }
        return null;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
