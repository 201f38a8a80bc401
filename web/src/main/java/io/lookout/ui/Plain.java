package io.lookout.ui;

import io.lookout.JsonFactories;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The services' JSON as plain Java values (String, Long, Double, Boolean, List, Map) for EL. */
public final class Plain {

    private static final JsonWriterFactory PRETTY = JsonFactories.PROVIDER.createWriterFactory(
            Map.of(JsonGenerator.PRETTY_PRINTING, true));

    private Plain() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(JsonObject json) {
        return (Map<String, Object>) of(json);
    }

    /** A value of a plain map as a map, or {@code null} when it is not one. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> asMap(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
    }

    /** A value of a plain map as a list, empty when it is not one. */
    @SuppressWarnings("unchecked")
    public static List<Object> asList(Object value) {
        return value instanceof List<?> list ? (List<Object>) list : List.of();
    }

    public static Object of(JsonValue value) {
        if (value == null) {
            return null;
        }
        switch (value.getValueType()) {
            case OBJECT:
                Map<String, Object> map = new LinkedHashMap<>();
                ((JsonObject) value).forEach((key, item) -> map.put(key, of(item)));
                return map;
            case ARRAY:
                List<Object> list = new ArrayList<>();
                ((JsonArray) value).forEach(item -> list.add(of(item)));
                return list;
            case STRING:
                return ((JsonString) value).getString();
            case NUMBER:
                JsonNumber number = (JsonNumber) value;
                return number.isIntegral() ? (Object) number.longValue() : (Object) number.doubleValue();
            case TRUE:
                return Boolean.TRUE;
            case FALSE:
                return Boolean.FALSE;
            default:
                return null;
        }
    }

    /** Indented JSON text, for showing raw data (escaped by the page like any text). */
    public static String pretty(JsonValue value) {
        StringWriter out = new StringWriter();
        try (var writer = PRETTY.createWriter(out)) {
            writer.write(value);
        }
        return out.toString().strip();
    }
}
