package io.lookout.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeliveryFailuresTest {

    @Test
    void aMessageIsDeadLetteredAtItsOwnLastFailureNotAtAnotherMessages() {
        DeliveryFailures failures = new DeliveryFailures(3);
        assertEquals(1, failures.failed("ID:a"));
        assertEquals(1, failures.failed("ID:b"));
        assertEquals(2, failures.failed("ID:a"));
        assertFalse(failures.exhausted(2));
        int third = failures.failed("ID:a");
        assertEquals(3, third);
        assertTrue(failures.exhausted(third), "the third failure of three allowed");
        assertEquals(2, failures.failed("ID:b"), "b counts its own failures");
    }

    @Test
    void aStoredMessageStartsAgainFromNothing() {
        DeliveryFailures failures = new DeliveryFailures(2);
        failures.failed("ID:a");
        failures.settled("ID:a");
        assertEquals(1, failures.failed("ID:a"), "a message stored once and sent again is a new story");
    }

    @Test
    void oneAttemptAtLeastEvenWhenConfiguredBelow() {
        DeliveryFailures failures = new DeliveryFailures(0);
        assertTrue(failures.exhausted(failures.failed("ID:a")));
    }

    @Test
    void theCountsStayBoundedUnderAFloodOfFailingMessages() {
        DeliveryFailures failures = new DeliveryFailures(5);
        for (int i = 0; i < DeliveryFailures.MAX_TRACKED * 3; i++) {
            failures.failed("ID:" + i);
        }
        failures.failed("ID:x");
        assertEquals(2, failures.failed("ID:x"), "counting goes on after the counts were dropped");
    }
}
