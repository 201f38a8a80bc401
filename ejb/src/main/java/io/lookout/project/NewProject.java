package io.lookout.project;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.event.Patterns;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * A project to create ({@code POST /api/admin/projects}, the administration page). Built by
 * {@link #of(JsonObject)} from a request body or by {@link #of(String, String)} from a form, which
 * check it alike: a 400 names the field.
 *
 * @param name the project's name, stripped
 * @param slug its slug: the {@code project} tag of its events
 */
public record NewProject(String name, String slug) {

    /**
     * The project checked: a name, and a slug that defaults to the name in lower case with dashes.
     *
     * @param slug null or blank: made from the name
     */
    public static NewProject of(String name, String slug) throws Problem {
        String stripped = name(name);
        String checkedSlug = slug == null || slug.isBlank() ? Projects.slugOf(stripped) : slug.strip();
        if (!Patterns.SLUG.matcher(checkedSlug).matches()) {
            throw Problem.invalid("slug", ProblemCode.SLUG);
        }
        return new NewProject(stripped, checkedSlug);
    }

    /** {@code {"name": "Shop", "slug": "shop"?}}. */
    public static NewProject of(JsonObject json) throws Problem {
        String name = name(json.get("name") instanceof JsonString text ? text.getString() : null);
        JsonValue slugValue = json.get("slug");
        String slug;
        if (slugValue == null || slugValue.getValueType() == JsonValue.ValueType.NULL) {
            slug = null;
        } else if (slugValue instanceof JsonString slugString) {
            slug = slugString.getString();
        } else {
            throw Problem.invalid("slug", ProblemCode.NOT_A_STRING);
        }
        return of(name, slug);
    }

    private static String name(String name) throws Problem {
        if (name == null || name.isBlank()) {
            throw Problem.invalid("name", ProblemCode.REQUIRED);
        }
        String stripped = name.strip();
        if (stripped.length() > Projects.MAX_NAME_LENGTH) {
            throw Problem.invalid("name", ProblemCode.TOO_LONG, Projects.MAX_NAME_LENGTH);
        }
        return stripped;
    }
}
