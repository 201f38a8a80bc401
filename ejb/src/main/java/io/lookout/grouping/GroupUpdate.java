package io.lookout.grouping;

import java.time.OffsetDateTime;

/** One event's contribution to its group's aggregates. */
record GroupUpdate(long projectId, String type, String checksum, String message, String culprit, String level,
        OffsetDateTime seen, Double timeSpent) {

    double timeSpentTotal() {
        return timeSpent == null ? 0 : timeSpent;
    }

    long timeSpentCount() {
        return timeSpent == null ? 0 : 1;
    }

    double timeSpentMax() {
        return timeSpent == null ? 0 : timeSpent;
    }
}
