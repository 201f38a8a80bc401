package io.lookout.api;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.StrictJson;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/** Reads request bodies that must be one JSON object (strictly, {@link StrictJson}), with a 400 naming what is wrong. */
public final class JsonBodies {

    private JsonBodies() {}

    public static JsonObject object(String body) throws Problem {
        if (body == null || body.isBlank()) {
            throw Problem.invalid(null, ProblemCode.BODY_NOT_AN_OBJECT);
        }
        JsonValue value;
        try {
            value = StrictJson.read(body);
        } catch (StrictJson.Malformed e) {
            throw Problem.invalid(null, ProblemCode.MALFORMED_JSON, e.getMessage());
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw Problem.invalid(null, ProblemCode.BODY_NOT_AN_OBJECT);
        }
        return value.asJsonObject();
    }
}
