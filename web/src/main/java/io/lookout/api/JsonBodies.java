package io.lookout.api;

import io.lookout.JsonFactories;
import io.lookout.Problem;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;

/** Reads request bodies that must be one JSON object, with a 400 naming what is wrong. */
public final class JsonBodies {

    private JsonBodies() {
    }

    public static JsonObject object(String body) throws Problem {
        if (body == null || body.isBlank()) {
            throw Problem.invalid(null, "the body must be a JSON object");
        }
        try (var reader = JsonFactories.READERS.createReader(new StringReader(body))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw Problem.invalid(null, "the body must be a JSON object");
            }
            return value.asJsonObject();
        } catch (JsonParsingException e) {
            throw Problem.invalid(null, "malformed JSON: " + e.getMessage());
        }
    }
}
