package io.lookout.grouping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.Problem;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GroupStatusTest {

    @Test
    void eachStatusHasTheWireNameOfTheDatabaseAndTheApi() throws Problem {
        assertEquals("unresolved", GroupStatus.UNRESOLVED.wireName());
        assertEquals("resolved", GroupStatus.RESOLVED.wireName());
        assertEquals("ignored", GroupStatus.IGNORED.wireName());
        for (GroupStatus status : GroupStatus.values()) {
            assertEquals(status, GroupStatus.parse(status.wireName()));
            assertEquals(status, GroupStatus.ofColumn(status.wireName()));
            assertEquals("'" + status.wireName() + "'", status.sql());
        }
    }

    @Test
    void onlyWireNamesAreStatuses() {
        for (String text : new String[] {"RESOLVED", "Resolved", "open", "", " resolved", null}) {
            assertEquals(Optional.empty(), GroupStatus.byWireName(text), String.valueOf(text));
            Problem problem = assertThrows(Problem.class, () -> GroupStatus.parse(text), String.valueOf(text));
            assertEquals(400, problem.status());
            assertEquals("status must be one of unresolved, resolved, ignored", problem.describe());
        }
        IllegalStateException stored = assertThrows(IllegalStateException.class, () -> GroupStatus.ofColumn("open"));
        assertTrue(stored.getMessage().contains("open"), stored.getMessage());
    }
}
