package io.lookout.processors.exception;

import io.lookout.processors.message.VariableParts;
import io.lookout.processors.spi.InvalidEventException;
import io.lookout.processors.spi.ProcessedEvent;
import io.lookout.processors.spi.Processor;
import io.lookout.processors.spi.RawEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Exceptions with stack traces ({@code type: "exception"}).
 *
 * <p>Data: {@code {"type": "java.lang.IllegalStateException", "value": "boom", "frames": [{"module":
 * "com.acme.Cart", "function": "checkout", "filename": "Cart.java", "lineno": 42, "inApp": true}],
 * "cause": {...}}}: frames oldest first, the crash frame last; {@code cause} has the same shape.
 *
 * <p>Grouping: for the exception and each of its causes, its type and the keys
 * ({@code module.function}, or {@code function (file)} without a module) of its in-app frames, or
 * of all its frames when none is in-app, with names {@linkplain FrameNames normalised} and
 * consecutive repeats (recursion) collapsed; line numbers never count. An exception without frames
 * contributes its type and its value with the {@linkplain VariableParts variable parts} replaced.
 * The grouping description names each type and frame used, the value left out when there are frames,
 * and the frames left out (not in-app, repeats, beyond the frame limit) in runs; a frame whose
 * {@code inAppBy} says who set its {@code inApp} (Lookout's grouping rules: {@code "rule line 3"})
 * is left out as {@code "not in-app (rule line 3)"}.
 *
 * <p>Bounds: of a chain longer than {@value #MAX_CHAIN} exceptions, the outermost and innermost
 * {@value #MAX_CHAIN}/2 are used; of a trace longer than {@value #MAX_FRAMES} frames, the first
 * (oldest) and last {@value #MAX_FRAMES}/2. When anything was cut, the cut data is stored, with
 * {@code framesOmitted} and {@code causesOmitted} counts. The chain is walked in loops, never by
 * recursion.
 *
 * <p>Summary: the event's message, or {@code "IllegalStateException: boom"} (the type's last dotted
 * segment and the first line of the value); the culprit is the last in-app frame of the thrown
 * exception (the last frame when none is in-app). Derived tags: {@code function} (the culprit) and
 * {@code level} (default {@code error}). See {@code docs/processors-exception-request.md}.
 */
@ApplicationScoped
public class ExceptionProcessor implements Processor {

    /** Exceptions (the thrown one and its causes) used of one chain. */
    static final int MAX_CHAIN = 50;
    /** Frames used of one exception's trace. */
    static final int MAX_FRAMES = 1000;
    /** Characters of a value normalised for the checksum. */
    static final int MAX_VALUE_LENGTH = 8192;
    /** Characters of the summary. */
    static final int MAX_SUMMARY_LENGTH = 1000;
    /** Characters of a tag value. */
    static final int MAX_TAG_LENGTH = 200;
    /** Characters of a value described as left out. */
    static final int MAX_DESCRIBED_VALUE = 200;
    /** The checksum part that separates an exception from its cause. */
    static final String CAUSED_BY = "caused by";

    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());

    /**
     * @param inAppBy who set {@code inApp} when it was not the sender (Lookout's grouping rules write
     *     {@code "inAppBy": "rule line 3"}), or {@code null}
     */
    private record Frame(String module, String function, String filename, boolean inApp, String inAppBy) {}

    /**
     * The keys of one event's frames: {@code module.function}, {@code function (file)} or
     * {@code function}, all normalised. Each distinct name is normalised once (the frames of
     * chained causes repeat many of their outer exception's).
     */
    private static final class FrameKeys {
        private final Map<String, String> modules = new HashMap<>();
        private final Map<String, String> functions = new HashMap<>();
        private final Map<String, String> files = new HashMap<>();

        String of(Frame frame) {
            String function =
                    frame.function() == null ? "?" : functions.computeIfAbsent(frame.function(), FrameNames::function);
            String module = frame.module() == null ? null : modules.computeIfAbsent(frame.module(), FrameNames::module);
            if (module != null) {
                return module + "." + function;
            }
            String file =
                    frame.filename() == null ? null : files.computeIfAbsent(frame.filename(), FrameNames::filename);
            return file == null ? function : function + " (" + file + ")";
        }
    }

    /** One exception of the chain, with its trace cut to {@link #MAX_FRAMES}. */
    private record Link(JsonObject source, String type, String value, List<JsonValue> keptFrames, int framesOmitted) {
        List<Frame> frames() {
            List<Frame> frames = new ArrayList<>(keptFrames.size());
            for (JsonValue value : keptFrames) {
                JsonObject frame = value.asJsonObject();
                frames.add(new Frame(
                        string(frame, "module"),
                        string(frame, "function"),
                        string(frame, "filename"),
                        frame.get("inApp") == JsonValue.TRUE,
                        string(frame, "inAppBy")));
            }
            return frames;
        }
    }

    @Override
    public Set<String> types() {
        return Set.of("exception");
    }

    @Override
    public void validate(RawEvent event) throws InvalidEventException {
        ExceptionValidator.validate(event.data());
    }

    @Override
    public ProcessedEvent process(RawEvent event) {
        List<JsonObject> chain = chain(event.data());
        int causesOmitted = Math.max(0, chain.size() - MAX_CHAIN);
        List<JsonObject> keptChain = causesOmitted == 0 ? chain : firstAndLast(chain, MAX_CHAIN / 2);
        List<Link> links = new ArrayList<>(keptChain.size());
        for (JsonObject exception : keptChain) {
            links.add(link(exception));
        }

        ProcessedEvent.Builder result = ProcessedEvent.builder();
        FrameKeys keys = new FrameKeys();
        String culprit = null;
        for (int i = 0; i < links.size(); i++) {
            Link link = links.get(i);
            List<Frame> frames = link.frames();
            if (i > 0) {
                result.checksumParts(CAUSED_BY).groupedBy(CAUSED_BY, link.type());
            } else {
                result.groupedBy("type", link.type());
            }
            result.checksumParts(link.type());
            result.checksumParts(checksumParts(link, frames, keys, result));
            if (causesOmitted > 0 && i == MAX_CHAIN / 2 - 1) {
                result.leftOut(
                        "causes",
                        causesOmitted + " in the middle of the chain",
                        "beyond the limit of " + MAX_CHAIN + " exceptions");
            }
            if (culprit == null && !frames.isEmpty()) {
                culprit = culprit(frames, keys);
            }
        }
        Link thrown = links.get(0);
        result.message(cut(event.message().orElseGet(() -> summary(thrown)), MAX_SUMMARY_LENGTH));
        if (culprit != null && !culprit.equals("?")) {
            result.culprit(cut(culprit, MAX_SUMMARY_LENGTH));
            result.tag("function", cut(culprit, MAX_TAG_LENGTH));
        }
        result.tag("level", event.level().orElse("error"));
        if (causesOmitted > 0 || links.stream().anyMatch(link -> link.framesOmitted() > 0)) {
            result.data(cutData(links, causesOmitted));
        }
        return result.build();
    }

    /** The exception and its causes, outermost first, found in a loop. */
    private static List<JsonObject> chain(JsonObject data) {
        List<JsonObject> chain = new ArrayList<>();
        JsonObject exception = data;
        while (exception != null) {
            chain.add(exception);
            JsonValue cause = exception.get("cause");
            exception =
                    cause != null && cause.getValueType() == JsonValue.ValueType.OBJECT ? cause.asJsonObject() : null;
        }
        return chain;
    }

    private static Link link(JsonObject exception) {
        String type = string(exception, "type");
        String value = string(exception, "value");
        JsonValue frames = exception.get("frames");
        List<JsonValue> all =
                frames != null && frames.getValueType() == JsonValue.ValueType.ARRAY ? frames.asJsonArray() : List.of();
        if (all.size() <= MAX_FRAMES) {
            return new Link(exception, type == null ? "?" : type.strip(), value, all, 0);
        }
        return new Link(
                exception,
                type == null ? "?" : type.strip(),
                value,
                firstAndLast(all, MAX_FRAMES / 2),
                all.size() - MAX_FRAMES);
    }

    /**
     * The frame keys of one exception, or its normalised value when it has no frames; describes
     * each part used and each frame left out (runs of frames left out for one reason as one part).
     */
    private static List<String> checksumParts(
            Link link, List<Frame> frames, FrameKeys keys, ProcessedEvent.Builder result) {
        List<String> parts = new ArrayList<>();
        if (frames.isEmpty()) {
            if (link.value() != null && !link.value().isBlank()) {
                List<VariableParts.Stripped> stripped = new ArrayList<>();
                String value = VariableParts.normalize(cut(link.value().strip(), MAX_VALUE_LENGTH), stripped);
                parts.add(value);
                result.groupedBy("value", value);
                VariableParts.describe(result, stripped);
            }
            return parts;
        }
        if (link.value() != null && !link.value().isBlank()) {
            result.leftOut(
                    "value", cut(firstLine(link.value()), MAX_DESCRIBED_VALUE), "not used: the exception has frames");
        }
        boolean anyInApp = frames.stream().anyMatch(Frame::inApp);
        LeftOut run = new LeftOut(keys, result);
        String previous = null;
        for (int i = 0; i < frames.size(); i++) {
            if (link.framesOmitted() > 0 && i == MAX_FRAMES / 2) {
                run.flush();
                result.leftOut(
                        "frames",
                        link.framesOmitted() + " in the middle of the trace",
                        "beyond the limit of " + MAX_FRAMES + " frames");
            }
            Frame frame = frames.get(i);
            if (anyInApp && !frame.inApp()) {
                run.add(frame, frame.inAppBy() == null ? "not in-app" : "not in-app (" + frame.inAppBy() + ")");
                continue;
            }
            String key = keys.of(frame);
            if (key.equals(previous)) {
                run.add(frame, "repeats the frame before (recursion)");
                continue;
            }
            run.flush();
            parts.add(key);
            result.groupedBy("frame", key);
            previous = key;
        }
        run.flush();
        return parts;
    }

    /** Consecutive frames left out for one reason, described as one part when the run ends. */
    private static final class LeftOut {
        private final FrameKeys keys;
        private final ProcessedEvent.Builder result;
        private Frame first;
        private Frame last;
        private String reason;
        private int count;

        LeftOut(FrameKeys keys, ProcessedEvent.Builder result) {
            this.keys = keys;
            this.result = result;
        }

        void add(Frame frame, String why) {
            if (count > 0 && !why.equals(reason)) {
                flush();
            }
            if (count == 0) {
                first = frame;
                reason = why;
            }
            last = frame;
            count++;
        }

        void flush() {
            if (count == 1) {
                result.leftOut("frame", keys.of(first), reason);
            } else if (count > 1) {
                result.leftOut("frames", keys.of(first) + " … " + keys.of(last) + " (" + count + " frames)", reason);
            }
            count = 0;
        }
    }

    /** The last in-app frame, or the last frame. */
    private static String culprit(List<Frame> frames, FrameKeys keys) {
        for (int i = frames.size() - 1; i >= 0; i--) {
            if (frames.get(i).inApp()) {
                return keys.of(frames.get(i));
            }
        }
        return keys.of(frames.get(frames.size() - 1));
    }

    /** {@code ShortType: first line of the value}, or the short type alone. */
    private static String summary(Link thrown) {
        String type = shortType(thrown.type());
        String value = thrown.value() == null ? "" : firstLine(thrown.value());
        return value.isEmpty() ? type : type + ": " + value;
    }

    /** The last dotted segment: {@code java.lang.IllegalStateException} → {@code IllegalStateException}. */
    static String shortType(String type) {
        int dot = type.lastIndexOf('.');
        return dot >= 0 && dot < type.length() - 1 ? type.substring(dot + 1) : type;
    }

    private static String firstLine(String text) {
        String stripped = text.strip();
        int end = 0;
        while (end < stripped.length() && stripped.charAt(end) != '\n' && stripped.charAt(end) != '\r') {
            end++;
        }
        return stripped.substring(0, end).strip();
    }

    /** The data with every cut applied, built from the innermost exception outwards. */
    private static JsonObject cutData(List<Link> links, int causesOmitted) {
        JsonObject inner = null;
        for (int i = links.size() - 1; i >= 0; i--) {
            Link link = links.get(i);
            JsonObjectBuilder exception = JSON.createObjectBuilder(link.source());
            if (link.framesOmitted() > 0) {
                JsonArrayBuilder frames = JSON.createArrayBuilder();
                link.keptFrames().forEach(frames::add);
                exception.add("frames", frames).add("framesOmitted", link.framesOmitted());
            }
            if (inner == null) {
                exception.remove("cause");
            } else {
                exception.add("cause", inner);
            }
            if (causesOmitted > 0 && i == MAX_CHAIN / 2 - 1) {
                exception.add("causesOmitted", causesOmitted);
            }
            inner = exception.build();
        }
        return inner;
    }

    private static <T> List<T> firstAndLast(List<T> list, int each) {
        List<T> kept = new ArrayList<>(2 * each);
        kept.addAll(list.subList(0, each));
        kept.addAll(list.subList(list.size() - each, list.size()));
        return kept;
    }

    private static String string(JsonObject object, String key) {
        JsonValue value = object.get(key);
        return value instanceof JsonString string ? string.getString() : null;
    }

    private static String cut(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length);
    }
}
