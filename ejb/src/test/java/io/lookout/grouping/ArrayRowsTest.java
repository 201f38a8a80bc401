package io.lookout.grouping;

import static io.lookout.grouping.ArrayRows.Column.BIGINT;
import static io.lookout.grouping.ArrayRows.Column.CHAR32;
import static io.lookout.grouping.ArrayRows.Column.DOUBLE;
import static io.lookout.grouping.ArrayRows.Column.TIMESTAMPTZ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ArrayRowsTest {

    @Test
    void oneArrayParameterPerColumnWhateverTheNumberOfRows() {
        ArrayRows rows = new ArrayRows(
                "INSERT INTO t (a, b, c) SELECT * FROM {rows} ON CONFLICT DO NOTHING", BIGINT, CHAR32, TIMESTAMPTZ);
        assertEquals(
                "INSERT INTO t (a, b, c) SELECT * FROM unnest(CAST(? AS BIGINT[]), CAST(? AS CHAR(32)[]),"
                        + " CAST(? AS TIMESTAMP WITH TIME ZONE[])) ON CONFLICT DO NOTHING",
                rows.sql());
    }

    @Test
    void sqlWithoutAPlaceForTheRowsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ArrayRows("INSERT INTO t (a) VALUES (?)", BIGINT));
    }

    @Test
    void timestampsAreSentInUtcWithMicrosecondsAndEveryField() {
        // OffsetDateTime.toString() would drop zero seconds ("10:00Z"); the text must always carry them
        OffsetDateTime time = OffsetDateTime.of(2026, 11, 29, 11, 0, 0, 123_456_000, ZoneOffset.ofHours(1));
        assertEquals("2026-11-29 10:00:00.123456Z", ArrayRows.value(TIMESTAMPTZ, time));
        assertEquals("2026-11-29 10:00:00.000000Z", ArrayRows.value(TIMESTAMPTZ, time.withNano(0)));
    }

    @Test
    void numbersKeepTheirColumnsTypeAndNullStaysNull() {
        assertEquals(7L, ArrayRows.value(BIGINT, 7));
        assertEquals(2.5, ArrayRows.value(DOUBLE, 2.5f));
        assertNull(ArrayRows.value(TIMESTAMPTZ, null));
        assertEquals(Long[].class, BIGINT.newArray(2).getClass());
        assertEquals(String[].class, CHAR32.newArray(2).getClass());
    }
}
