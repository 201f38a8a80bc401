package io.lookout.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.grouping.GroupStatus;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnsTest {

    private static final Instant AT = Instant.parse("2026-12-05T04:56:02.580022Z");

    @Test
    void theSelectListIsWrittenFromTheColumnsAndEachIsReadByItsName() {
        Columns columns = new Columns("vg.id", "g.status", "SUM(vg.times_seen) AS event_count", "h.hour_start", "k1");
        assertEquals("vg.id, g.status, SUM(vg.times_seen) AS event_count, h.hour_start, k1", columns.list());
        SqlRow row = columns.rows(oneRow(7, "resolved", new BigDecimal("12"), Timestamp.from(AT), null))
                .get(0);
        assertEquals(7, row.number("id"));
        assertEquals(GroupStatus.RESOLVED, GroupStatus.ofColumn(row.value("status")));
        assertEquals(12, row.number("event_count"));
        assertEquals(AT, row.instant("hour_start"));
        assertNull(row.text("k1"));
    }

    @Test
    void aListMadeOfAnotherAndMoreReadsBoth() {
        Columns detail = new Columns("g.id", "g.status").and("g.muted_until");
        assertEquals("g.id, g.status, g.muted_until", detail.list());
        assertEquals(2, detail.position("muted_until"));
        assertThrows(IllegalArgumentException.class, () -> detail.and("x.status"), "two columns named status");
    }

    @Test
    void timestampsAreReadAsTheDriversAnswerThem() {
        Columns columns = new Columns("first_seen", "last_seen", "resolved_at");
        SqlRow row = columns.rows(oneRow(Timestamp.from(AT), OffsetDateTime.ofInstant(AT, ZoneOffset.ofHours(2)), null))
                .get(0);
        assertEquals(AT, row.instant("first_seen"));
        assertEquals(AT, row.instant("last_seen"));
        assertNull(row.instant("resolved_at"));
    }

    @Test
    void aSingleColumnsRowsAreBareValues() {
        List<SqlRow> rows = new Columns("tag_key").rows(Arrays.asList("url", "env"));
        assertEquals("env", rows.get(1).text("tag_key"));
    }

    @Test
    void namesAreUniqueAndAnUnknownNameIsAMistake() {
        IllegalArgumentException twice =
                assertThrows(IllegalArgumentException.class, () -> new Columns("vg.id", "g.id"));
        assertTrue(twice.getMessage().contains("two columns named id"), twice.getMessage());
        SqlRow row = new Columns("g.id").rows(List.of(1L)).get(0);
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> row.number("group_id"));
        assertTrue(unknown.getMessage().contains("no column group_id"), unknown.getMessage());
    }

    /** What a native query of several columns answers: one array per row. */
    private static List<Object> oneRow(Object... values) {
        return Collections.singletonList(values);
    }
}
