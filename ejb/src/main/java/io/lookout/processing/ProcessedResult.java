package io.lookout.processing;

import jakarta.json.JsonObject;
import java.util.Map;

/**
 * What Lookout stores for an event after its processor ran: the group checksum (fingerprint
 * applied), the summary, and the final tags (derived tags overlaid by the sender's own; values
 * may be null), and the data to store (the processor's normalised data, or the sender's).
 */
public record ProcessedResult(
        String checksum, String message, String culprit, String level, Map<String, String> tags, JsonObject data) {}
