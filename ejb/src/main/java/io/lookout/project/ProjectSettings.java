package io.lookout.project;

import io.lookout.JsonFactories;
import io.lookout.Problem;
import io.lookout.event.Fields;
import io.lookout.event.Patterns;
import io.lookout.scrubbing.ScrubCounts;
import io.lookout.scrubbing.ScrubbingRules;
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
import java.util.Set;

/** A project's settings: retention in days, the data keys that become tags, and scrubbing. */
@ApplicationScoped
@Transactional
public class ProjectSettings {

    public static final int MAX_FILTERABLE_KEYS = 20;
    public static final int MAX_RETENTION_DAYS = 3650;
    public static final int MAX_SCRUBBING_KEYS = 100;
    public static final int MAX_SCRUBBING_KEY_LENGTH = 100;
    /** The members of {@code scrubbing} a PUT may change; the others of a GET are read-only. */
    private static final Set<String> SCRUBBING_FIELDS =
            Set.of("enabled", "sensitiveKeys", "safeKeys", "keepIpAddresses");

    private static final Set<String> SCRUBBING_READ_ONLY = Set.of("defaultSensitiveKeys", "scrubbedValues");

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private Event<ProjectChanged> changes;

    @Inject
    private ScrubCounts scrubCounts;

    public JsonObject get(Project project) {
        JsonArrayBuilder keys = JsonFactories.BUILDERS.createArrayBuilder();
        project.getFilterableDataKeys().forEach(keys::add);
        return JsonFactories.BUILDERS
                .createObjectBuilder()
                .add("id", project.getId())
                .add("slug", project.getSlug())
                .add("name", project.getName())
                .add("retentionDays", project.getRetentionDays())
                .add("filterableDataKeys", keys)
                .add("scrubbing", scrubbing(project))
                .build();
    }

    private JsonObject scrubbing(Project project) {
        ScrubbingRules rules = project.getScrubbing();
        return JsonFactories.BUILDERS
                .createObjectBuilder()
                .add("enabled", rules.enabled())
                .add("sensitiveKeys", array(rules.extraSensitiveKeys()))
                .add("safeKeys", array(rules.safeKeys()))
                .add("keepIpAddresses", rules.keepIpAddresses())
                .add("defaultSensitiveKeys", array(ScrubbingRules.DEFAULT_SENSITIVE_KEYS))
                .add("scrubbedValues", scrubCounts.count(project.getId()))
                .build();
    }

    private static JsonArrayBuilder array(List<String> strings) {
        JsonArrayBuilder array = JsonFactories.BUILDERS.createArrayBuilder();
        strings.forEach(array::add);
        return array;
    }

    /**
     * {@code {"retentionDays": 30, "filterableDataKeys": ["tenant", "orderId"], "scrubbing": {"enabled": true,
     * "sensitiveKeys": ["ssn"], "safeKeys": ["csrf_state"], "keepIpAddresses": false}}}; fields left out stay
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
        JsonValue scrubbing = body.get("scrubbing");
        ScrubbingRules newScrubbing = scrubbing == null ? null : scrubbing(scrubbing, project.getScrubbing());
        if (newScrubbing != null && !newScrubbing.equals(project.getScrubbing())) {
            project.setScrubbing(newScrubbing);
            changes.fire(new ProjectChanged(projectId));
        }
        if (newKeys != null) {
            project.setFilterableDataKeys(newKeys);
            changes.fire(new ProjectChanged(projectId));
        }
        if (newRetention != null) {
            project.setRetentionDays(newRetention);
        }
        return get(project);
    }

    /** The rules after a change of {@code scrubbing}: members left out stay as they are. */
    private static ScrubbingRules scrubbing(JsonValue value, ScrubbingRules current) throws Problem {
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw Problem.invalid(
                    "scrubbing", "must be an object with enabled, sensitiveKeys, safeKeys or keepIpAddresses");
        }
        JsonObject object = value.asJsonObject();
        for (String name : object.keySet()) {
            if (!SCRUBBING_FIELDS.contains(name) && !SCRUBBING_READ_ONLY.contains(name)) {
                throw Problem.invalid(
                        "scrubbing." + name,
                        "is not a scrubbing setting; known: enabled, sensitiveKeys," + " safeKeys, keepIpAddresses");
            }
        }
        boolean enabled = flag(object, "enabled", current.enabled());
        boolean keepIp = flag(object, "keepIpAddresses", current.keepIpAddresses());
        List<String> sensitive = object.containsKey("sensitiveKeys")
                ? scrubbingKeys(object.get("sensitiveKeys"), "sensitiveKeys")
                : current.extraSensitiveKeys();
        List<String> safe =
                object.containsKey("safeKeys") ? scrubbingKeys(object.get("safeKeys"), "safeKeys") : current.safeKeys();
        return new ScrubbingRules(enabled, sensitive, safe, keepIp);
    }

    private static boolean flag(JsonObject object, String name, boolean current) throws Problem {
        JsonValue value = object.get(name);
        if (value == null) {
            return current;
        }
        if (value != JsonValue.TRUE
                && value != JsonValue.FALSE
                && value.getValueType() != JsonValue.ValueType.TRUE
                && value.getValueType() != JsonValue.ValueType.FALSE) {
            throw Problem.invalid("scrubbing." + name, "must be true or false");
        }
        return value.getValueType() == JsonValue.ValueType.TRUE;
    }

    private static List<String> scrubbingKeys(JsonValue value, String name) throws Problem {
        String field = "scrubbing." + name;
        if (value.getValueType() != JsonValue.ValueType.ARRAY) {
            throw Problem.invalid(field, "must be an array of keys");
        }
        JsonArray array = value.asJsonArray();
        if (array.size() > MAX_SCRUBBING_KEYS) {
            throw Problem.invalid(field, "has more than " + MAX_SCRUBBING_KEYS + " keys");
        }
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String where = field + "[" + i + "]";
            if (!(array.get(i) instanceof JsonString key)) {
                throw Problem.invalid(where, "must be a string");
            }
            String text = key.getString().strip();
            if (text.isEmpty()
                    || text.length() > MAX_SCRUBBING_KEY_LENGTH
                    || text.chars().anyMatch(Character::isISOControl)) {
                throw Problem.invalid(where, "must be a key of 1 to " + MAX_SCRUBBING_KEY_LENGTH + " characters");
            }
            if (!keys.contains(text)) {
                keys.add(text);
            }
        }
        return keys;
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
            if (!(array.get(i) instanceof JsonString key)
                    || !Patterns.TAG_KEY.matcher(key.getString()).matches()) {
                throw Problem.invalid(field, "must be a key of 1 to 64 letters, digits, '_', '.', ':' or '-'");
            }
            if (Fields.RESERVED_TAGS.contains(key.getString())) {
                throw Problem.invalid(field, "'" + key.getString() + "' is set by the server");
            }
            if (!keys.contains(key.getString())) {
                keys.add(key.getString());
            }
        }
        return keys;
    }
}
