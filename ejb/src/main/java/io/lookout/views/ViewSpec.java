package io.lookout.views;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.event.Patterns;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A view's definition to create or to replace one ({@code POST|PUT /api/{projectId}/views}, the
 * administration page). Built by {@link #of(JsonObject, String)} from a request body or by
 * {@link #of(String, String, List, List, String)} from a form; both check every field in the same
 * order with the same 400 naming it.
 *
 * @param name stripped
 * @param types the event types it takes; null: all
 * @param keys the tag keys it groups by, in order
 */
public record ViewSpec(String name, String slug, List<String> types, List<String> keys) {

    private static final String TYPES = "must be null (all types) or a non-empty array of event types";
    private static final String KEYS = "must be a non-empty array of tag keys";

    /**
     * The definition with every field checked.
     *
     * @param slug null: {@code currentSlug}, or for a new view one made from the name
     * @param types null: all types
     * @param currentSlug the slug of the view it replaces; null for a new view
     */
    public static ViewSpec of(String name, String slug, List<String> types, List<String> keys, String currentSlug)
            throws Problem {
        String checkedName = name(name);
        String checkedSlug = slug(slug, currentSlug, checkedName);
        if (types != null && types.isEmpty()) {
            throw Problem.invalid("types", ProblemCode.VIEW_TYPES);
        }
        List<String> checkedTypes = types == null ? null : types(types);
        if (keys == null || keys.isEmpty()) {
            throw Problem.invalid("keys", ProblemCode.VIEW_KEYS);
        }
        return new ViewSpec(checkedName, checkedSlug, checkedTypes, keys(keys));
    }

    /**
     * {@code {"name": "Exceptions by URL", "slug": "exceptions-by-url"?, "types": ["exception"] | null,
     * "keys": ["url"]}}
     *
     * @param currentSlug the slug of the view it replaces, kept when the body has none; null for a new view
     */
    public static ViewSpec of(JsonObject json, String currentSlug) throws Problem {
        String name = name(json.get("name") instanceof JsonString text ? text.getString() : null);
        String slug;
        JsonValue slugValue = json.get("slug");
        if (slugValue == null || slugValue.getValueType() == JsonValue.ValueType.NULL) {
            slug = null;
        } else if (slugValue instanceof JsonString slugString) {
            slug = slugString.getString();
        } else {
            throw Problem.invalid("slug", ProblemCode.NOT_A_STRING);
        }
        slug = slug(slug, currentSlug, name);
        JsonValue typesValue = json.get("types");
        List<String> types;
        if (typesValue == null || typesValue.getValueType() == JsonValue.ValueType.NULL) {
            types = null;
        } else if (typesValue.getValueType() != JsonValue.ValueType.ARRAY
                || typesValue.asJsonArray().isEmpty()) {
            throw Problem.invalid("types", ProblemCode.VIEW_TYPES);
        } else {
            types = types(strings(typesValue));
        }
        JsonValue keysValue = json.get("keys");
        if (keysValue == null
                || keysValue.getValueType() != JsonValue.ValueType.ARRAY
                || keysValue.asJsonArray().isEmpty()) {
            throw Problem.invalid("keys", ProblemCode.VIEW_KEYS);
        }
        return new ViewSpec(name, slug, types, keys(strings(keysValue)));
    }

    /** The elements of a JSON array, null for each that is not a string (the check of its value names it). */
    private static List<String> strings(JsonValue array) {
        List<String> strings = new ArrayList<>();
        for (JsonValue item : array.asJsonArray()) {
            strings.add(item instanceof JsonString text ? text.getString() : null);
        }
        return strings;
    }

    private static String name(String name) throws Problem {
        if (name == null || name.isBlank()) {
            throw Problem.invalid("name", ProblemCode.REQUIRED);
        }
        String stripped = name.strip();
        if (stripped.length() > 200) {
            throw Problem.invalid("name", ProblemCode.TOO_LONG, 200);
        }
        return stripped;
    }

    private static String slug(String slug, String currentSlug, String name) throws Problem {
        String checked = slug != null ? slug : currentSlug != null ? currentSlug : slugOf(name);
        if (!Patterns.SLUG.matcher(checked).matches()) {
            throw Problem.invalid("slug", ProblemCode.SLUG);
        }
        return checked;
    }

    private static List<String> types(List<String> given) throws Problem {
        Set<String> types = new LinkedHashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String type = given.get(i);
            if (type == null || !Patterns.TYPE.matcher(type).matches()) {
                throw Problem.invalid("types[" + i + "]", ProblemCode.EVENT_TYPE);
            }
            types.add(type);
        }
        return List.copyOf(types);
    }

    private static List<String> keys(List<String> given) throws Problem {
        if (given.size() > Views.MAX_KEYS) {
            throw Problem.invalid("keys", ProblemCode.TOO_MANY_KEYS, Views.MAX_KEYS);
        }
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String key = given.get(i);
            if (key == null || !Patterns.TAG_KEY.matcher(key).matches()) {
                throw Problem.invalid("keys[" + i + "]", ProblemCode.TAG_KEY);
            }
            if (keys.contains(key)) {
                throw Problem.invalid("keys[" + i + "]", ProblemCode.REPEATED, key);
            }
            keys.add(key);
        }
        return List.copyOf(keys);
    }

    private static String slugOf(String name) {
        String slug =
                name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return slug.isEmpty() ? "view" : slug.substring(0, Math.min(64, slug.length()));
    }
}
