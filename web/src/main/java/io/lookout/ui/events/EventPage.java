package io.lookout.ui.events;

import static io.lookout.ui.Plain.asList;
import static io.lookout.ui.Plain.asMap;

import io.lookout.Problem;
import io.lookout.query.EventQueries;
import io.lookout.ui.Pages;
import io.lookout.ui.Plain;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
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

    @Inject
    private transient EventQueries events;

    private Long project;
    private String id;
    private Map<String, Object> event;
    private String raw;
    private List<Map<String, Object>> correlated = List.of();

    public void load() throws IOException {
        Optional<JsonObject> found = project == null || id == null ? Optional.empty() : events.event(project, id);
        if (found.isEmpty()) {
            Pages.notFound(Problem.notFound("no event " + id));
            return;
        }
        event = Plain.map(found.get());
        raw = Plain.pretty(found.get());
        Object correlationId = event.get("correlationId");
        if (correlationId instanceof String text) {
            List<Map<String, Object>> others = new ArrayList<>();
            events.correlation(project, text).ifPresent(json -> json.getJsonArray("events").forEach(item -> {
                Map<String, Object> other = Plain.map(item.asJsonObject());
                if (!id.equals(other.get("id"))) {
                    others.add(other);
                }
            }));
            correlated = others;
        }
    }

    /** A stack frame as the page shows it. */
    public record Frame(String module, String function, String filename, Object lineno, boolean inApp) implements Serializable {
    }

    /** Consecutive frames of one kind: in-app frames are shown, library frames folded. */
    public record FrameBlock(boolean inApp, List<Frame> frames) implements Serializable {
    }

    /** One exception of the chain: the thrown one first, then its causes. */
    public record ExceptionView(String type, String value, List<FrameBlock> blocks) implements Serializable {
    }

    public List<ExceptionView> getExceptions() {
        List<ExceptionView> chain = new ArrayList<>();
        if (event == null || !"exception".equals(event.get("type"))) {
            return chain;
        }
        Map<String, Object> exception = asMap(event.get("data"));
        for (int depth = 0; exception != null && !exception.isEmpty() && depth < 20; depth++) {
            List<Frame> frames = new ArrayList<>();
            for (Object item : asList(exception.get("frames"))) {
                Map<String, Object> frame = asMap(item);
                frames.add(new Frame(text(frame.get("module")), text(frame.get("function")), text(frame.get("filename")),
                        frame.get("lineno"), Boolean.TRUE.equals(frame.get("inApp"))));
            }
            java.util.Collections.reverse(frames);
            List<FrameBlock> blocks = new ArrayList<>();
            for (Frame frame : frames) {
                if (blocks.isEmpty() || blocks.get(blocks.size() - 1).inApp() != frame.inApp()) {
                    blocks.add(new FrameBlock(frame.inApp(), new ArrayList<>()));
                }
                blocks.get(blocks.size() - 1).frames().add(frame);
            }
            chain.add(new ExceptionView(text(exception.get("type")), text(exception.get("value")), blocks));
            exception = asMap(exception.get("cause"));
        }
        return chain;
    }

    /** Tags sorted by key; null values included. */
    public List<Map.Entry<String, Object>> getTags() {
        return event == null ? List.of() : new ArrayList<>(new TreeMap<>(asMap(event.get("tags"))).entrySet());
    }

    public Map<String, Object> getData() {
        return event == null ? Map.of() : asMap(event.get("data"));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }



    public Map<String, Object> getEvent() {
        return event;
    }

    public String getRaw() {
        return raw;
    }

    public List<Map<String, Object>> getCorrelated() {
        return correlated;
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
