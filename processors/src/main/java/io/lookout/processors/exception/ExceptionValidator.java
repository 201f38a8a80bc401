package io.lookout.processors.exception;

import io.lookout.processors.spi.InvalidEventException;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Checks the shape of an exception and of each of its causes, walking the chain in a loop (never
 * by recursion, so a deep chain cannot overflow the stack). Every cause is checked, however deep;
 * the work is linear in the size of the data. Field paths name the exception by its position in
 * the chain: {@code data.type}, {@code data.cause.frames[3].lineno},
 * {@code data.cause.cause.frames[0].inApp}.
 */
final class ExceptionValidator {

    private ExceptionValidator() {}

    static void validate(JsonObject data) throws InvalidEventException {
        JsonObject exception = data;
        int depth = 0;
        while (true) {
            validateOne(exception, depth);
            JsonValue cause = exception.get("cause");
            if (isAbsent(cause)) {
                return;
            }
            if (cause.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new InvalidEventException(path(depth, "cause"), "must be an object");
            }
            exception = cause.asJsonObject();
            depth++;
        }
    }

    private static void validateOne(JsonObject exception, int depth) throws InvalidEventException {
        JsonValue type = exception.get("type");
        if (isAbsent(type)) {
            throw new InvalidEventException(path(depth, "type"), "is required");
        }
        if (type.getValueType() != JsonValue.ValueType.STRING) {
            throw new InvalidEventException(path(depth, "type"), "must be a string");
        }
        if (((JsonString) type).getString().isBlank()) {
            throw new InvalidEventException(path(depth, "type"), "must not be blank");
        }
        requireString(exception.get("value"), depth, "value");
        JsonValue frames = exception.get("frames");
        if (isAbsent(frames)) {
            return;
        }
        if (frames.getValueType() != JsonValue.ValueType.ARRAY) {
            throw new InvalidEventException(path(depth, "frames"), "must be an array");
        }
        JsonArray array = frames.asJsonArray();
        for (int i = 0; i < array.size(); i++) {
            JsonValue frame = array.get(i);
            if (frame.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new InvalidEventException(path(depth, "frames[" + i + "]"), "must be an object");
            }
            validateFrame(frame.asJsonObject(), depth, i);
        }
    }

    private static void validateFrame(JsonObject frame, int depth, int index) throws InvalidEventException {
        for (String key : new String[] {"module", "function", "filename"}) {
            requireString(frame.get(key), depth, "frames[" + index + "]." + key);
        }
        JsonValue lineno = frame.get("lineno");
        if (!isAbsent(lineno)
                && (lineno.getValueType() != JsonValue.ValueType.NUMBER || !((JsonNumber) lineno).isIntegral())) {
            throw new InvalidEventException(path(depth, "frames[" + index + "].lineno"), "must be an integer");
        }
        JsonValue inApp = frame.get("inApp");
        if (!isAbsent(inApp)
                && inApp.getValueType() != JsonValue.ValueType.TRUE
                && inApp.getValueType() != JsonValue.ValueType.FALSE) {
            throw new InvalidEventException(path(depth, "frames[" + index + "].inApp"), "must be a boolean");
        }
    }

    private static void requireString(JsonValue value, int depth, String field) throws InvalidEventException {
        if (!isAbsent(value) && value.getValueType() != JsonValue.ValueType.STRING) {
            throw new InvalidEventException(path(depth, field), "must be a string");
        }
    }

    /** Absent and JSON {@code null} are the same. */
    static boolean isAbsent(JsonValue value) {
        return value == null || value.getValueType() == JsonValue.ValueType.NULL;
    }

    /** {@code data}, then {@code .cause} once per level of depth, then the field. */
    static String path(int depth, String field) {
        StringBuilder path = new StringBuilder(5 + 6 * depth + field.length() + 1).append("data");
        for (int i = 0; i < depth; i++) {
            path.append(".cause");
        }
        return path.append('.').append(field).toString();
    }
}
