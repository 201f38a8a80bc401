package io.lookout.security;

import java.time.Duration;
import java.time.Instant;

/**
 * When failed sign-ins lock a user name or an address (docs/security.md): after {@link #LIMIT}
 * failures (configurable) within {@link #WINDOW}, further attempts are refused for {@link #FIRST_LOCK}; each
 * failure soon after a lock ended locks again for twice as long, up to {@link #LONGEST_LOCK}. After
 * {@link #WINDOW} without a failure or a lock, the count starts afresh. Pure: the state lives in the
 * database ({@link LoginThrottles}).
 */
public final class ThrottlePolicy {

    public static final int LIMIT = 5;
    public static final Duration WINDOW = Duration.ofMinutes(15);
    public static final Duration FIRST_LOCK = Duration.ofMinutes(1);
    public static final Duration LONGEST_LOCK = Duration.ofMinutes(15);

    /**
     * A user name's or an address's recent failures.
     *
     * @param failures since {@code windowStart}, while not locked
     * @param lockouts the locks in this run of failures (the next lasts {@link #lockDuration}({@code lockouts}))
     * @param lockedUntil the end of the last lock; {@code null}: none
     */
    public record State(int failures, int lockouts, Instant windowStart, Instant lockedUntil) {}

    private ThrottlePolicy() {}

    /** How long the lock after {@code lockouts} earlier ones lasts: 1 minute, doubling, at most 15. */
    public static Duration lockDuration(int lockouts) {
        if (lockouts >= 4) {
            return LONGEST_LOCK;
        }
        Duration duration = FIRST_LOCK.multipliedBy(1L << lockouts);
        return duration.compareTo(LONGEST_LOCK) > 0 ? LONGEST_LOCK : duration;
    }

    /** How long attempts are still refused, or {@code null} when they are not. */
    public static Duration remaining(State state, Instant now) {
        return state == null || state.lockedUntil() == null || !now.isBefore(state.lockedUntil())
                ? null
                : Duration.between(now, state.lockedUntil());
    }

    /** The state after a failed sign-in at {@code now}, locking after {@link #LIMIT} failures. */
    public static State afterFailure(State state, Instant now) {
        return afterFailure(state, now, LIMIT);
    }

    /**
     * The state after a failed sign-in at {@code now}.
     *
     * @param state before it; {@code null}: no recent failures
     * @param limit the failures within {@link #WINDOW} that lock
     */
    public static State afterFailure(State state, Instant now, int limit) {
        if (state != null && remaining(state, now) != null) {
            // refused attempts never reach the password check; should one slip through, it changes nothing
            return state;
        }
        int lockouts = state != null
                        && state.lockedUntil() != null
                        && now.isBefore(state.lockedUntil().plus(WINDOW))
                ? state.lockouts()
                : 0;
        if (lockouts > 0) {
            return new State(0, lockouts + 1, now, now.plus(lockDuration(lockouts)));
        }
        boolean counting = state != null
                && state.failures() > 0
                && now.isBefore(state.windowStart().plus(WINDOW));
        int failures = counting ? state.failures() + 1 : 1;
        Instant windowStart = counting ? state.windowStart() : now;
        if (failures >= Math.max(1, limit)) {
            return new State(0, 1, now, now.plus(lockDuration(0)));
        }
        return new State(failures, 0, windowStart, null);
    }

    /** Whether the state is worth keeping at {@code now}: it still counts failures or affects the next lock. */
    public static boolean matters(State state, Instant now) {
        return state != null
                && (state.failures() > 0 && now.isBefore(state.windowStart().plus(WINDOW))
                        || state.lockedUntil() != null
                                && now.isBefore(state.lockedUntil().plus(WINDOW)));
    }
}
