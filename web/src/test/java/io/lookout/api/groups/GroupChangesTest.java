package io.lookout.api.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lookout.Problem;
import io.lookout.api.JsonBodies;
import io.lookout.grouping.GroupStatus;
import io.lookout.query.GroupChange;
import org.junit.jupiter.api.Test;

class GroupChangesTest {

    @Test
    void aStatusAMuteOrBothAreAChange() throws Problem {
        assertEquals(new GroupChange(GroupStatus.RESOLVED, null), parse("{\"status\": \"resolved\"}"));
        assertEquals(new GroupChange(null, 60L), parse("{\"muteMinutes\": 60}"));
        assertEquals(new GroupChange(GroupStatus.IGNORED, 0L), parse("{\"muteMinutes\": 0, \"status\": \"ignored\"}"));
        assertEquals(new GroupChange(null, 129_600L), parse("{\"muteMinutes\": 129600}"));
        assertNull(parse("{\"muteMinutes\": 1}").status());
    }

    @Test
    void anAssigneeIsANameOrNull() throws Problem {
        assertEquals(GroupChange.assign("bob"), parse("{\"assignee\": \"bob\"}"));
        assertEquals(GroupChange.assign(null), parse("{\"assignee\": null}"));
        assertEquals(
                new GroupChange(GroupStatus.RESOLVED, null, new GroupChange.Assignment("ann")),
                parse("{\"assignee\": \"ann\", \"status\": \"resolved\"}"));
        for (String bad : new String[] {"{\"assignee\": 7}", "{\"assignee\": \"  \"}", "{\"assignee\": [\"a\"]}"}) {
            Problem problem = assertThrows(Problem.class, () -> parse(bad), bad);
            assertEquals(400, problem.status());
            assertEquals("assignee", problem.field());
            assertEquals("assignee must be a user name, or null to unassign", problem.describe());
        }
        Problem tooLong = assertThrows(Problem.class, () -> parse("{\"assignee\": \"" + "x".repeat(101) + "\"}"));
        assertEquals("assignee", tooLong.field());
    }

    @Test
    void aWrongFieldIsA400NamingItWithTheMessagesTheApiAlwaysGave() {
        String[][] cases = {
            {"{\"status\": \"fixed\"}", "status", "status must be one of unresolved, resolved, ignored"},
            {"{\"status\": 42}", "status", "status must be one of unresolved, resolved, ignored"},
            {"{\"status\": null}", "status", "status must be one of unresolved, resolved, ignored"},
            {"{\"status\": \"RESOLVED\"}", "status", "status must be one of unresolved, resolved, ignored"},
            {"{}", "status", "status must be one of unresolved, resolved, ignored"},
            {"{\"foo\": 1}", "foo", "foo cannot be changed: send status, muteMinutes and/or assignee"},
            {
                "{\"status\": \"resolved\", \"count\": 1}",
                "count",
                "count cannot be changed: send status, muteMinutes and/or assignee"
            },
            {"{\"muteMinutes\": \"60\"}", "muteMinutes", "muteMinutes must be a whole number of minutes"},
            {"{\"muteMinutes\": 1.5}", "muteMinutes", "muteMinutes must be a whole number of minutes"},
            {"{\"muteMinutes\": -1}", "muteMinutes", "muteMinutes must be from 0 (unmute) to 129600 (90 days)"},
            {"{\"muteMinutes\": 129601}", "muteMinutes", "muteMinutes must be from 0 (unmute) to 129600 (90 days)"},
            {
                "{\"muteMinutes\": 99999999999999999999}",
                "muteMinutes",
                "muteMinutes must be from 0 (unmute) to 129600 (90 days)"
            },
            {
                "{\"muteMinutes\": 60, \"status\": \"bogus\"}",
                "status",
                "status must be one of unresolved, resolved, ignored"
            },
        };
        for (String[] c : cases) {
            Problem problem = assertThrows(Problem.class, () -> parse(c[0]), c[0]);
            assertEquals(400, problem.status(), c[0]);
            assertEquals(c[1], problem.field(), c[0]);
            assertEquals(c[2], problem.describe(), c[0]);
        }
    }

    @Test
    void anUnknownFieldIsRefusedBeforeTheGroupIsLookedUp() {
        Problem problem = assertThrows(
                Problem.class, () -> GroupChanges.checkFields(JsonBodies.object("{\"status\": 1, \"x\": 2}")));
        assertEquals("x", problem.field());
    }

    private static GroupChange parse(String body) throws Problem {
        return GroupChanges.parse(JsonBodies.object(body));
    }
}
