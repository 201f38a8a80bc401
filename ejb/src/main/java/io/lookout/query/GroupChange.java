package io.lookout.query;

import io.lookout.grouping.GroupStatus;

/**
 * A change to a group ({@code PATCH /api/{projectId}/groups/{groupId}}, the group page's buttons):
 * a new status, a mute of its alerts, a new assignee, or several. Null: left as it is.
 *
 * @param muteMinutes how long to mute its alerts; 0 unmutes ({@link io.lookout.alerts.Mutes})
 * @param assignment the new assignee, or null to leave it
 * @param resolvedIn with status resolved: the release it is resolved in ({@link #NEXT_RELEASE} for the next one);
 *     null: resolved for good (any new event reopens it)
 */
public record GroupChange(GroupStatus status, Long muteMinutes, Assignment assignment, String resolvedIn) {

    /** {@code resolvedIn}: the next release, anything newer than the project's newest release now. */
    public static final String NEXT_RELEASE = "next";

    /**
     * A new assignee.
     *
     * @param user the user name; null unassigns
     */
    public record Assignment(String user) {}

    public GroupChange {
        if (status == null && muteMinutes == null && assignment == null) {
            throw new IllegalArgumentException("a change of nothing");
        }
        if (resolvedIn != null && status != GroupStatus.RESOLVED) {
            throw new IllegalArgumentException("a release to resolve in without resolving");
        }
    }

    public GroupChange(GroupStatus status, Long muteMinutes, Assignment assignment) {
        this(status, muteMinutes, assignment, null);
    }

    /** Resolves the group in a release ({@link #NEXT_RELEASE}: the next one). */
    public static GroupChange resolveIn(String release) {
        return new GroupChange(GroupStatus.RESOLVED, null, null, release);
    }

    public GroupChange(GroupStatus status, Long muteMinutes) {
        this(status, muteMinutes, null);
    }

    public static GroupChange status(GroupStatus status) {
        return new GroupChange(status, null);
    }

    /** Assigns the group to the user (null: to nobody). */
    public static GroupChange assign(String user) {
        return new GroupChange(null, null, new Assignment(user));
    }
}
