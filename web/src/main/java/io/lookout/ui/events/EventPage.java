package io.lookout.ui.events;

import io.lookout.query.EventDetail;
import io.lookout.query.EventQueries;
import io.lookout.ui.Pages;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One event: its stack trace (crash frame first, in-app frames highlighted, library frames folded),
 * its SQL normalised and as sent, its request, tags, raw JSON and the events that share its
 * correlation id.
 */
@Named
@ViewScoped
public class EventPage implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The raw JSON block: the event as the API answers it, indented. */
    private static final Jsonb PRETTY = JsonbBuilder.create(new JsonbConfig().withFormatting(true));

    @Inject
    private transient EventQueries events;

    private Long project;
    private String id;
    /** Read again when the view is restored from a serialised session: its data is JSON, not serialisable. */
    private transient EventDetail event;

    private boolean found;
    private List<Correlated> correlated = List.of();

    public void load() throws IOException {
        if (project == null || id == null) {
            Pages.sendError(400, "error.missingParameter", project == null ? "project" : "id");
            return;
        }
        Optional<EventDetail> read = events.event(project, id);
        if (read.isEmpty()) {
            Pages.notFound("error.noEvent", id);
            return;
        }
        event = read.get();
        this.found = true;
        if (event.correlationId() != null) {
            correlated = events.correlation(project, event.correlationId())
                    .map(correlation -> correlation.events().stream()
                            .filter(other -> !id.equals(other.id()))
                            .map(other -> new Correlated(other.id(), other.timestamp(), other.type(), other.message()))
                            .toList())
                    .orElse(List.of());
        }
    }

    /** An event that shares the correlation id. */
    public record Correlated(String id, java.time.Instant timestamp, String type, String message)
            implements Serializable {}

    /** A stack frame as the page shows it. */
    public record Frame(String module, String function, String filename, Object lineno, boolean inApp)
            implements Serializable {}

    /** Consecutive frames of one kind: in-app frames are shown, library frames folded. */
    public record FrameBlock(boolean inApp, List<Frame> frames) implements Serializable {}

    /** One exception of the chain: the thrown one first, then its causes. */
    public record ExceptionView(String type, String value, List<FrameBlock> blocks) implements Serializable {}

    public List<ExceptionView> getExceptions() {
        List<ExceptionView> chain = new ArrayList<>();
        EventDetail shown = getEvent();
        if (shown == null || !"exception".equals(shown.type())) {
            return chain;
        }
        JsonObject exception = object(shown.data());
        for (int depth = 0; exception != null && !exception.isEmpty() && depth < 20; depth++) {
            List<Frame> frames = new ArrayList<>();
            if (exception.get("frames") instanceof JsonArray array) {
                for (JsonValue item : array) {
                    if (!(item instanceof JsonObject frame)) {
                        continue;
                    }
                    frames.add(new Frame(
                            text(frame.get("module")),
                            text(frame.get("function")),
                            text(frame.get("filename")),
                            plain(frame.get("lineno")),
                            frame.get("inApp") == JsonValue.TRUE));
                }
            }
            Collections.reverse(frames);
            List<FrameBlock> blocks = new ArrayList<>();
            for (Frame frame : frames) {
                if (blocks.isEmpty() || blocks.get(blocks.size() - 1).inApp() != frame.inApp()) {
                    blocks.add(new FrameBlock(frame.inApp(), new ArrayList<>()));
                }
                blocks.get(blocks.size() - 1).frames().add(frame);
            }
            chain.add(new ExceptionView(text(exception.get("type")), text(exception.get("value")), blocks));
            exception = object(exception.get("cause"));
        }
        return chain;
    }

    /** Tags sorted by key; null values included. */
    public List<Map.Entry<String, String>> getTags() {
        EventDetail shown = getEvent();
        return shown == null ? List.of() : new ArrayList<>(new TreeMap<>(shown.tags()).entrySet());
    }

    /** The top-level fields of the event's data as text (a query's {@code engine} and {@code query}, a request's {@code url}). */
    public Map<String, String> getData() {
        EventDetail shown = getEvent();
        Map<String, String> data = new TreeMap<>();
        if (shown != null && shown.data() instanceof JsonObject object) {
            object.forEach((key, value) -> data.put(key, text(value)));
        }
        return data;
    }

    /** The event as the API answers it, indented; shown as text (escaped like any text). */
    public String getRaw() {
        EventDetail shown = getEvent();
        return shown == null ? null : PRETTY.toJson(shown).strip();
    }

    public EventDetail getEvent() {
        if (event == null && found) {
            event = events.event(project, id).orElse(null);
        }
        return event;
    }

    public List<Correlated> getCorrelated() {
        return correlated;
    }

    private static JsonObject object(JsonValue value) {
        return value instanceof JsonObject object ? object : null;
    }

    /** A JSON value as the page writes it: strings without quotes, null as nothing. */
    private static String text(JsonValue value) {
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        return value instanceof JsonString string ? string.getString() : value.toString();
    }

    /** A line number as the page writes it: a whole number without decimals. */
    private static Object plain(JsonValue value) {
        if (value instanceof jakarta.json.JsonNumber number) {
            return number.isIntegral() ? (Object) number.longValue() : (Object) number.doubleValue();
        }
        return text(value);
    }

    public Long getProject() {
        return project;
    }

    public void setProject(Long project) {
        this.project = project;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }
}
