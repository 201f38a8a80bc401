package io.lookout.grouping;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.event.IncomingEvent;
import io.lookout.processing.ProcessedResult;
import io.lookout.processing.Reprocessing;
import io.lookout.processing.rules.GroupingRules;
import io.lookout.project.ProjectGroupingRules;
import io.lookout.project.ProjectSnapshot;
import io.lookout.project.ProjectSnapshots;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What candidate grouping rules would do to a project's recent events, before they are saved
 * (docs/grouping.md, "Preview"): its newest events of the last days, processed again under the
 * rules ({@link Reprocessing}), counted by the group they are in and the one they would be in.
 * Read-only and bounded: at most {@value #MAX_LIMIT} events, read in pages of {@value #PAGE}.
 */
@ApplicationScoped
public class RulesPreview {

    public static final int DEFAULT_DAYS = 7;
    public static final int MAX_DAYS = 90;
    public static final int DEFAULT_LIMIT = 5000;
    public static final int MAX_LIMIT = 20000;
    /** Joins and splits answered, largest first. */
    public static final int MAX_CHANGES = 20;
    /** Groups named in one join. */
    public static final int MAX_GROUPS_PER_JOIN = 100;

    static final int PAGE = 500;

    /** A group as the preview names it; {@code count} is how many of the previewed events it holds. */
    @JsonbPropertyOrder({"id", "message", "count"})
    public record GroupRef(long id, String message, long count) implements Serializable {}

    /**
     * Current groups whose events would share one group.
     *
     * @param groupCount how many groups join ({@code groups} lists the largest {@value #MAX_GROUPS_PER_JOIN})
     * @param events how many of the previewed events the joined group would hold
     */
    @JsonbPropertyOrder({"groups", "groupCount", "events"})
    public record Join(List<GroupRef> groups, int groupCount, long events) implements Serializable {}

    /**
     * A current group whose events would spread over several groups.
     *
     * @param into how many groups
     */
    @JsonbPropertyOrder({"group", "into", "events"})
    public record Split(GroupRef group, int into, long events) implements Serializable {}

    /** The answer of {@code POST /api/admin/projects/{id}/grouping-rules/preview}. */
    @JsonbPropertyOrder({"events", "groupsBefore", "groupsAfter", "changed", "joins", "splits", "truncated", "days"})
    public record Preview(
            int events,
            int groupsBefore,
            int groupsAfter,
            int changed,
            List<Join> joins,
            List<Split> splits,
            boolean truncated,
            int days)
            implements Serializable {}

    /** A preview request, checked: {@code {"rules": "...", "days": 7, "limit": 5000}}. */
    public record Request(String rules, int days, int limit) {

        private static final Set<String> FIELDS = Set.of(ProjectGroupingRules.FIELD, "days", "limit");

        public static Request of(JsonObject body) throws Problem {
            for (String key : body.keySet()) {
                if (!FIELDS.contains(key)) {
                    throw Problem.invalid(key, ProblemCode.UNKNOWN_FIELD, "rules, days, limit");
                }
            }
            return new Request(
                    ProjectGroupingRules.text(body),
                    number(body, "days", DEFAULT_DAYS, MAX_DAYS),
                    number(body, "limit", DEFAULT_LIMIT, MAX_LIMIT));
        }

        private static int number(JsonObject body, String field, int otherwise, int max) throws Problem {
            JsonValue value = body.get(field);
            if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
                return otherwise;
            }
            if (!(value instanceof JsonNumber number)
                    || !number.isIntegral()
                    || number.longValue() < 1
                    || number.longValue() > max) {
                throw Problem.invalid(field, ProblemCode.WHOLE_NUMBER_RANGE, 1, max);
            }
            return number.intValue();
        }
    }

    /** Where one previewed event is and would be. */
    private record Moved(long group, String key) {}

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private ProjectSnapshots projects;

    @Inject
    private Reprocessing reprocessing;

    private Clock clock = Clock.systemUTC();

    /** 400 on the field {@code rules} when they do not parse; 404 for an unknown project. */
    public Preview preview(long projectId, Request request) throws Problem {
        GroupingRules rules = ProjectGroupingRules.compile(request.rules());
        ProjectSnapshot project =
                projects.find(projectId).orElseThrow(() -> Problem.notFound(ProblemCode.NO_PROJECT, projectId));
        OffsetDateTime since =
                OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)).minus(Duration.ofDays(request.days()));
        List<Moved> moved = new ArrayList<>();
        int changed = 0;
        boolean truncated = false;
        OffsetDateTime beforeTime = null;
        long beforeId = Long.MAX_VALUE;
        while (moved.size() < request.limit()) {
            int wanted = Math.min(PAGE, request.limit() - moved.size());
            List<StoredEvent> page = page(projectId, since, beforeTime, beforeId, wanted + 1);
            boolean more = page.size() > wanted;
            for (StoredEvent event : more ? page.subList(0, wanted) : page) {
                String checksum = checksum(event, project, rules);
                if (!checksum.equals(event.getChecksum())) {
                    changed++;
                }
                moved.add(new Moved(event.getGroupId(), event.getType() + ":" + checksum));
                beforeTime = event.getOccurredAt();
                beforeId = event.getId();
            }
            em.clear();
            if (!more) {
                break;
            }
            if (moved.size() >= request.limit()) {
                truncated = true;
            }
        }
        return summarise(moved, changed, truncated, request.days());
    }

    /** The new checksum; the stored one when the event cannot be processed again (it counts as unchanged). */
    private String checksum(StoredEvent event, ProjectSnapshot project, GroupingRules rules) {
        IncomingEvent incoming = Reprocessing.incoming(
                event.getEventId(),
                event.getType(),
                event.getOccurredAt().toInstant(),
                event.getMessage(),
                event.getLevel(),
                event.getTags(),
                event.getData(),
                event.getTimeSpent(),
                event.getCorrelationId(),
                event.getFingerprint(),
                event.getGroupedBy());
        try {
            ProcessedResult result = reprocessing.process(incoming, project, rules);
            return result.checksum();
        } catch (RuntimeException e) { // a processor that is gone, or that refuses what it once accepted
            return event.getChecksum();
        }
    }

    private List<StoredEvent> page(
            long projectId, OffsetDateTime since, OffsetDateTime beforeTime, long beforeId, int size) {
        String after = beforeTime == null
                ? ""
                : " AND (e.occurredAt < :beforeTime OR (e.occurredAt = :beforeTime AND e.id < :beforeId))";
        var query = em.createQuery(
                        "SELECT e FROM StoredEvent e WHERE e.projectId = :project AND e.occurredAt >= :since" + after
                                + " ORDER BY e.occurredAt DESC, e.id DESC",
                        StoredEvent.class)
                .setParameter("project", projectId)
                .setParameter("since", since)
                .setMaxResults(size);
        if (beforeTime != null) {
            query.setParameter("beforeTime", beforeTime).setParameter("beforeId", beforeId);
        }
        return query.getResultList();
    }

    private Preview summarise(List<Moved> moved, int changed, boolean truncated, int days) {
        Map<String, Map<Long, Long>> byNewKey = new LinkedHashMap<>();
        Map<Long, Map<String, Long>> byGroup = new LinkedHashMap<>();
        for (Moved event : moved) {
            byNewKey.computeIfAbsent(event.key(), k -> new HashMap<>()).merge(event.group(), 1L, Long::sum);
            byGroup.computeIfAbsent(event.group(), k -> new HashMap<>()).merge(event.key(), 1L, Long::sum);
        }
        Map<Long, String> messages = new HashMap<>();
        List<Join> joins = new ArrayList<>();
        byNewKey.values().stream()
                .filter(groups -> groups.size() > 1)
                .sorted(Comparator.comparingLong((Map<Long, Long> groups) -> sum(groups.values()))
                        .reversed())
                .limit(MAX_CHANGES)
                .forEach(groups -> {
                    List<GroupRef> refs = groups.entrySet().stream()
                            .sorted(Map.Entry.<Long, Long>comparingByValue()
                                    .reversed()
                                    .thenComparing(Map.Entry.comparingByKey()))
                            .limit(MAX_GROUPS_PER_JOIN)
                            .map(entry -> ref(entry.getKey(), entry.getValue(), messages))
                            .toList();
                    joins.add(new Join(refs, groups.size(), sum(groups.values())));
                });
        List<Split> splits = new ArrayList<>();
        byGroup.entrySet().stream()
                .filter(entry -> entry.getValue().size() > 1)
                .sorted(Comparator.comparingLong((Map.Entry<Long, Map<String, Long>> entry) ->
                                sum(entry.getValue().values()))
                        .reversed())
                .limit(MAX_CHANGES)
                .forEach(entry -> {
                    long events = sum(entry.getValue().values());
                    splits.add(new Split(
                            ref(entry.getKey(), events, messages),
                            entry.getValue().size(),
                            events));
                });
        return new Preview(moved.size(), byGroup.size(), byNewKey.size(), changed, joins, splits, truncated, days);
    }

    private GroupRef ref(long groupId, long count, Map<Long, String> messages) {
        String message = messages.computeIfAbsent(groupId, id -> {
            EventGroup group = em.find(EventGroup.class, id);
            return group == null ? "" : group.getMessage();
        });
        return new GroupRef(groupId, message, count);
    }

    private static long sum(java.util.Collection<Long> counts) {
        long sum = 0;
        for (long count : counts) {
            sum += count;
        }
        return sum;
    }
}
