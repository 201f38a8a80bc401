package io.lookout.project;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.event.Fields;
import io.lookout.event.Patterns;
import io.lookout.scrubbing.ScrubbingRules;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A change of a project's settings ({@code PUT /api/{projectId}/settings}, the administration page):
 * what is null stays as it is. Built by {@link #of(JsonObject)} from a request body or by
 * {@link #of(Integer, List, ScrubbingChange)} from a form; both check every field in the same order
 * with the same 400 naming it.
 *
 * @param retentionDays days events are kept
 * @param filterableDataKeys the data keys that become tags of new events
 */
public record SettingsChange(Integer retentionDays, List<String> filterableDataKeys, ScrubbingChange scrubbing) {

    /** The members of {@code scrubbing} a PUT may change; the others of a GET are read-only. */
    private static final Set<String> SCRUBBING_FIELDS =
            Set.of("enabled", "sensitiveKeys", "safeKeys", "keepIpAddresses");

    private static final Set<String> SCRUBBING_READ_ONLY = Set.of("defaultSensitiveKeys", "scrubbedValues");

    /**
     * A change of the scrubbing settings; what is null stays as it is.
     *
     * @param sensitiveKeys the project's sensitive key parts besides the defaults
     * @param safeKeys keys whose values are never scrubbed
     */
    public record ScrubbingChange(
            Boolean enabled, List<String> sensitiveKeys, List<String> safeKeys, Boolean keepIpAddresses) {

        /** The change with its keys checked (stripped, without repeats). */
        public static ScrubbingChange of(
                Boolean enabled, List<String> sensitiveKeys, List<String> safeKeys, Boolean keepIpAddresses)
                throws Problem {
            return new ScrubbingChange(
                    enabled,
                    sensitiveKeys == null ? null : scrubbingKeys(sensitiveKeys, "sensitiveKeys"),
                    safeKeys == null ? null : scrubbingKeys(safeKeys, "safeKeys"),
                    keepIpAddresses);
        }

        /** The rules after this change of {@code current}. */
        public ScrubbingRules applyTo(ScrubbingRules current) {
            return new ScrubbingRules(
                    enabled == null ? current.enabled() : enabled,
                    sensitiveKeys == null ? current.extraSensitiveKeys() : sensitiveKeys,
                    safeKeys == null ? current.safeKeys() : safeKeys,
                    keepIpAddresses == null ? current.keepIpAddresses() : keepIpAddresses);
        }
    }

    /** The change with every field checked; null fields stay as they are. */
    public static SettingsChange of(Integer retentionDays, List<String> filterableDataKeys, ScrubbingChange scrubbing)
            throws Problem {
        List<String> keys = filterableDataKeys == null ? null : keys(filterableDataKeys);
        Integer retention = retentionDays == null ? null : retentionDays(retentionDays);
        return new SettingsChange(retention, keys, scrubbing);
    }

    /**
     * {@code {"retentionDays": 30, "filterableDataKeys": ["tenant", "orderId"], "scrubbing": {"enabled": true,
     * "sensitiveKeys": ["ssn"], "safeKeys": ["csrf_state"], "keepIpAddresses": false}}}; fields left out stay
     * as they are. The read-only members of {@code scrubbing} that a GET answers are accepted and ignored.
     */
    public static SettingsChange of(JsonObject body) throws Problem {
        JsonValue keys = body.get("filterableDataKeys");
        JsonValue retention = body.get("retentionDays");
        List<String> newKeys =
                keys == null ? null : keys(strings(keys, "filterableDataKeys", ProblemCode.DATA_KEYS_ARRAY));
        Integer newRetention = retention == null ? null : retentionDays(retentionNumber(retention));
        JsonValue scrubbing = body.get("scrubbing");
        return new SettingsChange(newRetention, newKeys, scrubbing == null ? null : scrubbing(scrubbing));
    }

    private static ScrubbingChange scrubbing(JsonValue value) throws Problem {
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw Problem.invalid("scrubbing", ProblemCode.SCRUBBING_OBJECT);
        }
        JsonObject object = value.asJsonObject();
        for (String name : object.keySet()) {
            if (!SCRUBBING_FIELDS.contains(name) && !SCRUBBING_READ_ONLY.contains(name)) {
                throw Problem.invalid("scrubbing." + name, ProblemCode.SCRUBBING_UNKNOWN);
            }
        }
        Boolean enabled = flag(object, "enabled");
        Boolean keepIp = flag(object, "keepIpAddresses");
        List<String> sensitive = object.containsKey("sensitiveKeys")
                ? scrubbingStrings(object.get("sensitiveKeys"), "sensitiveKeys")
                : null;
        List<String> safe =
                object.containsKey("safeKeys") ? scrubbingStrings(object.get("safeKeys"), "safeKeys") : null;
        return new ScrubbingChange(enabled, sensitive, safe, keepIp);
    }

    private static Boolean flag(JsonObject object, String name) throws Problem {
        JsonValue value = object.get(name);
        if (value == null) {
            return null;
        }
        if (value != JsonValue.TRUE
                && value != JsonValue.FALSE
                && value.getValueType() != JsonValue.ValueType.TRUE
                && value.getValueType() != JsonValue.ValueType.FALSE) {
            throw Problem.invalid("scrubbing." + name, ProblemCode.NOT_A_BOOLEAN);
        }
        return value.getValueType() == JsonValue.ValueType.TRUE;
    }

    /** The keys of a JSON array of scrubbing keys: each a string, checked, without repeats. */
    private static List<String> scrubbingStrings(JsonValue value, String name) throws Problem {
        String field = "scrubbing." + name;
        if (value.getValueType() != JsonValue.ValueType.ARRAY) {
            throw Problem.invalid(field, ProblemCode.KEYS_ARRAY);
        }
        JsonArray array = value.asJsonArray();
        checkScrubbingKeyCount(array.size(), field);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof JsonString key)) {
                throw Problem.invalid(field + "[" + i + "]", ProblemCode.NOT_A_STRING);
            }
            addScrubbingKey(keys, key.getString(), field + "[" + i + "]");
        }
        return List.copyOf(keys);
    }

    private static List<String> scrubbingKeys(List<String> given, String name) throws Problem {
        String field = "scrubbing." + name;
        checkScrubbingKeyCount(given.size(), field);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            addScrubbingKey(keys, given.get(i) == null ? "" : given.get(i), field + "[" + i + "]");
        }
        return List.copyOf(keys);
    }

    private static void checkScrubbingKeyCount(int count, String field) throws Problem {
        if (count > ProjectSettings.MAX_SCRUBBING_KEYS) {
            throw Problem.invalid(field, ProblemCode.TOO_MANY_KEYS, ProjectSettings.MAX_SCRUBBING_KEYS);
        }
    }

    private static void addScrubbingKey(List<String> keys, String key, String where) throws Problem {
        String text = key.strip();
        if (text.isEmpty()
                || text.length() > ProjectSettings.MAX_SCRUBBING_KEY_LENGTH
                || text.chars().anyMatch(Character::isISOControl)) {
            throw Problem.invalid(where, ProblemCode.SCRUBBING_KEY, ProjectSettings.MAX_SCRUBBING_KEY_LENGTH);
        }
        if (!keys.contains(text)) {
            keys.add(text);
        }
    }

    private static long retentionNumber(JsonValue value) throws Problem {
        if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
            throw Problem.invalid("retentionDays", ProblemCode.RETENTION_WHOLE_DAYS);
        }
        return number.longValue();
    }

    private static int retentionDays(long days) throws Problem {
        if (days < 1 || days > ProjectSettings.MAX_RETENTION_DAYS) {
            throw Problem.invalid("retentionDays", ProblemCode.RETENTION_RANGE, 1, ProjectSettings.MAX_RETENTION_DAYS);
        }
        return (int) days;
    }

    /**
     * The elements of a JSON array, null for each that is not a string (the check of its value names
     * it); a 400 when it is not an array.
     */
    static List<String> strings(JsonValue value, String field, ProblemCode what) throws Problem {
        if (value.getValueType() != JsonValue.ValueType.ARRAY) {
            throw Problem.invalid(field, what);
        }
        List<String> strings = new ArrayList<>();
        for (JsonValue item : value.asJsonArray()) {
            strings.add(item instanceof JsonString text ? text.getString() : null);
        }
        return strings;
    }

    private static List<String> keys(List<String> given) throws Problem {
        if (given.size() > ProjectSettings.MAX_FILTERABLE_KEYS) {
            throw Problem.invalid("filterableDataKeys", ProblemCode.TOO_MANY_KEYS, ProjectSettings.MAX_FILTERABLE_KEYS);
        }
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String field = "filterableDataKeys[" + i + "]";
            String key = given.get(i);
            if (key == null || !Patterns.TAG_KEY.matcher(key).matches()) {
                throw Problem.invalid(field, ProblemCode.DATA_KEY);
            }
            if (Fields.RESERVED_TAGS.contains(key)) {
                throw Problem.invalid(field, ProblemCode.RESERVED_KEY, key);
            }
            if (!keys.contains(key)) {
                keys.add(key);
            }
        }
        return List.copyOf(keys);
    }
}
