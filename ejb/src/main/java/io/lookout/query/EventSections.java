package io.lookout.query;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the event page shows of an event's data, read from any JSON without failing: the exception
 * chain with its frames (source context lines and local variables when the SDK sent them), and for
 * an event of a Sentry SDK (its original in {@code data.sentry}) the breadcrumbs, contexts, user,
 * request and SDK.
 *
 * <p>A native exception event's frames may carry {@code preContext}, {@code contextLine},
 * {@code postContext} (or Sentry's {@code pre_context}, {@code context_line}, {@code post_context})
 * and {@code vars} (an object); the same fields of a Sentry frame are read from the original.
 * Values of a wrong type are skipped; every list is capped (the rest counted, shown as "n more")
 * and every text cut at {@value #MAX_TEXT} characters, so a hostile event cannot make the page huge.
 */
public final class EventSections {

    /** Exceptions of one chain shown. */
    public static final int MAX_EXCEPTIONS = 20;
    /** Frames shown per exception: the crash-nearest ones. */
    public static final int MAX_FRAMES = 200;
    /** Context lines shown before and after the line of a frame. */
    public static final int MAX_CONTEXT_LINES = 10;
    /** Local variables shown per frame. */
    public static final int MAX_VARS = EventSections.MAX_ENTRIES;
    /** Breadcrumbs shown: the latest ones. */
    public static final int MAX_BREADCRUMBS = 100;
    /** Contexts shown, and entries per context, user, request headers and query. */
    public static final int MAX_ENTRIES = 50;
    /** Characters of one text shown. */
    public static final int MAX_TEXT = 2000;

    /**
     * An exception of the chain, the thrown one first; {@code cause} is true for every later one. Or,
     * for an event without an exception, a thread's stack trace (Sentry's {@code threads}, sent with a
     * message when the SDK attaches stack traces): then {@code thread} is true, {@code type} is the
     * thread's name (or its id) and {@code value} says "crashed" or "current" when the SDK marks it so.
     */
    public record ExceptionSection(
            String type, String value, boolean cause, List<Frame> frames, int framesOmitted, boolean thread) {

        public ExceptionSection(String type, String value, boolean cause, List<Frame> frames, int framesOmitted) {
            this(type, value, cause, frames, framesOmitted, false);
        }

        /** The frames in runs of in-app and library frames, crash frame first. */
        public List<FrameBlock> getBlocks() {
            List<FrameBlock> blocks = new ArrayList<>();
            for (Frame frame : frames) {
                if (blocks.isEmpty() || blocks.get(blocks.size() - 1).inApp() != frame.inApp()) {
                    blocks.add(new FrameBlock(frame.inApp(), new ArrayList<>()));
                }
                blocks.get(blocks.size() - 1).frames().add(frame);
            }
            return blocks;
        }
    }

    /** Consecutive frames of one kind: in-app frames are shown, library frames folded. */
    public record FrameBlock(boolean inApp, List<Frame> frames) {}

    /**
     * One stack frame.
     *
     * @param lines the source lines around {@code lineno} when sent ({@code current} marks the frame's line)
     * @param vars the frame's local variables as sent (values as text)
     */
    public record Frame(
            String module,
            String function,
            String filename,
            Long lineno,
            Long colno,
            boolean inApp,
            List<SourceLine> lines,
            List<Entry> vars,
            int varsOmitted) {

        /** {@code module.function}, or the function alone. */
        public String getName() {
            String name = function == null ? "?" : function;
            return module == null || module.isBlank() ? name : module + "." + name;
        }

        /** {@code (file:line:column)}, or empty. */
        public String getLocation() {
            if (filename == null && lineno == null) {
                return "";
            }
            StringBuilder location = new StringBuilder(" (").append(filename == null ? "?" : filename);
            if (lineno != null) {
                location.append(':').append(lineno);
                if (colno != null) {
                    location.append(':').append(colno);
                }
            }
            return location.append(')').toString();
        }

        /** Whether there is more than the one line: context lines or variables. */
        public boolean isDetailed() {
            return !lines.isEmpty() || !vars.isEmpty();
        }
    }

    /** One line of source; {@code number} is null when the frame has no line number. */
    public record SourceLine(Long number, String text, boolean current) {}

    /** A key and its value as text. */
    public record Entry(String key, String value) {}

    /** One breadcrumb; {@code data} its data's entries. */
    public record Breadcrumb(
            Instant timestamp,
            String time,
            String type,
            String category,
            String level,
            String message,
            List<Entry> data) {}

    /** One context ({@code runtime}, {@code os}, …) by its name in the event. */
    public record Context(String name, List<Entry> entries, int omitted) {}

    /** The request: method, URL, query and headers as sent (scrubbed at ingest). */
    public record Request(String method, String url, List<Entry> query, List<Entry> headers, int omitted) {}

    /** The SDK that sent the event. */
    public record Sdk(String name, String version) {}

    /** Everything the page shows beyond the stored columns; empty lists when absent. */
    public record Sections(
            List<ExceptionSection> exceptions,
            int exceptionsOmitted,
            List<Breadcrumb> breadcrumbs,
            int breadcrumbsOmitted,
            List<Context> contexts,
            int contextsOmitted,
            List<Entry> user,
            Request request,
            Sdk sdk,
            String release,
            String environment) {

        /** The stack trace as text, thrown exception first, each frame on a line, for the copy button. */
        public String getStackTrace() {
            StringBuilder text = new StringBuilder();
            for (ExceptionSection exception : exceptions) {
                if (exception.cause()) {
                    text.append("Caused by: ");
                } else if (exception.thread()) {
                    text.append("Thread ");
                }
                text.append(exception.type());
                if (exception.value() != null) {
                    text.append(": ").append(exception.value());
                }
                text.append('\n');
                for (Frame frame : exception.frames()) {
                    text.append("    at ")
                            .append(frame.getName())
                            .append(frame.getLocation())
                            .append('\n');
                }
                if (exception.framesOmitted() > 0) {
                    text.append("    ... ").append(exception.framesOmitted()).append(" more\n");
                }
            }
            return text.toString();
        }
    }

    private EventSections() {}

    /**
     * @param type the event's type
     * @param data the event's data as stored
     * @param tags the event's tags ({@code release} and {@code environment} are read from them first)
     */
    public static Sections of(String type, JsonValue data, Map<String, String> tags) {
        JsonObject native_ = data instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;
        JsonObject sentry = native_.get("sentry") instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;

        List<ExceptionSection> exceptions = new ArrayList<>();
        int[] exceptionsOmitted = {0};
        if (!sentryExceptions(sentry, exceptions, exceptionsOmitted) && "exception".equals(type)) {
            nativeExceptions(native_, exceptions, exceptionsOmitted);
        }
        if (exceptions.isEmpty()) {
            sentryThreads(sentry.get("threads"), exceptions, exceptionsOmitted);
        }

        List<Breadcrumb> breadcrumbs = new ArrayList<>();
        int breadcrumbsOmitted = breadcrumbs(sentry.get("breadcrumbs"), breadcrumbs);

        List<Context> contexts = new ArrayList<>();
        int contextsOmitted = 0;
        if (sentry.get("contexts") instanceof JsonObject object) {
            for (Map.Entry<String, JsonValue> context : object.entrySet()) {
                if (contexts.size() == MAX_ENTRIES) {
                    contextsOmitted++;
                    continue;
                }
                List<Entry> entries = new ArrayList<>();
                int omitted = context.getValue() instanceof JsonObject fields
                        ? entries(fields, entries, Set.of())
                        : add(entries, "value", context.getValue());
                contexts.add(new Context(cut(context.getKey()), entries, omitted));
            }
        }

        List<Entry> user = new ArrayList<>();
        if (sentry.get("user") instanceof JsonObject object) {
            entries(object, user, Set.of());
        }

        Request request = request(sentry.get("request"));
        Sdk sdk = null;
        if (sentry.get("sdk") instanceof JsonObject object && (text(object.get("name")) != null)) {
            sdk = new Sdk(cut(text(object.get("name"))), cut(text(object.get("version"))));
        }
        String release = tags == null ? null : tags.get("release");
        if (release == null) {
            release = cut(text(sentry.get("release")));
        }
        String environment = tags == null ? null : tags.get("environment");
        if (environment == null) {
            environment = cut(text(sentry.get("environment")));
        }
        return new Sections(
                exceptions,
                exceptionsOmitted[0],
                breadcrumbs,
                breadcrumbsOmitted,
                contexts,
                contextsOmitted,
                user,
                request,
                sdk,
                release,
                environment);
    }

    /** Sentry's {@code exception.values}, oldest (root cause) first: shown thrown first. False when there are none. */
    private static boolean sentryExceptions(JsonObject sentry, List<ExceptionSection> chain, int[] omitted) {
        JsonValue exception = sentry.get("exception");
        JsonValue values = exception instanceof JsonObject object ? object.get("values") : exception;
        if (!(values instanceof JsonArray array)) {
            return false;
        }
        List<JsonObject> list = new ArrayList<>();
        for (JsonValue value : array) {
            if (value instanceof JsonObject object && text(object.get("type")) != null) {
                list.add(object);
            }
        }
        if (list.isEmpty()) {
            return false;
        }
        Collections.reverse(list);
        for (JsonObject value : list) {
            if (chain.size() == MAX_EXCEPTIONS) {
                omitted[0]++;
                continue;
            }
            String type = text(value.get("type"));
            String module = text(value.get("module"));
            if (module != null && !module.isBlank() && !type.contains(".")) {
                type = module + "." + type;
            }
            JsonValue stacktrace = value.get("stacktrace");
            JsonValue frames = stacktrace instanceof JsonObject trace ? trace.get("frames") : null;
            chain.add(exception(type, value.get("value"), !chain.isEmpty(), frames));
        }
        return true;
    }

    /**
     * Sentry's {@code threads} ({@code {"values": [...]}} or a list): each thread with stack frames, the
     * crashed one first, then the current one, then the others as sent (a message's stack trace is the
     * current thread's).
     */
    private static void sentryThreads(JsonValue threads, List<ExceptionSection> shown, int[] omitted) {
        JsonValue values = threads instanceof JsonObject object ? object.get("values") : threads;
        if (!(values instanceof JsonArray array)) {
            return;
        }
        List<JsonObject> withFrames = new ArrayList<>();
        for (JsonValue value : array) {
            if (value instanceof JsonObject thread
                    && thread.get("stacktrace") instanceof JsonObject trace
                    && trace.get("frames") instanceof JsonArray frames
                    && !frames.isEmpty()) {
                withFrames.add(thread);
            }
        }
        // stable: crashed, then current, then the rest in the order sent
        withFrames.sort(java.util.Comparator.comparingInt(thread -> JsonValue.TRUE.equals(thread.get("crashed"))
                ? 0
                : JsonValue.TRUE.equals(thread.get("current")) ? 1 : 2));
        for (JsonObject thread : withFrames) {
            if (shown.size() == MAX_EXCEPTIONS) {
                omitted[0]++;
                continue;
            }
            String name = text(thread.get("name"));
            if (name == null || name.isBlank()) {
                Long id = integer(thread.get("id"));
                name = id != null ? "#" + id : text(thread.get("id"));
            }
            String state = JsonValue.TRUE.equals(thread.get("crashed"))
                    ? "crashed"
                    : JsonValue.TRUE.equals(thread.get("current")) ? "current" : null;
            JsonValue frames = ((JsonObject) thread.get("stacktrace")).get("frames");
            ExceptionSection section = exception(name, null, false, frames);
            shown.add(new ExceptionSection(
                    section.type(), state, false, section.frames(), section.framesOmitted(), true));
        }
    }

    /** The native chain: the thrown exception, its {@code cause}, the cause's {@code cause}, … */
    private static void nativeExceptions(JsonObject data, List<ExceptionSection> chain, int[] omitted) {
        JsonObject exception = data;
        while (exception != null && !exception.isEmpty()) {
            if (chain.size() == MAX_EXCEPTIONS) {
                omitted[0]++;
            } else {
                chain.add(exception(
                        text(exception.get("type")),
                        exception.get("value"),
                        !chain.isEmpty(),
                        exception.get("frames")));
            }
            if (omitted[0] > 10_000) {
                break;
            }
            exception = exception.get("cause") instanceof JsonObject cause ? cause : null;
        }
    }

    /** Frames oldest first as sent; shown crash frame first, the oldest beyond the cap counted. */
    private static ExceptionSection exception(String type, JsonValue value, boolean cause, JsonValue frames) {
        List<Frame> shown = new ArrayList<>();
        int omitted = 0;
        if (frames instanceof JsonArray array) {
            for (int i = array.size() - 1; i >= 0; i--) {
                if (!(array.get(i) instanceof JsonObject frame)) {
                    continue;
                }
                if (shown.size() == MAX_FRAMES) {
                    omitted++;
                } else {
                    shown.add(frame(frame));
                }
            }
        }
        return new ExceptionSection(cut(type == null ? "?" : type), cut(text(value)), cause, shown, omitted);
    }

    private static Frame frame(JsonObject frame) {
        String filename = text(frame.get("filename"));
        if (filename == null) {
            filename = text(frame.get("abs_path"));
        }
        if (filename == null) {
            filename = text(frame.get("absPath"));
        }
        Long lineno = integer(frame.get("lineno"));
        boolean inApp = frame.get("inApp") == JsonValue.TRUE || frame.get("in_app") == JsonValue.TRUE;

        List<SourceLine> lines = new ArrayList<>();
        JsonValue contextLine = field(frame, "contextLine", "context_line");
        if (contextLine instanceof JsonString current) {
            List<String> before = strings(field(frame, "preContext", "pre_context"), true);
            List<String> after = strings(field(frame, "postContext", "post_context"), false);
            for (int i = 0; i < before.size(); i++) {
                lines.add(
                        new SourceLine(lineno == null ? null : lineno - before.size() + i, cut(before.get(i)), false));
            }
            lines.add(new SourceLine(lineno, cut(current.getString()), true));
            for (int i = 0; i < after.size(); i++) {
                lines.add(new SourceLine(lineno == null ? null : lineno + 1 + i, cut(after.get(i)), false));
            }
        }

        List<Entry> vars = new ArrayList<>();
        int varsOmitted = frame.get("vars") instanceof JsonObject object ? entries(object, vars, Set.of()) : 0;
        return new Frame(
                cut(text(frame.get("module"))),
                cut(text(frame.get("function"))),
                cut(filename),
                lineno,
                integer(frame.get("colno")),
                inApp,
                lines,
                vars,
                varsOmitted);
    }

    /** The strings of an array: the last (before) or first (after) {@value #MAX_CONTEXT_LINES}; non-strings as empty lines. */
    private static List<String> strings(JsonValue value, boolean last) {
        if (!(value instanceof JsonArray array)) {
            return List.of();
        }
        int from = last ? Math.max(0, array.size() - MAX_CONTEXT_LINES) : 0;
        int to = last ? array.size() : Math.min(array.size(), MAX_CONTEXT_LINES);
        List<String> lines = new ArrayList<>();
        for (int i = from; i < to; i++) {
            lines.add(array.get(i) instanceof JsonString line ? line.getString() : "");
        }
        return lines;
    }

    /** Sentry's {@code breadcrumbs}: {@code {"values": [...]}} or a list, oldest first; the latest kept. */
    private static int breadcrumbs(JsonValue value, List<Breadcrumb> shown) {
        JsonValue values = value instanceof JsonObject object ? object.get("values") : value;
        if (!(values instanceof JsonArray array)) {
            return 0;
        }
        List<JsonObject> crumbs = new ArrayList<>();
        for (JsonValue crumb : array) {
            if (crumb instanceof JsonObject object) {
                crumbs.add(object);
            }
        }
        int omitted = Math.max(0, crumbs.size() - MAX_BREADCRUMBS);
        for (JsonObject crumb : crumbs.subList(omitted, crumbs.size())) {
            List<Entry> data = new ArrayList<>();
            if (crumb.get("data") instanceof JsonObject object) {
                entries(object, data, Set.of());
            }
            Instant timestamp = instant(crumb.get("timestamp"));
            shown.add(new Breadcrumb(
                    timestamp,
                    timestamp == null ? cut(text(crumb.get("timestamp"))) : null,
                    cut(text(crumb.get("type"))),
                    cut(text(crumb.get("category"))),
                    cut(text(crumb.get("level"))),
                    cut(text(crumb.get("message"))),
                    data));
        }
        return omitted;
    }

    private static Request request(JsonValue value) {
        if (!(value instanceof JsonObject request)) {
            return null;
        }
        String method = cut(text(request.get("method")));
        String url = cut(text(request.get("url")));
        List<Entry> query = new ArrayList<>();
        int omitted = pairs(request.get("query_string"), query);
        List<Entry> headers = new ArrayList<>();
        omitted += pairs(request.get("headers"), headers);
        if (method == null && url == null && query.isEmpty() && headers.isEmpty()) {
            return null;
        }
        return new Request(method, url, query, headers, omitted);
    }

    /** An object, a list of {@code [key, value]} pairs, or a query string {@code a=1&b=2}. */
    private static int pairs(JsonValue value, List<Entry> entries) {
        if (value instanceof JsonObject object) {
            return entries(object, entries, Set.of());
        }
        int omitted = 0;
        if (value instanceof JsonArray array) {
            for (JsonValue pair : array) {
                if (pair instanceof JsonArray kv && kv.size() == 2 && text(kv.get(0)) != null) {
                    if (entries.size() == MAX_ENTRIES) {
                        omitted++;
                    } else {
                        entries.add(new Entry(cut(text(kv.get(0))), cut(text(kv.get(1)))));
                    }
                }
            }
        } else if (value instanceof JsonString string && !string.getString().isEmpty()) {
            String query = string.getString();
            if (query.startsWith("?")) {
                query = query.substring(1);
            }
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                if (entries.size() == MAX_ENTRIES) {
                    omitted++;
                    continue;
                }
                int equals = pair.indexOf('=');
                entries.add(
                        equals < 0
                                ? new Entry(cut(pair), "")
                                : new Entry(cut(pair.substring(0, equals)), cut(pair.substring(equals + 1))));
            }
        }
        return omitted;
    }

    /** An object's fields as entries, nested values as compact JSON; returns how many were left out. */
    private static int entries(JsonObject object, List<Entry> entries, Set<String> skip) {
        int omitted = 0;
        for (Map.Entry<String, JsonValue> field : object.entrySet()) {
            if (skip.contains(field.getKey())) {
                continue;
            }
            omitted += add(entries, field.getKey(), field.getValue());
        }
        return omitted;
    }

    private static int add(List<Entry> entries, String key, JsonValue value) {
        if (entries.size() == MAX_ENTRIES) {
            return 1;
        }
        entries.add(new Entry(cut(key), value == null ? null : cut(text(value))));
        return 0;
    }

    private static JsonValue field(JsonObject object, String name, String alias) {
        JsonValue value = object.get(name);
        return value == null ? object.get(alias) : value;
    }

    /** A breadcrumb's time: seconds since the epoch (a number) or an ISO-8601 text; null when neither. */
    static Instant instant(JsonValue value) {
        try {
            if (value instanceof JsonNumber number) {
                BigDecimal seconds = number.bigDecimalValue();
                if (seconds.abs().compareTo(BigDecimal.valueOf(100_000_000_000L)) > 0) {
                    return null;
                }
                return Instant.ofEpochSecond(
                        seconds.longValue(),
                        seconds.remainder(BigDecimal.ONE).movePointRight(9).intValue());
            }
            if (value instanceof JsonString text) {
                String iso = text.getString();
                try {
                    return OffsetDateTime.parse(iso).toInstant();
                } catch (DateTimeParseException e) {
                    // Sentry SDKs without an offset mean UTC
                    return Instant.parse(iso.endsWith("Z") ? iso : iso + "Z");
                }
            }
        } catch (ArithmeticException | DateTimeException e) {
            return null;
        }
        return null;
    }

    /** A JSON value as the page writes it: strings without quotes, null as nothing. */
    static String text(JsonValue value) {
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        return value instanceof JsonString string ? string.getString() : value.toString();
    }

    private static Long integer(JsonValue value) {
        return value instanceof JsonNumber number
                        && number.isIntegral()
                        && number.bigIntegerValue().bitLength() < 63
                ? number.longValue()
                : null;
    }

    /** At most {@value #MAX_TEXT} characters, an ellipsis marking the cut. */
    static String cut(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
    }
}
