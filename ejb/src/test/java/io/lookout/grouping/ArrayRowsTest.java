package io.lookout.grouping;

import static io.lookout.grouping.ArrayRows.Column.BIGINT;
import static io.lookout.grouping.ArrayRows.Column.CHAR32;
import static io.lookout.grouping.ArrayRows.Column.DOUBLE;
import static io.lookout.grouping.ArrayRows.Column.TIMESTAMPTZ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
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

    @Test
    void timesAreWrittenAsTheFormatterWritesThemInUtc() {
        DateTimeFormatter iso = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSXXX");
        Random random = new Random(25);
        for (int i = 0; i < 20_000; i++) {
            long second = random.nextLong(-62_000_000_000L, 400_000_000_000L);
            OffsetDateTime time = Instant.ofEpochSecond(second, random.nextInt(1_000_000_000))
                    .atOffset(ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 3600, 18 * 3600 + 1)));
            assertEquals(iso.format(time.withOffsetSameInstant(ZoneOffset.UTC)), ArrayRows.value(TIMESTAMPTZ, time));
        }
    }
}
