package io.lookout.ui;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON as plain Java values (String, Long, Double, Boolean, List, Map) for EL: what the admin page
 * shows of users and views, whose services still answer JSON. The read services answer records,
 * which pages bind directly ({@link RecordELResolver}).
 */
public final class Plain {

    private Plain() {}

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
}
