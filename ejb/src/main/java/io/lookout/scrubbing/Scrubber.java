package io.lookout.scrubbing;

import io.lookout.JsonFactories;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Map;

/**
 * Replaces secrets with {@value #FILTERED}: the values of sensitive keys anywhere in a JSON tree, and
 * in any string the patterns of {@link TextScrubber} (card numbers, IBANs, URL passwords, bearer
 * tokens, sensitive {@code name=value} pairs and header lines). One walk over the tree; a value that
 * does not change is returned as the same instance, so an event without secrets costs no copies.
 * Scrubbing what was scrubbed changes nothing and counts nothing. Not thread-safe: one per walk.
 */
public final class Scrubber {

    public static final String FILTERED = "[Filtered]";
    private static final JsonString FILTERED_VALUE = JsonFactories.PROVIDER.createValue(FILTERED);

    private final ScrubbingRules rules;
    private final TextScrubber text;
    private int replaced;

    public Scrubber(ScrubbingRules rules) {
        this.rules = rules;
        this.text = new TextScrubber(rules);
    }

    /** How many values this scrubber replaced so far. */
    public int replaced() {
        return replaced + text.replaced();
    }

    /** Characters the replacements added (positive when short secrets became {@value #FILTERED}). */
    public long growth() {
        return text.growth() + growth;
    }

    private long growth;

    /** A string of free text, scanned for the patterns. */
    public String text(String value) {
        return value == null || !rules.enabled() ? value : text.scrub(value);
    }

    /** The value of a key: replaced whole when the key is sensitive, else scanned. */
    public String keyed(String key, String value) {
        if (value == null || !rules.enabled()) {
            return value;
        }
        return switch (rules.kind(key)) {
            case SAFE -> value;
            case SENSITIVE, IP_ADDRESS -> replace(value);
            case PLAIN -> text.scrub(value);
        };
    }

    /** A JSON tree, walked once. */
    public JsonValue json(JsonValue value) {
        return rules.enabled() ? value(value, false) : value;
    }

    private String replace(String value) {
        if (FILTERED.equals(value)) {
            return value;
        }
        replaced++;
        growth += FILTERED.length() - value.length();
        return FILTERED;
    }

    private JsonValue value(JsonValue value, boolean sensitive) {
        switch (value.getValueType()) {
            case STRING: {
                String string = ((JsonString) value).getString();
                if (sensitive) {
                    return FILTERED.equals(string) ? value : filtered(string.length() + 2);
                }
                String scrubbed = text.scrub(string);
                return scrubbed == string ? value : JsonFactories.PROVIDER.createValue(scrubbed);
            }
            case NUMBER: {
                if (sensitive || TextScrubber.isCardNumber((JsonNumber) value)) {
                    return filtered(value.toString().length());
                }
                return value;
            }
            case OBJECT:
                return object(value.asJsonObject(), sensitive);
            case ARRAY:
                return array(value.asJsonArray(), sensitive);
            default:
                // true, false, null: nothing to hide
                return value;
        }
    }

    private JsonValue filtered(int originalChars) {
        replaced++;
        growth += FILTERED.length() + 2 - originalChars;
        return FILTERED_VALUE;
    }

    private JsonValue keyedValue(String key, JsonValue value, boolean sensitive) {
        return switch (rules.kind(key)) {
            case SAFE -> value;
            case SENSITIVE, IP_ADDRESS -> value(value, true);
            case PLAIN -> value(value, sensitive);
        };
    }

    private JsonObject object(JsonObject object, boolean sensitive) {
        JsonObjectBuilder copy = null;
        for (Map.Entry<String, JsonValue> entry : object.entrySet()) {
            JsonValue before = entry.getValue();
            JsonValue after = keyedValue(entry.getKey(), before, sensitive);
            if (after != before && copy == null) {
                // the first change: copy what came before it unchanged
                copy = JsonFactories.BUILDERS.createObjectBuilder();
                for (Map.Entry<String, JsonValue> earlier : object.entrySet()) {
                    if (earlier.getKey().equals(entry.getKey())) {
                        break;
                    }
                    copy.add(earlier.getKey(), earlier.getValue());
                }
            }
            if (copy != null) {
                copy.add(entry.getKey(), after);
            }
        }
        return copy == null ? object : copy.build();
    }

    private JsonArray array(JsonArray array, boolean sensitive) {
        JsonArrayBuilder copy = null;
        for (int i = 0; i < array.size(); i++) {
            JsonValue before = array.get(i);
            JsonValue after = isPair(before, sensitive) ? pair(before.asJsonArray()) : value(before, sensitive);
            if (after != before && copy == null) {
                copy = JsonFactories.BUILDERS.createArrayBuilder();
                for (int j = 0; j < i; j++) {
                    copy.add(array.get(j));
                }
            }
            if (copy != null) {
                copy.add(after);
            }
        }
        return copy == null ? array : copy.build();
    }

    /** {@code ["Authorization", "Bearer …"]}: headers, query strings and cookies as Sentry lists them. */
    private static boolean isPair(JsonValue value, boolean sensitive) {
        return !sensitive
                && value.getValueType() == JsonValue.ValueType.ARRAY
                && value.asJsonArray().size() == 2
                && value.asJsonArray().get(0).getValueType() == JsonValue.ValueType.STRING;
    }

    private JsonValue pair(JsonArray pair) {
        JsonValue before = pair.get(1);
        JsonValue after = keyedValue(pair.getString(0), before, false);
        return after == before
                ? pair
                : JsonFactories.BUILDERS
                        .createArrayBuilder()
                        .add(pair.get(0))
                        .add(after)
                        .build();
    }
}
