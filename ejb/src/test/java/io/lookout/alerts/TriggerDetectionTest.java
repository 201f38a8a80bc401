package io.lookout.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.grouping.GroupStatus;
import io.lookout.grouping.StoredBatch;
import io.lookout.query.language.Query;
import io.lookout.query.language.QueryParser;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The triggers a stored batch raises, and their idempotency keys. */
class TriggerDetectionTest {

    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 12, 5, 10, 0, 0, 0, ZoneOffset.UTC);
    private static final long VIEW = 7;

    @Test
    void aNewGroupFiresOnceForItsFirstEventOnly() throws Exception {
        StoredBatch batch = batch(
                Set.of(10L),
                Map.of(11L, before(GroupStatus.UNRESOLVED)),
                Set.of(),
                event("a", 10, "/checkout"),
                event("b", 10, "/checkout"),
                event("c", 11, "/checkout"));
        List<TriggerDetection.Raised> raised = TriggerDetection.find(
                        batch, List.of(rule(1, Trigger.NEW_GROUP, null, null)))
                .raised();
        assertEquals(1, raised.size(), raised.toString());
        assertEquals("new-group:1:10", raised.get(0).key());
        assertEquals("a", raised.get(0).event().id());
    }

    @Test
    void theQueryScopesTheRule() throws Exception {
        StoredBatch batch =
                batch(Set.of(10L, 12L), Map.of(), Set.of(), event("a", 10, "/home"), event("b", 12, "/checkout"));
        List<TriggerDetection.Raised> raised = TriggerDetection.find(
                        batch, List.of(rule(1, Trigger.NEW_GROUP, null, "type:exception url:/checkout")))
                .raised();
        assertEquals(
                List.of("new-group:1:12"),
                raised.stream().map(TriggerDetection.Raised::key).toList());
        // a group whose first event is outside the scope is not new for the rule later either: the first event decides
        StoredBatch later =
                batch(Set.of(), Map.of(10L, before(GroupStatus.UNRESOLVED)), Set.of(), event("c", 10, "/checkout"));
        assertTrue(TriggerDetection.find(later, List.of(rule(1, Trigger.NEW_GROUP, null, "url:/checkout")))
                .raised()
                .isEmpty());
    }

    @Test
    void aRuleOnAViewFiresForEachNewViewGroup() throws Exception {
        // group 11 is known; it reaches a new URL, which is a new view group (101) of the view "by url"
        StoredBatch batch = batch(
                Set.of(),
                Map.of(11L, before(GroupStatus.UNRESOLVED)),
                Set.of(101L),
                event("a", 11, "/checkout", Map.of(VIEW, 100L)),
                event("b", 11, "/pay", Map.of(VIEW, 101L)),
                event("c", 11, "/pay", Map.of(VIEW, 101L)));
        List<TriggerDetection.Raised> raised = TriggerDetection.find(
                        batch, List.of(rule(2, Trigger.NEW_GROUP, VIEW, null)))
                .raised();
        assertEquals(
                List.of("new-group:2:11:101"),
                raised.stream().map(TriggerDetection.Raised::key).toList());
        assertEquals("b", raised.get(0).event().id());
        // an event the view did not take (another type) never fires a rule on the view
        StoredBatch other = batch(Set.of(12L), Map.of(), Set.of(), event("d", 12, "/pay"));
        assertTrue(TriggerDetection.find(other, List.of(rule(2, Trigger.NEW_GROUP, VIEW, null)))
                .raised()
                .isEmpty());
    }

    @Test
    void aResolvedGroupSeenAgainIsARegressionKeyedByItsResolution() throws Exception {
        Instant resolvedAt = Instant.parse("2026-12-05T09:00:00Z");
        StoredBatch batch = batch(
                Set.of(),
                Map.of(
                        10L,
                        new StoredBatch.Before(GroupStatus.RESOLVED, resolvedAt, 3),
                        11L,
                        before(GroupStatus.UNRESOLVED),
                        12L,
                        before(GroupStatus.IGNORED)),
                Set.of(),
                event("a", 10, "/x"),
                event("b", 10, "/x"),
                event("c", 11, "/x"),
                event("d", 12, "/x"));
        List<TriggerDetection.Raised> raised = TriggerDetection.find(
                        batch, List.of(rule(3, Trigger.REGRESSION, null, null)))
                .raised();
        assertEquals(
                List.of("regression:3:10:" + resolvedAt.toEpochMilli()),
                raised.stream().map(TriggerDetection.Raised::key).toList());
        // the same batch found again (a second node, a retry) gives the same key: one notification
        assertEquals(
                raised.get(0).key(),
                TriggerDetection.find(batch, List.of(rule(3, Trigger.REGRESSION, null, null)))
                        .raised()
                        .get(0)
                        .key());
        // resolved again later: a new resolution, a new key
        StoredBatch again = batch(
                Set.of(),
                Map.of(10L, new StoredBatch.Before(GroupStatus.RESOLVED, resolvedAt.plusSeconds(3600), 3)),
                Set.of(),
                event("e", 10, "/x"));
        assertFalse(raised.get(0)
                .key()
                .equals(TriggerDetection.find(again, List.of(rule(3, Trigger.REGRESSION, null, null)))
                        .raised()
                        .get(0)
                        .key()));
    }

    @Test
    void frequencyRulesTallyPerGroupAndViewFrequencyPerScope() throws Exception {
        StoredBatch batch = batch(
                Set.of(10L),
                Map.of(11L, before(GroupStatus.UNRESOLVED), 12L, before(GroupStatus.IGNORED)),
                Set.of(),
                event("a", 10, "/checkout"),
                event("b", 10, "/checkout"),
                event("c", 11, "/checkout"),
                event("d", 12, "/checkout"),
                event("e", 11, "/home"));
        TriggerDetection.Found found = TriggerDetection.find(
                batch,
                List.of(
                        rule(4, Trigger.FREQUENCY, null, "url:/checkout"),
                        rule(5, Trigger.VIEW_FREQUENCY, null, "url:/checkout")));
        assertTrue(found.raised().isEmpty());
        Map<String, Long> tallies = new HashMap<>();
        found.tallies().forEach(t -> tallies.put(t.rule().id() + "/" + t.subject(), t.added()));
        // the ignored group 12 counts for neither; /home is outside the scope
        assertEquals(Map.of("4/10", 2L, "4/11", 1L, "5/0", 3L), tallies);
        // each group's total before and after the batch, all events counted (group 10 is new)
        Map<Long, List<Long>> totals = new HashMap<>();
        found.tallies().stream()
                .filter(t -> t.subject() != 0)
                .forEach(t -> totals.put(t.subject(), List.of(t.groupBefore(), t.groupAfter())));
        assertEquals(Map.of(10L, List.of(0L, 2L), 11L, List.of(7L, 9L)), totals);
    }

    @Test
    void aGroupIsCountedForAFrequencyRuleOnlyFromTheBatchThatBringsItToTheThreshold() {
        // fewer events in all than the threshold: it cannot have as many in a window
        assertEquals(TriggerDetection.Gate.SKIP, TriggerDetection.gate(100, 50, 99, false));
        // the batch that reaches it counts the window from the stored events
        assertEquals(TriggerDetection.Gate.BACKFILL, TriggerDetection.gate(100, 50, 100, false));
        assertEquals(TriggerDetection.Gate.BACKFILL, TriggerDetection.gate(100, 0, 250, false));
        // batches stored together may all have read a count before the others and skipped:
        // a group a little past the threshold and not counted yet is counted from its events too
        assertEquals(TriggerDetection.Gate.BACKFILL, TriggerDetection.gate(100, 120, 130, false));
        // counted already: the batch adds
        assertEquals(TriggerDetection.Gate.ADD, TriggerDetection.gate(100, 120, 130, true));
        // far past the threshold when the rule came (or quiet for a window): counting starts now
        assertEquals(
                TriggerDetection.Gate.ADD,
                TriggerDetection.gate(
                        100, 100 + TriggerDetection.BACKFILL_SLACK, 101 + TriggerDetection.BACKFILL_SLACK, false));
    }

    @Test
    void aThresholdIsCrossedOnceOnTheWayUp() {
        assertTrue(TriggerDetection.crossed(10, 1, 10));
        assertTrue(TriggerDetection.crossed(15, 15, 10));
        assertFalse(TriggerDetection.crossed(9, 9, 10));
        assertFalse(TriggerDetection.crossed(12, 2, 10), "it was at 10 already");
    }

    @Test
    void frequencyKeysNameTheMinuteInWhichTheThresholdWasCrossed() throws Exception {
        AlertRule frequency = rule(4, Trigger.FREQUENCY, null, null).rule();
        AlertRule scope = rule(5, Trigger.VIEW_FREQUENCY, null, null).rule();
        StoredBatch.Event e = event("a", 10, "/x");
        Instant minute = TriggerDetection.minute(Instant.parse("2026-12-05T10:00:42Z"));
        assertEquals(
                "frequency:4:10:" + minute.getEpochSecond() / 60,
                TriggerDetection.frequency(
                                new TriggerDetection.Tally(frequency, null, 10, 3, e, GroupStatus.UNRESOLVED, 9, 12),
                                12,
                                minute)
                        .key());
        assertEquals(
                "view-frequency:5:" + minute.getEpochSecond() / 60,
                TriggerDetection.frequency(
                                new TriggerDetection.Tally(scope, null, 0, 3, e, GroupStatus.UNRESOLVED, -1, -1),
                                12,
                                minute)
                        .key());
        assertEquals(
                12,
                TriggerDetection.frequency(
                                new TriggerDetection.Tally(scope, null, 0, 3, e, GroupStatus.UNRESOLVED, -1, -1),
                                12,
                                minute)
                        .thresholdEvents());
    }

    @Test
    void statusTermsSeeTheGroupAsTheBatchLeavesIt() throws Exception {
        StoredBatch batch = batch(
                Set.of(),
                Map.of(10L, new StoredBatch.Before(GroupStatus.RESOLVED, Instant.EPOCH, 3)),
                Set.of(),
                event("a", 10, "/x"));
        assertEquals(
                1,
                TriggerDetection.find(batch, List.of(rule(3, Trigger.REGRESSION, null, "is:unresolved")))
                        .raised()
                        .size());
        assertEquals(
                0,
                TriggerDetection.find(batch, List.of(rule(3, Trigger.REGRESSION, null, "is:resolved")))
                        .raised()
                        .size());
    }

    // --- fixtures ---

    private static ActiveRules.Active rule(long id, Trigger trigger, Long viewId, String query) throws Exception {
        Query parsed = query == null ? Query.EMPTY : QueryParser.parse(query);
        AlertRule rule = new AlertRule(
                id,
                1,
                "rule " + id,
                trigger,
                viewId == null ? null : "by-url",
                query,
                trigger.counts() ? 10 : 0,
                trigger.counts() ? 5 : 0,
                List.of("ops@example.com"),
                false,
                "en",
                null,
                null,
                30,
                true,
                NOW,
                NOW);
        return new ActiveRules.Active(rule, new Scope(viewId, parsed));
    }

    private static StoredBatch.Before before(GroupStatus status) {
        return new StoredBatch.Before(status, null, 7);
    }

    private static StoredBatch.Event event(String id, long group, String url) {
        return event(id, group, url, Map.of());
    }

    private static StoredBatch.Event event(String id, long group, String url, Map<Long, Long> viewGroups) {
        return new StoredBatch.Event(
                id,
                "exception",
                group,
                "boom in " + url,
                "Checkout.pay",
                "error",
                Map.of("url", url, "project", "default"),
                NOW,
                viewGroups);
    }

    private static StoredBatch batch(
            Set<Long> newGroups,
            Map<Long, StoredBatch.Before> before,
            Set<Long> newViewGroups,
            StoredBatch.Event... events) {
        return new StoredBatch(1, new boolean[events.length], List.of(events), newGroups, before, newViewGroups);
    }
}
