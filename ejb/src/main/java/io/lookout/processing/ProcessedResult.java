package io.lookout.processing;

import jakarta.json.JsonObject;
import java.util.Map;

/**
 * What Lookout stores for an event after its processor ran: the group checksum (fingerprint
 * applied), the summary, and the final tags (derived tags overlaid by the sender's own; values
 * may be null), the data to store (the processor's normalised data, or the sender's), and why the
 * event joined its group ({@link GroupedBy}'s stored JSON, or {@code null}).
 */
public record ProcessedResult(
        String checksum,
        String message,
        String culprit,
        String level,
        Map<String, String> tags,
        JsonObject data,
        String groupedBy) {

    /** A result without a grouping description. */
    public ProcessedResult(
            String checksum, String message, String culprit, String level, Map<String, String> tags, JsonObject data) {
        this(checksum, message, culprit, level, tags, data, null);
    }
}
