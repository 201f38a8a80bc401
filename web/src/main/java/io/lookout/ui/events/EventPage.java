package io.lookout.ui.events;

import io.lookout.query.EventDetail;
import io.lookout.query.EventNeighbours;
import io.lookout.query.EventQueries;
import io.lookout.query.EventSections;
import io.lookout.ui.Pages;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import java.io.IOException;
import java.io.Serializable;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One event: its stack trace (crash frame first, in-app frames shown, library frames folded, source
 * context lines and local variables when sent), its breadcrumbs, contexts, user, request and SDK,
 * its SQL normalised and as sent, its tags (each a link to the group list's search for it), the
 * older/newer/first/latest event of its group, raw JSON and the events that share its correlation id.
 */
@Named
@ViewScoped
public class EventPage implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The raw JSON block: the event as the API answers it, indented. */
    private static final Jsonb PRETTY = JsonbBuilder.create(new JsonbConfig().withFormatting(true));

    private static final DateTimeFormatter CRUMB_TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final Pattern TAG_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Set<String> RESERVED_KEYS = Set.of("has", "is", "assigned");

    @Inject
    private transient EventQueries events;

    private Long project;
    private String id;
    /** Read again when the view is restored from a serialised session: its data is JSON, not serialisable. */
    private transient EventDetail event;

    /** Read again with the event: derived from its data. */
    private transient EventSections.Sections sections;

    private boolean found;
    private List<Correlated> correlated = List.of();
    private EventNeighbours neighbours = new EventNeighbours(null, null, null, null);

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
        neighbours = events.neighbours(project, id).orElse(neighbours);
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

    /**
     * What the page shows of the event's data: the exception chain with context lines and variables,
     * breadcrumbs, contexts, user, request, SDK, release and environment ({@link EventSections}).
     */
    public EventSections.Sections getSections() {
        if (sections == null) {
            EventDetail shown = getEvent();
            if (shown == null) {
                return null;
            }
            sections = EventSections.of(shown.type(), shown.data(), shown.tags());
        }
        return sections;
    }

    /** The exception chain, the thrown exception first. */
    public List<EventSections.ExceptionSection> getExceptions() {
        EventSections.Sections shown = getSections();
        return shown == null ? List.of() : shown.exceptions();
    }

    /** A breadcrumb's time of day with milliseconds (UTC), or the text sent when it is not a time. */
    public String crumbTime(EventSections.Breadcrumb crumb) {
        return crumb.timestamp() == null ? crumb.time() : CRUMB_TIME.format(crumb.timestamp());
    }

    /**
     * The group list's search for a tag's value, {@code key:"value"} with {@code "} and {@code \}
     * escaped as the query language wants ({@code QueryParser}); {@code null} when no term can
     * say it: a null value, a key outside {@code [A-Za-z0-9_.-]{1,64}} or one the language keeps for
     * itself ({@code has}, {@code is}, {@code assigned}), or a value over 200 characters.
     */
    public static String tagQuery(String key, String value) {
        if (key == null
                || value == null
                || !TAG_KEY.matcher(key).matches()
                || RESERVED_KEYS.contains(key)
                || value.length() > 200) {
            return null;
        }
        return key + ":\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    public String getTagQuery(String key, String value) {
        return tagQuery(key, value);
    }

    public EventNeighbours getNeighbours() {
        return neighbours;
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

    /** A JSON value as the page writes it: strings without quotes, null as nothing. */
    private static String text(JsonValue value) {
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        return value instanceof JsonString string ? string.getString() : value.toString();
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
