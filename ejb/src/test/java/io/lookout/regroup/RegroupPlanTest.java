package io.lookout.regroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.regroup.RegroupPlan.Examined;
import io.lookout.regroup.RegroupPlan.Regrouped;
import io.lookout.regroup.RegroupPlan.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RegroupPlan}: which events of a batch move where, and where the job stands after it. */
class RegroupPlanTest {

    private static final String A = "a".repeat(32);
    private static final String B = "b".repeat(32);
    private static final String C = "c".repeat(32);

    private static Examined event(long id, String type, String stored, long group, String now) {
        return new Examined(id, type, stored, group, now == null ? null : new Regrouped(now, "[]", "m", null, null));
    }

    @Test
    void eventsWhoseChecksumChangedAreGroupedByTheirNewGroupInKeyOrder() {
        RegroupPlan plan = RegroupPlan.of(
                10,
                List.of(
                        event(11, "message", A, 1, C),
                        event(12, "message", B, 2, C),
                        event(13, "message", C, 3, C),
                        event(15, "exception", A, 4, B),
                        event(20, "message", A, 1, A)));

        assertEquals(5, plan.examined());
        assertEquals(0, plan.skipped());
        assertEquals(20, plan.position(), "the position is the last event read, changed or not");
        assertEquals(3, plan.changed());
        assertEquals(
                List.of(new Target("exception", B), new Target("message", C)),
                List.copyOf(plan.changes().keySet()),
                "targets in key order (type, then checksum), as groups are locked");
        assertEquals(
                List.of(11L, 12L),
                plan.changes().get(new Target("message", C)).stream()
                        .map(Examined::eventRowId)
                        .toList(),
                "the event already of checksum C stays out");
    }

    @Test
    void theSameChecksumOfAnotherTypeIsAnotherGroup() {
        RegroupPlan plan = RegroupPlan.of(0, List.of(event(1, "message", A, 1, C), event(2, "query", A, 2, C)));

        assertEquals(2, plan.changes().size());
        assertEquals(1, plan.changes().get(new Target("message", C)).size());
        assertEquals(1, plan.changes().get(new Target("query", C)).size());
    }

    @Test
    void eventsThatCannotBeReprocessedAreCountedAndLeftWhereTheyAre() {
        RegroupPlan plan = RegroupPlan.of(0, List.of(event(1, "gone", A, 1, null), event(2, "message", A, 2, B)));

        assertEquals(2, plan.examined());
        assertEquals(1, plan.skipped());
        assertEquals(1, plan.changed());
        assertEquals(2, plan.position());
    }

    @Test
    void anEmptyBatchKeepsThePosition() {
        RegroupPlan plan = RegroupPlan.of(42, List.of());

        assertEquals(0, plan.examined());
        assertEquals(42, plan.position());
        assertTrue(plan.changes().isEmpty());
    }

    @Test
    void eventsMustComeInIdOrderAfterThePosition() {
        assertThrows(IllegalArgumentException.class, () -> RegroupPlan.of(5, List.of(event(5, "message", A, 1, B))));
        assertThrows(
                IllegalArgumentException.class,
                () -> RegroupPlan.of(0, List.of(event(7, "message", A, 1, B), event(6, "message", A, 1, B))));
    }
}
