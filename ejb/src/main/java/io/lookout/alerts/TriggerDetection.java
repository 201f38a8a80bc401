package io.lookout.alerts;

import io.lookout.grouping.GroupStatus;
import io.lookout.grouping.StoredBatch;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
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
    record Raised(AlertRule rule, Trigger trigger, String key, StoredBatch.Event event, long thresholdEvents) {}

    /**
     * Events a batch adds to a frequency rule's subject (a group, or 0: the scope) in the current
     * minute; for a group, also its count of events of any kind before and after the batch.
     */
    record Tally(
            AlertRule rule,
            Scope scope,
            long subject,
            long added,
            StoredBatch.Event last,
            GroupStatus status,
            long groupBefore,
            long groupAfter) {}

    /** What becomes of a frequency rule's tally for a group. */
    enum Gate {
        /** The group has fewer events in all than the threshold: it cannot reach it now, nothing is counted. */
        SKIP,
        /** The group's minutes are counted already (or it was past the threshold when the rule came): add the tally. */
        ADD,
        /** The group reaches the threshold now: its minutes in the window are counted from its stored events. */
        BACKFILL
    }

    /**
     * How much a group may be past a threshold and still have its window counted from its events when
     * its minutes are not counted yet: batches stored at the same moment read the group's count before
     * each other, and may all have skipped.
     */
    static final long BACKFILL_SLACK = 1000;

    /**
     * Whether a frequency rule counts a group's tally. A group is counted only from the batch that
     * brings its total to the threshold, for a group with fewer events in all cannot have as many in
     * a window; that batch counts the window from the stored events (backfill), the next ones add.
     *
     * @param counting whether the group has counted minutes in the rule's window
     */
    static Gate gate(long threshold, long groupBefore, long groupAfter, boolean counting) {
        if (groupAfter < threshold) {
            return Gate.SKIP;
        }
        if (counting || groupBefore >= threshold + BACKFILL_SLACK) {
            return Gate.ADD;
        }
        return Gate.BACKFILL;
    }

    /** What a batch raises at once, and what it counts for the frequency triggers. */
    record Found(List<Raised> raised, List<Tally> tallies) {}

    private TriggerDetection() {}

    static Found find(StoredBatch batch, List<ActiveRules.Active> rules) {
        List<Raised> raised = new ArrayList<>();
        List<Tally> tallies = new ArrayList<>();
        Map<Long, Long> groupCounts = groupCounts(batch);
        for (ActiveRules.Active active : rules) {
            AlertRule rule = active.rule();
            Scope scope = active.scope();
            switch (rule.trigger()) {
                case NEW_GROUP -> newGroups(batch, rule, scope, raised);
                case REGRESSION -> regressions(batch, rule, scope, raised);
                case FREQUENCY, VIEW_FREQUENCY -> tally(batch, rule, scope, groupCounts, tallies);
                case QUOTA_REACHED -> {} // raised by the quota flush (AlertTriggers#quotaReached)
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
            if (before == null || !before.reopened() || !matches(scope, batch, event) || !seen.add(event.groupId())) {
                continue;
            }
            raised.add(new Raised(
                    rule,
                    Trigger.REGRESSION,
                    regressionKey(rule.id(), event.groupId(), before.resolvedAt()),
                    event,
                    0));
        }
    }

    /** The batch's events per group, of any kind. */
    private static Map<Long, Long> groupCounts(StoredBatch batch) {
        Map<Long, Long> counts = new HashMap<>();
        batch.events().forEach(event -> counts.merge(event.groupId(), 1L, Long::sum));
        return counts;
    }

    private static void tally(
            StoredBatch batch, AlertRule rule, Scope scope, Map<Long, Long> groupCounts, List<Tally> tallies) {
        Map<Long, long[]> counts = new LinkedHashMap<>();
        Map<Long, StoredBatch.Event> last = new LinkedHashMap<>();
        for (StoredBatch.Event event : batch.events()) {
            // an ignored group stays quiet; a resolved one the batch reopened counts
            if (status(batch, event) == GroupStatus.IGNORED || !matches(scope, batch, event)) {
                continue;
            }
            long subject = rule.trigger() == Trigger.FREQUENCY ? event.groupId() : 0;
            counts.computeIfAbsent(subject, s -> new long[1])[0]++;
            last.put(subject, event);
        }
        counts.forEach((subject, n) -> {
            long before = -1;
            long after = -1;
            if (subject != 0) {
                StoredBatch.Before state = batch.before().get(subject);
                before = state == null ? 0 : state.timesSeen();
                after = before + groupCounts.get(subject);
            }
            tallies.add(new Tally(
                    rule, scope, subject, n[0], last.get(subject), status(batch, last.get(subject)), before, after));
        });
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
        return scope.matches(
                event.type(), event.tags(), event.message(), event.culprit(), status(batch, event), event.viewGroups());
    }

    /** The group's status once the batch is stored: new and reopened groups are unresolved. */
    static GroupStatus status(StoredBatch batch, StoredBatch.Event event) {
        StoredBatch.Before before = batch.before().get(event.groupId());
        return before == null || before.reopened() ? GroupStatus.UNRESOLVED : before.status();
    }
}
