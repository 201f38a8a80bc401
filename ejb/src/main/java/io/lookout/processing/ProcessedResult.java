package io.lookout.processing;

import java.util.Map;

/**
 * What Lookout stores for an event after its processor ran: the group checksum (fingerprint
 * applied), the summary, and the final tags (derived tags overlaid by the sender's own; values
 * may be null).
 */
public record ProcessedResult(String checksum, String message, String culprit, String level, Map<String, String> tags) {
}
