package io.lookout.api.groups;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.alerts.Mutes;
import io.lookout.grouping.GroupStatus;
import io.lookout.query.GroupChange;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * The body of {@code PATCH /api/{projectId}/groups/{groupId}} as a {@link GroupChange}, with a 400
 * naming the field that is wrong.
 */
final class GroupChanges {

    private GroupChanges() {}

    /**
     * A field other than {@code status}, {@code muteMinutes} and {@code assignee} is a 400 (checked
     * before the group is looked up).
     */
    static void checkFields(JsonObject json) throws Problem {
        for (String key : json.keySet()) {
            if (!key.equals("status")
                    && !key.equals("muteMinutes")
                    && !key.equals("assignee")
                    && !key.equals("resolvedIn")) {
                throw Problem.invalid(key, ProblemCode.GROUP_FIELD);
            }
        }
    }

    /**
     * The change the body asks for: {@code muteMinutes} a whole number from 0 to 90 days, {@code status}
     * one of the statuses, {@code assignee} a user name or null (unassigned); without {@code muteMinutes}
     * or {@code assignee}, {@code status} is required; {@code resolvedIn} ({@code "next"} or a release
     * name) only with {@code status} resolved.
     */
    static GroupChange parse(JsonObject json) throws Problem {
        checkFields(json);
        Long muteMinutes = null;
        if (json.containsKey("muteMinutes")) {
            if (!(json.get("muteMinutes") instanceof JsonNumber minutes) || !minutes.isIntegral()) {
                throw Problem.invalid("muteMinutes", ProblemCode.WHOLE_MINUTES);
            }
            if (minutes.bigIntegerValue().signum() < 0
                    || minutes.bigIntegerValue().compareTo(java.math.BigInteger.valueOf(Mutes.MAX.toMinutes())) > 0) {
                throw Problem.invalid("muteMinutes", ProblemCode.MUTE_RANGE, Mutes.MAX.toMinutes());
            }
            muteMinutes = minutes.longValue();
        }
        GroupChange.Assignment assignment = null;
        if (json.containsKey("assignee")) {
            JsonValue value = json.get("assignee");
            if (value.getValueType() == JsonValue.ValueType.NULL) {
                assignment = new GroupChange.Assignment(null);
            } else if (value instanceof JsonString name && !name.getString().isBlank()) {
                if (name.getString().length() > 100) {
                    throw Problem.invalid("assignee", ProblemCode.TOO_LONG, 100);
                }
                assignment = new GroupChange.Assignment(name.getString());
            } else {
                throw Problem.invalid("assignee", ProblemCode.ASSIGNEE);
            }
        }
        GroupStatus status = null;
        if (json.containsKey("status") || muteMinutes == null && assignment == null) {
            JsonValue value = json.get("status");
            status = GroupStatus.parse(value instanceof JsonString text ? text.getString() : null);
        }
        String resolvedIn = null;
        if (json.containsKey("resolvedIn")) {
            if (!(json.get("resolvedIn") instanceof JsonString release)
                    || release.getString().isBlank()) {
                throw Problem.invalid("resolvedIn", ProblemCode.RESOLVED_IN_RELEASE);
            }
            if (release.getString().length() > 200) {
                throw Problem.invalid("resolvedIn", ProblemCode.TOO_LONG, 200);
            }
            if (status != GroupStatus.RESOLVED) {
                throw Problem.invalid("resolvedIn", ProblemCode.RESOLVED_IN_RELEASE);
            }
            resolvedIn = release.getString();
        }
        return new GroupChange(status, muteMinutes, assignment, resolvedIn);
    }
}
