package io.lookout.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The edge's per-event scrubbed counts travel in a message property; a sender's junk there counts nothing. */
class ScrubbedCountsPropertyTest {

    @Test
    void countsRoundTrip() {
        assertEquals("2,0,1", EventMessages.scrubbedCounts(new int[] {2, 0, 1}));
        assertArrayEquals(new int[] {2, 0, 1}, EventMessages.scrubbedCounts("2,0,1", 3));
    }

    @Test
    void nothingScrubbedSetsNoProperty() {
        assertNull(EventMessages.scrubbedCounts(new int[] {0, 0}));
        assertArrayEquals(new int[] {0, 0}, EventMessages.scrubbedCounts(null, 2));
    }

    @Test
    void unreadableOrMismatchedPropertiesCountZero() {
        assertArrayEquals(new int[] {0, 0}, EventMessages.scrubbedCounts("1,2,3", 2));
        assertArrayEquals(new int[] {0, 0}, EventMessages.scrubbedCounts("1,x", 2));
        assertArrayEquals(new int[] {0}, EventMessages.scrubbedCounts("-5", 1));
        assertArrayEquals(new int[] {1_000_000}, EventMessages.scrubbedCounts("2147483647", 1));
    }
}
