package io.lookout.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When failed sign-ins lock, for how long, and when the count starts afresh. */
class ThrottlePolicyTest {

    private static final Instant T0 = Instant.parse("2026-12-05T12:00:00Z");

    private static ThrottlePolicy.State fail(ThrottlePolicy.State state, Instant at, int times) {
        for (int i = 0; i < times; i++) {
            state = ThrottlePolicy.afterFailure(state, at);
        }
        return state;
    }

    @Test
    void theLocksDoubleFromOneMinuteToFifteen() {
        assertEquals(Duration.ofMinutes(1), ThrottlePolicy.lockDuration(0));
        assertEquals(Duration.ofMinutes(2), ThrottlePolicy.lockDuration(1));
        assertEquals(Duration.ofMinutes(4), ThrottlePolicy.lockDuration(2));
        assertEquals(Duration.ofMinutes(8), ThrottlePolicy.lockDuration(3));
        assertEquals(Duration.ofMinutes(15), ThrottlePolicy.lockDuration(4));
        assertEquals(Duration.ofMinutes(15), ThrottlePolicy.lockDuration(40));
    }

    @Test
    void fourFailuresDoNotLockTheFifthDoes() {
        ThrottlePolicy.State four = fail(null, T0, 4);
        assertEquals(4, four.failures());
        assertNull(ThrottlePolicy.remaining(four, T0));
        ThrottlePolicy.State five = ThrottlePolicy.afterFailure(four, T0.plusSeconds(30));
        assertEquals(Duration.ofMinutes(1), ThrottlePolicy.remaining(five, T0.plusSeconds(30)));
        assertEquals(Duration.ofSeconds(20), ThrottlePolicy.remaining(five, T0.plusSeconds(70)));
        assertNull(ThrottlePolicy.remaining(five, T0.plusSeconds(90)));
    }

    @Test
    void failuresFurtherApartThanTheWindowStartAfresh() {
        ThrottlePolicy.State four = fail(null, T0, 4);
        ThrottlePolicy.State later = ThrottlePolicy.afterFailure(four, T0.plus(Duration.ofMinutes(15)));
        assertEquals(1, later.failures());
        assertNull(ThrottlePolicy.remaining(later, T0.plus(Duration.ofMinutes(15))));
        assertTrue(ThrottlePolicy.matters(four, T0.plus(Duration.ofMinutes(14))));
        assertFalse(ThrottlePolicy.matters(four, T0.plus(Duration.ofMinutes(15))));
    }

    @Test
    void eachFailureSoonAfterALockLocksAgainTwiceAsLong() {
        ThrottlePolicy.State state = fail(null, T0, 5);
        Instant at = T0;
        long[] minutes = {2, 4, 8, 15, 15};
        for (long expected : minutes) {
            at = state.lockedUntil();
            state = ThrottlePolicy.afterFailure(state, at);
            assertEquals(Duration.ofMinutes(expected), ThrottlePolicy.remaining(state, at), "lock " + state);
        }
        // fifteen quiet minutes after the last lock ended: counting starts afresh
        Instant quiet = state.lockedUntil().plus(Duration.ofMinutes(15));
        assertFalse(ThrottlePolicy.matters(state, quiet));
        ThrottlePolicy.State fresh = ThrottlePolicy.afterFailure(state, quiet);
        assertEquals(1, fresh.failures());
        assertNull(ThrottlePolicy.remaining(fresh, quiet));
    }

    @Test
    void anAttemptDuringALockChangesNothing() {
        ThrottlePolicy.State locked = fail(null, T0, 5);
        assertNotNull(ThrottlePolicy.remaining(locked, T0.plusSeconds(10)));
        assertSame(locked, ThrottlePolicy.afterFailure(locked, T0.plusSeconds(10)));
    }

    @Test
    void theLimitIsConfigurable() {
        ThrottlePolicy.State state = null;
        for (int i = 0; i < 29; i++) {
            state = ThrottlePolicy.afterFailure(state, T0, 30);
        }
        assertNull(ThrottlePolicy.remaining(state, T0));
        state = ThrottlePolicy.afterFailure(state, T0, 30);
        assertEquals(Duration.ofMinutes(1), ThrottlePolicy.remaining(state, T0));
    }
}
