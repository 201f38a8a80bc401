package io.lookout.retention;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/** What one cleanup run removed, and how long it took. */
public record CleanupReport(long events, long groups, long viewGroups, long tagValues, long batches, long millis,
        boolean complete) {

    static final CleanupReport NONE = new CleanupReport(0, 0, 0, 0, 0, 0, true);

    CleanupReport plus(CleanupReport other) {
        return new CleanupReport(events + other.events, groups + other.groups, viewGroups + other.viewGroups,
                tagValues + other.tagValues, batches + other.batches, millis + other.millis, complete && other.complete);
    }

    CleanupReport took(long totalMillis, boolean isComplete) {
        return new CleanupReport(events, groups, viewGroups, tagValues, batches, totalMillis, isComplete);
    }

    public JsonObject toJson() {
        return Json.createObjectBuilder()
                .add("deletedEvents", events)
                .add("deletedGroups", groups)
                .add("deletedViewGroups", viewGroups)
                .add("deletedTagValues", tagValues)
                .add("batches", batches)
                .add("millis", millis)
                .add("complete", complete)
                .build();
    }
}
