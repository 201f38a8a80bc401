package io.lookout.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The edge's per-event scrubbed counts travel in a message property; a sender's junk there counts nothing. */
class ScrubbedCountsPropertyTest {

    @Test
    void countsRoundTrip() {
        assertEquals("2,0,1", EventQueue.scrubbedCounts(new int[] {2, 0, 1}));
        assertArrayEquals(new int[] {2, 0, 1}, EventQueue.scrubbedCounts("2,0,1", 3));
    }

    @Test
    void nothingScrubbedSetsNoProperty() {
        assertNull(EventQueue.scrubbedCounts(new int[] {0, 0}));
        assertArrayEquals(new int[] {0, 0}, EventQueue.scrubbedCounts(null, 2));
    }

    @Test
    void unreadableOrMismatchedPropertiesCountZero() {
        assertArrayEquals(new int[] {0, 0}, EventQueue.scrubbedCounts("1,2,3", 2));
        assertArrayEquals(new int[] {0, 0}, EventQueue.scrubbedCounts("1,x", 2));
        assertArrayEquals(new int[] {0}, EventQueue.scrubbedCounts("-5", 1));
        assertArrayEquals(new int[] {1_000_000}, EventQueue.scrubbedCounts("2147483647", 1));
    }
}
