package io.lookout.retention;

import java.time.OffsetDateTime;

/**
 * What one cleanup run removed, and how long it took; or, when another run (on this node or
 * another) holds the cleanup lease, that the run was skipped, who holds the lease and until when.
 *
 * @param node the lease holder name of this run (node name and run number)
 * @param heldBy when skipped: the holder of the lease; null when this run cleaned
 * @param heldUntil when skipped: until when the lease is valid, unless its holder renews it
 */
public record CleanupReport(
        long events,
        long groups,
        long viewGroups,
        long tagValues,
        long batches,
        long millis,
        boolean complete,
        String node,
        String heldBy,
        OffsetDateTime heldUntil) {

    static final CleanupReport NONE = new CleanupReport(0, 0, 0, 0, 0, 0, true, null, null, null);

    static CleanupReport skipped(String node, String heldBy, OffsetDateTime heldUntil) {
        return new CleanupReport(0, 0, 0, 0, 0, 0, false, node, heldBy == null ? "unknown" : heldBy, heldUntil);
    }

    /** True when the run did nothing because another run holds the lease. */
    public boolean skipped() {
        return heldBy != null;
    }

    CleanupReport plus(CleanupReport other) {
        return new CleanupReport(
                events + other.events,
                groups + other.groups,
                viewGroups + other.viewGroups,
                tagValues + other.tagValues,
                batches + other.batches,
                millis + other.millis,
                complete && other.complete,
                node,
                heldBy,
                heldUntil);
    }

    CleanupReport took(String runNode, long totalMillis, boolean isComplete) {
        return new CleanupReport(
                events, groups, viewGroups, tagValues, batches, totalMillis, isComplete, runNode, heldBy, heldUntil);
    }

    /** Deleted events per second of the run (0 for a run under a millisecond). */
    public long eventsPerSecond() {
        return millis == 0 ? 0 : events * 1000 / millis;
    }
}
