package io.lookout.alerts;

import io.lookout.grouping.StoredBatch;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the triggers of a stored batch from what the store knew anyway (no query of its own): the
 * groups and view groups it created, the resolved groups it saw again, and, for the frequency
 * triggers, how many events of each subject it adds to the current minute. Pure: the database work
 * is {@link AlertTriggers}'.
 *
 * <p>Every notification gets an idempotency key (rule, subject, trigger, window): the same trigger
 * found twice — by two nodes, or after a crash — is one notification.
 */
final class TriggerDetection {

    /** A notification to raise. */
    record Raised(AlertRule rule, Trigger trigger, String key, StoredBatch.Event event, long thresholdEvents) {
    }

    /** Events a batch adds to a frequency rule's subject (a group, or 0: the scope) in the current minute. */
    record Tally(AlertRule rule, long subject, long added, StoredBatch.Event last) {
    }

    /** What a batch raises at once, and what it counts for the frequency triggers. */
    record Found(List<Raised> raised, List<Tally> tallies) {
    }

    private TriggerDetection() {
    }

    static Found find(StoredBatch batch, List<ActiveRules.Active> rules) {
        List<Raised> raised = new ArrayList<>();
        List<Tally> tallies = new ArrayList<>();
        for (ActiveRules.Active active : rules) {
            AlertRule rule = active.rule();
            Scope scope = active.scope();
            switch (rule.trigger()) {
                case NEW_GROUP -> newGroups(batch, rule, scope, raised);
                case REGRESSION -> regressions(batch, rule, scope, raised);
                case FREQUENCY, VIEW_FREQUENCY -> tally(batch, rule, scope, tallies);
                default -> throw new IllegalStateException(rule.trigger().name());
            }
        }
        return new Found(raised, tallies);
    }

    /** A group's first event, or, for a rule on a view, the first event of each view group the batch created. */
    private static void newGroups(StoredBatch batch, AlertRule rule, Scope scope, List<Raised> raised) {
        Set<String> keys = new HashSet<>();
        for (StoredBatch.Event event : batch.events()) {
            String key;
            if (scope.viewId() == null) {
                if (!batch.newGroups().contains(event.groupId())) {
                    continue;
                }
                key = newGroupKey(rule.id(), event.groupId(), null);
            } else {
                Long viewGroup = event.viewGroups().get(scope.viewId());
                if (viewGroup == null || !batch.newViewGroups().contains(viewGroup)) {
                    continue;
                }
                key = newGroupKey(rule.id(), event.groupId(), viewGroup);
            }
            // the group's first event decides: a later event of the batch does not make it new again
            if (keys.add(key) && matches(scope, batch, event)) {
                raised.add(new Raised(rule, Trigger.NEW_GROUP, key, event, 0));
            }
        }
    }

    /** An event for a group that was resolved before the batch (the store reopens it). */
    private static void regressions(StoredBatch batch, AlertRule rule, Scope scope, List<Raised> raised) {
        Set<Long> seen = new HashSet<>();
        for (StoredBatch.Event event : batch.events()) {
            StoredBatch.Before before = batch.before().get(event.groupId());
            if (before == null || !"resolved".equals(before.status()) || !matches(scope, batch, event)
                    || !seen.add(event.groupId())) {
                continue;
            }
            raised.add(new Raised(rule, Trigger.REGRESSION, regressionKey(rule.id(), event.groupId(), before.resolvedAt()),
                    event, 0));
        }
    }

    private static void tally(StoredBatch batch, AlertRule rule, Scope scope, List<Tally> tallies) {
        Map<Long, long[]> counts = new LinkedHashMap<>();
        Map<Long, StoredBatch.Event> last = new LinkedHashMap<>();
        for (StoredBatch.Event event : batch.events()) {
            // an ignored group stays quiet; a resolved one the batch reopened counts
            if ("ignored".equals(status(batch, event)) || !matches(scope, batch, event)) {
                continue;
            }
            long subject = rule.trigger() == Trigger.FREQUENCY ? event.groupId() : 0;
            counts.computeIfAbsent(subject, s -> new long[1])[0]++;
            last.put(subject, event);
        }
        counts.forEach((subject, n) -> tallies.add(new Tally(rule, subject, n[0], last.get(subject))));
    }

    /**
     * Whether a frequency rule's subject crossed its threshold with this batch: at least
     * {@code threshold} events in its window now, fewer without the batch's.
     */
    static boolean crossed(long inWindow, long added, long threshold) {
        return inWindow >= threshold && inWindow - added < threshold;
    }

    /** The raised notification of a frequency tally that crossed; keyed by its minute. */
    static Raised frequency(Tally tally, long inWindow, Instant minute) {
        AlertRule rule = tally.rule();
        String key = rule.trigger() == Trigger.FREQUENCY
                ? "frequency:" + rule.id() + ":" + tally.subject() + ":" + minute.getEpochSecond() / 60
                : "view-frequency:" + rule.id() + ":" + minute.getEpochSecond() / 60;
        return new Raised(rule, rule.trigger(), key, tally.last(), inWindow);
    }

    static String newGroupKey(long ruleId, long groupId, Long viewGroupId) {
        return "new-group:" + ruleId + ":" + groupId + (viewGroupId == null ? "" : ":" + viewGroupId);
    }

    static String regressionKey(long ruleId, long groupId, Instant resolvedAt) {
        return "regression:" + ruleId + ":" + groupId + ":" + (resolvedAt == null ? 0 : resolvedAt.toEpochMilli());
    }

    static Instant minute(Instant now) {
        return now.truncatedTo(ChronoUnit.MINUTES);
    }

    private static boolean matches(Scope scope, StoredBatch batch, StoredBatch.Event event) {
        return scope.matches(event.type(), event.tags(), event.message(), event.culprit(), status(batch, event),
                event.viewGroups());
    }

    /** The group's status once the batch is stored: new and reopened groups are unresolved. */
    private static String status(StoredBatch batch, StoredBatch.Event event) {
        StoredBatch.Before before = batch.before().get(event.groupId());
        return before == null || "resolved".equals(before.status()) ? "unresolved" : before.status();
    }
}
