package io.lookout.alerts;

import java.time.Instant;

/**
 * Events of a project a quota refused in one window (since the quota's last flush): what raises the
 * {@code quota-reached} trigger ({@link AlertTriggers#quotaReached}).
 *
 * @param limit {@code eventsPerMinute}, {@code spike} or {@code eventsPerDay}
 * @param allowed the limit's value: events in the window
 * @param window {@code minute} or {@code day}
 * @param refused the events refused (0 in a key that counts them elsewhere)
 */
public record QuotaRefusal(
        long projectId,
        String limit,
        long allowed,
        String window,
        Instant windowStart,
        Instant windowEnd,
        long refused) {

    public QuotaRefusal withRefused(long events) {
        return new QuotaRefusal(projectId, limit, allowed, window, windowStart, windowEnd, events);
    }

    /** The notification's idempotency key: once per rule, limit and window, whichever node refused. */
    String key(long ruleId) {
        return "quota:" + ruleId + ":" + limit + ":" + windowStart.getEpochSecond();
    }
}
