package io.lookout.query;

import io.lookout.grouping.GroupStatus;

/**
 * A change to a group ({@code PATCH /api/{projectId}/groups/{groupId}}, the group page's buttons):
 * a new status, a mute of its alerts, or both. Null: left as it is.
 *
 * @param muteMinutes how long to mute its alerts; 0 unmutes ({@link io.lookout.alerts.Mutes})
 */
public record GroupChange(GroupStatus status, Long muteMinutes) {

    public GroupChange {
        if (status == null && muteMinutes == null) {
            throw new IllegalArgumentException("a change of nothing");
        }
    }

    public static GroupChange status(GroupStatus status) {
        return new GroupChange(status, null);
    }
}
