package io.lookout.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.grouping.GroupStatus;
import io.lookout.schema.SqlRow;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A view group's row of a native query, read by name ({@code schema.Columns}), as the group lists show it. */
class GroupSummaryTest {

    private static final Instant AT = Instant.parse("2026-12-05T04:56:02.580022Z");

    @Test
    void aViewGroupRowBecomesAGroupWithItsKeyAndHours() {
        Object[] values = {
            4L,
            2L,
            7L,
            1L,
            "exception",
            "c",
            "Boom",
            null,
            "error",
            "ignored",
            3L,
            2L,
            Timestamp.from(AT),
            Timestamp.from(AT),
            1.5,
            null,
            null,
            0.0,
            0L,
            0.0,
            "ann",
            "1.0.0",
            "1.2.0",
            "1.2.0",
            Boolean.TRUE,
            "[\"prod\",null]"
        };
        SqlRow row = GroupDetails.VIEW_GROUP.rows(oneRow(values)).get(0);
        List<HourlyCount> hours = List.of(new HourlyCount(AT, 3));
        GroupSummary group = GroupSummary.ofViewGroup(row, List.of("env", "url"), hours);
        assertEquals(4, group.id());
        assertEquals(7L, group.groupId());
        assertEquals(GroupStatus.IGNORED, group.status());
        assertEquals(3, group.count());
        assertEquals("prod", group.key().get("env"));
        assertTrue(group.key().containsKey("url") && group.key().get("url") == null);
        assertEquals(List.of("env", "url"), List.copyOf(group.key().keySet()));
        assertEquals(new TimeSpent(0.0, 0, null, null), group.timeSpent());
        assertEquals(hours, group.hourly());
        assertEquals("ann", group.assignee());
        assertEquals(2, group.users());
        assertEquals("1.0.0", group.firstRelease());
        assertEquals("1.2.0", group.lastRelease());
        assertEquals(new ResolvedIn("1.2.0", true), group.resolvedIn());
    }

    /** What a native query of several columns answers: one array per row. */
    private static List<Object> oneRow(Object... values) {
        return Collections.singletonList(values);
    }
}
