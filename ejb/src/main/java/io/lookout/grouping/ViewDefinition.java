package io.lookout.grouping;

import io.lookout.JsonFactories;
import io.lookout.processing.Checksums;
import jakarta.json.JsonArrayBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What ingestion needs of a view: which events it takes and which tag keys split its groups.
 *
 * @param types the event types it takes, or {@code null} for all
 * @param keys the tag keys, in order
 * @param generation the project's view generation at which this definition was made
 */
public record ViewDefinition(long id, long generation, Set<String> types, List<String> keys) {

    public boolean takes(String type) {
        return types == null || types.contains(type);
    }

    /** The event's values for the view's keys, in key order; null for absent or null tags. */
    public List<String> values(Map<String, String> tags) {
        List<String> values = new ArrayList<>(keys.size());
        for (String key : keys) {
            values.add(tags.get(key));
        }
        return values;
    }

    /** Key values as the JSON array stored with a view group. */
    public static String json(List<String> values) {
        JsonArrayBuilder array = JsonFactories.BUILDERS.createArrayBuilder();
        for (String value : values) {
            if (value == null) {
                array.addNull();
            } else {
                array.add(value);
            }
        }
        return array.build().toString();
    }

    /** The hash that identifies a combination of key values within a group. */
    public static String keyHash(String keyValues) {
        return Checksums.checksum(List.of(keyValues), null);
    }
}
