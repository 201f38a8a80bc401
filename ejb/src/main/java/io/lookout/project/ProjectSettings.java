package io.lookout.project;

import io.lookout.JsonFactories;
import io.lookout.Problem;
import io.lookout.ingest.EventParser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A project's settings: retention in days and the data keys that become tags. */
@ApplicationScoped
@Transactional
public class ProjectSettings {

    public static final int MAX_FILTERABLE_KEYS = 20;
    public static final int MAX_RETENTION_DAYS = 3650;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:-]{1," + EventParser.MAX_TAG_KEY_LENGTH + "}");

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private Event<ProjectChanged> changes;

    public JsonObject get(Project project) {
        JsonArrayBuilder keys = JsonFactories.BUILDERS.createArrayBuilder();
        project.getFilterableDataKeys().forEach(keys::add);
        return JsonFactories.BUILDERS.createObjectBuilder()
                .add("id", project.getId())
                .add("slug", project.getSlug())
                .add("name", project.getName())
                .add("retentionDays", project.getRetentionDays())
                .add("filterableDataKeys", keys)
                .build();
    }

    /**
     * {@code {"retentionDays": 30, "filterableDataKeys": ["tenant", "orderId"]}}; fields left out stay
     * as they are; nothing changes unless every field is valid.
     */
    public JsonObject update(long projectId, JsonObject body) throws Problem {
        Project project = em.find(Project.class, projectId);
        if (project == null) {
            throw Problem.notFound("no project " + projectId);
        }
        JsonValue keys = body.get("filterableDataKeys");
        JsonValue retention = body.get("retentionDays");
        List<String> newKeys = keys == null ? null : keys(keys);
        Integer newRetention = retention == null ? null : retentionDays(retention);
        if (newKeys != null) {
            project.setFilterableDataKeys(newKeys);
            changes.fire(new ProjectChanged(projectId));
        }
        if (newRetention != null) {
            project.setRetentionDays(newRetention);
        }
        return get(project);
    }

    private static int retentionDays(JsonValue value) throws Problem {
        if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
            throw Problem.invalid("retentionDays", "must be a whole number of days");
        }
        long days = number.longValue();
        if (days < 1 || days > MAX_RETENTION_DAYS) {
            throw Problem.invalid("retentionDays", "must be between 1 and " + MAX_RETENTION_DAYS + " days");
        }
        return (int) days;
    }

    private static List<String> keys(JsonValue value) throws Problem {
        if (value.getValueType() != JsonValue.ValueType.ARRAY) {
            throw Problem.invalid("filterableDataKeys", "must be an array of data keys");
        }
        JsonArray array = value.asJsonArray();
        if (array.size() > MAX_FILTERABLE_KEYS) {
            throw Problem.invalid("filterableDataKeys", "has more than " + MAX_FILTERABLE_KEYS + " keys");
        }
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String field = "filterableDataKeys[" + i + "]";
            if (!(array.get(i) instanceof JsonString key) || !KEY.matcher(key.getString()).matches()) {
                throw Problem.invalid(field, "must be a key of 1 to 64 letters, digits, '_', '.', ':' or '-'");
            }
            if (EventParser.RESERVED_TAGS.contains(key.getString())) {
                throw Problem.invalid(field, "'" + key.getString() + "' is set by the server");
            }
            if (!keys.contains(key.getString())) {
                keys.add(key.getString());
            }
        }
        return keys;
    }
}
