package io.lookout.grouping;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a batch stored, as the store knew it anyway: which events were new, their groups and view
 * groups, the groups and view groups the batch created, and the state the other groups had before
 * it. The alerts find their triggers here ({@code io.lookout.alerts.AlertTriggers}) without a query
 * of their own.
 *
 * @param stored for each event handed to the store: stored now, or before (a duplicate)
 * @param events the events stored now, in the order they were handed in
 * @param newGroups the groups this batch created
 * @param before the groups that existed before this batch, by id, with their status then
 * @param newViewGroups the view groups this batch created
 */
public record StoredBatch(
        long projectId,
        boolean[] stored,
        List<Event> events,
        Set<Long> newGroups,
        Map<Long, Before> before,
        Set<Long> newViewGroups) {

    /** A batch that stored nothing new. */
    static StoredBatch nothing(long projectId, boolean[] stored) {
        return new StoredBatch(projectId, stored, List.of(), Set.of(), Map.of(), Set.of());
    }

    /**
     * An event stored now.
     *
     * @param tags the final tags (a null value is a null tag)
     * @param viewGroups for each view that took the event: view id → the view group it counted into
     */
    public record Event(
            String id,
            String type,
            long groupId,
            String message,
            String culprit,
            String level,
            Map<String, String> tags,
            OffsetDateTime occurred,
            Map<Long, Long> viewGroups) {}

    /**
     * A group's status before the batch, when it was resolved (null unless resolved), and its count
     * of events before the batch (read before the batch locked the group: a batch stored at the same
     * moment may be missing from it).
     */
    public record Before(GroupStatus status, Instant resolvedAt, long timesSeen, boolean keptResolved) {

        public Before(GroupStatus status, Instant resolvedAt, long timesSeen) {
            this(status, resolvedAt, timesSeen, false);
        }

        /** Whether the batch reopened the group (resolved before, and not resolved in a release no event is newer than). */
        public boolean reopened() {
            return status == GroupStatus.RESOLVED && !keptResolved;
        }
    }
}
