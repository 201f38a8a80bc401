package io.lookout.grouping;

import io.lookout.JsonFactories;
import io.lookout.JsonText;
import io.lookout.event.Fields;
import io.lookout.event.IncomingEvent;
import io.lookout.event.Limits;
import io.lookout.operations.LookoutMetrics;
import io.lookout.processing.ProcessedResult;
import io.lookout.schema.Sql;
import io.lookout.schema.SqlRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.microprofile.config.Config;

/**
 * Writes processed events: the event rows, their tag links, and the aggregates they count into
 * (group, hourly counts, tag values, group distributions, view groups). The events of a batch are
 * added up in memory first, so each distinct aggregate row is written once per batch, with one
 * multi-row statement per table ({@link AggregateSql}); counters change only by SQL arithmetic on the
 * row. Idempotent on (project, event id): an event stored before, or earlier in the same batch, is
 * skipped. Runs inside the caller's transaction (the consumer's), so a message is acknowledged
 * only after what it stored has committed.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class EventStore {

    static final int MAX_SUMMARY_LENGTH = Limits.MAX_SUMMARY_LENGTH;

    private static final JsonBuilderFactory JSON = JsonFactories.BUILDERS;

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private AggregateSql sql;

    /** For tests: the per-group cap instead of the configuration's. */
    private Long groupPerMinute;

    /** The configuration, read for every batch (absent in tests outside a container: no cap). */
    @Inject
    private Config config;

    @Inject
    private LookoutMetrics metrics;

    /**
     * Events a group stores in full per minute, all nodes together; 0 (the default): no cap
     * (docs/architecture.md, "Quotas"). Read for every batch: a changed system property applies at once.
     */
    public static final String GROUP_CAP_KEY = "lookout.quota.group-per-minute";

    /**
     * Outside a container, for tests against an in-process database: what the container injects
     * (an entity manager of the caller's transaction, the statements of its database).
     */
    void use(EntityManager em, AggregateSql sql) {
        this.em = em;
        this.sql = sql;
    }

    /** For tests: the per-group cap ({@value #GROUP_CAP_KEY}). */
    void capGroups(long perMinute) {
        this.groupPerMinute = perMinute;
    }

    /** An event of the batch that was not stored before, with what the aggregates need of it. */
    private record Fresh(
            PendingEvent pending,
            OffsetDateTime occurred,
            String message,
            String culprit,
            String searchWords,
            Keys.Group group,
            Map<String, String> linkedTags) {

        IncomingEvent event() {
            return pending.event();
        }

        ProcessedResult result() {
            return pending.result();
        }
    }

    /**
     * Stores a batch of one project's events.
     *
     * @param views the project's views, as read in this transaction
     * @return what was stored: for each event, {@code true} when it was stored now, {@code false} when
     *         it was stored before (a duplicate or a redelivery) or appears earlier in the batch; and
     *         what the alerts need of the new ones
     */
    public StoredBatch store(long projectId, List<ViewDefinition> views, List<PendingEvent> events) {
        sql.begin(em);
        boolean[] stored = new boolean[events.size()];
        Set<String> ids = new HashSet<>();
        events.forEach(e -> ids.add(e.event().id()));
        Set<String> seen = ids.isEmpty() ? new HashSet<>() : sql.existingEventIds(em, projectId, ids);
        List<Fresh> fresh = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            PendingEvent pending = events.get(i);
            if (seen.add(pending.event().id())) {
                stored[i] = true;
                fresh.add(fresh(pending));
            }
        }
        if (fresh.isEmpty()) {
            return StoredBatch.nothing(projectId, stored);
        }

        SortedMap<Keys.Group, Tally.OfGroup> groups = new TreeMap<>();
        for (Fresh f : fresh) {
            groups.computeIfAbsent(f.group(), key -> new Tally.OfGroup())
                    .add(
                            f.occurred(),
                            f.event().duration(),
                            f.message(),
                            f.culprit(),
                            f.result().level(),
                            f.searchWords());
            groups.get(f.group()).release(f.occurred(), f.linkedTags().get(RELEASE));
        }
        // the rows first (ids, and new rows), the counters last: see AggregateSql
        AggregateSql.PreparedGroups prepared = sql.prepareGroups(em, projectId, groups);
        Map<Keys.Group, Long> groupIds = prepared.ids();
        long[] groupOf = new long[fresh.size()];
        SortedMap<Keys.Hour, Tally> groupHours = new TreeMap<>();
        for (int i = 0; i < fresh.size(); i++) {
            Fresh f = fresh.get(i);
            groupOf[i] = id(groupIds, f.group());
            groupHours
                    .computeIfAbsent(
                            new Keys.Hour(groupOf[i], AggregateStatements.hour(f.occurred())), key -> new Tally())
                    .add(f.occurred(), null);
        }
        long viewGeneration = 0;
        for (ViewDefinition view : views) {
            viewGeneration = Math.max(viewGeneration, view.generation());
        }
        // the per-group cap: past it, an event counts in every group aggregate but gets no event row
        long perMinute = groupPerMinute != null
                ? groupPerMinute
                : config == null
                        ? 0L
                        : config.getOptionalValue(GROUP_CAP_KEY, Long.class).orElse(0L);
        GroupCap cap = perMinute > 0 ? cap(groupOf, perMinute) : null;
        Counts counts = cap == null
                ? insertEvents(projectId, fresh, groupOf, viewGeneration)
                : insertEvents(projectId, cap.full(fresh), cap.full(groupOf), viewGeneration);

        // every counter in the order of tables the cleanup uses too (AggregateTable: distributions,
        // tag values, hourly counts, view groups, groups), each table's rows by id, so that two
        // writers, or a writer and the cleanup, never wait for each other in a circle
        if (counts != null) {
            Map<Long, Long> users = sql.countGroupTags(em, counts.groupTags());
            // the users the distributions gained go in with the group's counts, in its one write
            if (!users.isEmpty()) {
                prepared.counted().forEach((key, t) -> t.users = users.getOrDefault(groupIds.get(key), 0L));
            }
            sql.countTagValues(em, projectId, counts.tagValues(), counts.tagValueIds());
        }
        sql.countGroupHours(em, groupHours);
        List<Map<Long, Long>> viewGroupsOf = new ArrayList<>(fresh.size());
        Set<Long> newViewGroups = new HashSet<>();
        for (int i = 0; i < fresh.size(); i++) {
            viewGroupsOf.add(views.isEmpty() ? Map.of() : new HashMap<>());
        }
        if (!views.isEmpty()) {
            List<Counted> counted = new ArrayList<>(fresh.size());
            for (int i = 0; i < fresh.size(); i++) {
                Fresh f = fresh.get(i);
                counted.add(new Counted(
                        f.event().type(),
                        groupOf[i],
                        f.result().tags(),
                        f.occurred(),
                        f.event().duration()));
            }
            for (ViewDefinition view : views) {
                count(view, counted, viewGroupsOf, newViewGroups);
            }
        }
        sql.countGroups(em, projectId, prepared.counted(), groupIds);
        sql.countReleases(em, projectId, releases(fresh, prepared));
        if (cap != null) {
            cap.write(em, projectId);
            if (metrics != null && cap.countedOnly() > 0) {
                metrics.quotaCountedOnly(projectId, cap.countedOnly());
            }
        }

        Set<Long> newGroups = new HashSet<>();
        Map<Long, StoredBatch.Before> before = new HashMap<>();
        groupIds.forEach((key, id) -> {
            AggregateSql.GroupBefore state = prepared.before().get(key);
            if (state == null) {
                newGroups.add(id);
            } else {
                before.put(
                        id,
                        new StoredBatch.Before(
                                state.status(),
                                state.resolvedAt(),
                                state.timesSeen(),
                                prepared.keptResolved().contains(id)));
            }
        });
        // a resolved group reopened by this batch: one history row (rare, so ingestion pays for it only then)
        for (Map.Entry<Long, StoredBatch.Before> group : new TreeMap<>(before).entrySet()) {
            if (group.getValue().reopened()) {
                Instant resolvedAt = group.getValue().resolvedAt();
                JsonObjectBuilder details = Json.createObjectBuilder();
                if (resolvedAt != null) {
                    details.add("resolvedAt", resolvedAt.toString());
                }
                String release = newestRelease(projectId, prepared, group.getKey());
                if (release != null) {
                    details.add("release", release);
                }
                regression(projectId, group.getKey(), details.build().toString());
            }
        }
        List<StoredBatch.Event> storedEvents = new ArrayList<>(fresh.size());
        for (int i = 0; i < fresh.size(); i++) {
            Fresh f = fresh.get(i);
            storedEvents.add(new StoredBatch.Event(
                    f.event().id(),
                    f.event().type(),
                    groupOf[i],
                    f.message(),
                    f.culprit(),
                    f.result().level(),
                    f.result().tags(),
                    f.occurred(),
                    viewGroupsOf.get(i)));
        }
        return new StoredBatch(projectId, stored, storedEvents, newGroups, before, newViewGroups);
    }

    /** The tag that names an event's release (docs/releases.md). */
    public static final String RELEASE = "release";

    /**
     * The batch's counts per release: events, first and last event, and the new groups whose first release it
     * is (a group created by the batch).
     */
    private static SortedMap<String, Tally.OfRelease> releases(
            List<Fresh> fresh, AggregateSql.PreparedGroups prepared) {
        SortedMap<String, Tally.OfRelease> releases = new TreeMap<>();
        for (Fresh f : fresh) {
            String release = f.linkedTags().get(RELEASE);
            if (release != null) {
                releases.computeIfAbsent(release, key -> new Tally.OfRelease()).add(f.occurred(), null);
            }
        }
        prepared.counted().forEach((key, t) -> {
            if (t.firstRelease != null && !prepared.before().containsKey(key)) {
                releases.get(t.firstRelease).newGroups++;
            }
        });
        return releases;
    }

    /** The newest release among the batch's events of a group (the one a regression names), null when none has one. */
    private String newestRelease(long projectId, AggregateSql.PreparedGroups prepared, long groupId) {
        ReleaseOrder order = new ReleaseOrder(AggregateStatements.firstSeen(em, projectId));
        String newest = null;
        for (Map.Entry<Keys.Group, Tally.OfGroup> group : prepared.counted().entrySet()) {
            if (prepared.ids().get(group.getKey()) == groupId) {
                for (String release : group.getValue().releases) {
                    if (newest == null || order.thenByName().compare(release, newest) > 0) {
                        newest = release;
                    }
                }
            }
        }
        return newest;
    }

    /** The kind of history row ({@code group_activity}) a regression writes (io.lookout.triage.Activities). */
    public static final String REGRESSION = "regression";

    /** A history row of the group: a new event reopened it; Lookout is the actor (null). */
    private void regression(long projectId, long groupId, String details) {
        long id = sql.nextIds(em, "group_activity_seq", 1).get(0);
        em.createNativeQuery("INSERT INTO group_activity (id, project_id, group_id, at, actor, kind, details)"
                        + " VALUES (?1, ?2, ?3, ?4, NULL, ?5, ?6)")
                .setParameter(1, id)
                .setParameter(2, projectId)
                .setParameter(3, groupId)
                .setParameter(4, OffsetDateTime.now(ZoneOffset.UTC))
                .setParameter(5, REGRESSION)
                .setParameter(6, details)
                .executeUpdate();
    }

    /**
     * Adds to the project's count of scrubbed values, in the caller's transaction (the batch's: the
     * count moves with the stored events).
     */
    public void addScrubbedValues(long projectId, long scrubbed) {
        if (scrubbed > 0) {
            sql.addScrubbedValues(em, projectId, scrubbed);
        }
    }

    /** The tag counters of a batch, added after the events are in. */
    private record Counts(
            SortedMap<Keys.Tag, Tally> tagValues,
            Map<Keys.Tag, Long> tagValueIds,
            SortedMap<Keys.GroupTag, Tally.OfGroupTag> groupTags) {}

    /** An event as a view counts it. */
    public record Counted(
            String type, long groupId, Map<String, String> tags, OffsetDateTime occurred, Double timeSpent) {}

    /**
     * Counts events into a view (at ingest, and the backfill of a view created after its events):
     * the view groups they fall into and those groups' hourly counts. Events of types the view does
     * not take are left out. Runs in the caller's transaction.
     */
    public void countInView(ViewDefinition view, List<Counted> events) {
        sql.begin(em);
        count(view, events, null, null);
    }

    /**
     * {@link #countInView} inside a store, whose transaction {@code sql.begin} has already prepared;
     * notes, when asked, the view group each event counted into and the view groups created.
     */
    private void count(
            ViewDefinition view, List<Counted> events, List<Map<Long, Long>> viewGroupOf, Set<Long> created) {
        SortedMap<Keys.ViewGroup, Tally.OfViewGroup> viewGroups = new TreeMap<>();
        List<Keys.ViewGroup> keyOf = new ArrayList<>(events.size());
        for (Counted event : events) {
            if (!view.takes(event.type())) {
                keyOf.add(null);
                continue;
            }
            List<String> values = view.values(event.tags());
            String keyValues = ViewDefinition.json(values);
            Keys.ViewGroup key = new Keys.ViewGroup(view.id(), event.groupId(), ViewDefinition.keyHash(keyValues));
            viewGroups
                    .computeIfAbsent(key, k -> new Tally.OfViewGroup(values, keyValues))
                    .add(event.occurred(), event.timeSpent());
            keyOf.add(key);
        }
        if (viewGroups.isEmpty()) {
            return;
        }
        AggregateSql.PreparedViewGroups prepared = sql.prepareViewGroups(em, viewGroups);
        Map<Keys.ViewGroup, Long> ids = prepared.ids();
        if (viewGroupOf != null) {
            for (int i = 0; i < events.size(); i++) {
                Keys.ViewGroup key = keyOf.get(i);
                if (key != null) {
                    viewGroupOf.get(i).put(view.id(), id(ids, key));
                }
            }
            ids.forEach((key, id) -> {
                if (!prepared.existed().contains(key)) {
                    created.add(id);
                }
            });
        }
        SortedMap<Keys.Hour, Tally> hours = new TreeMap<>();
        for (int i = 0; i < events.size(); i++) {
            Keys.ViewGroup key = keyOf.get(i);
            if (key != null) {
                hours.computeIfAbsent(
                                new Keys.Hour(
                                        id(ids, key),
                                        AggregateStatements.hour(events.get(i).occurred())),
                                k -> new Tally())
                        .add(events.get(i).occurred(), null);
            }
        }
        sql.countViewGroups(em, viewGroups, ids);
        sql.countViewGroupHours(em, hours);
    }

    /**
     * Which events of the batch keep their row under the per-group cap: a group's first
     * {@code groupPerMinute} events of the current minute (of the database's count, which all nodes
     * share, and of this batch, in order). Read without a lock: two writers at once may each let a
     * group's last places through (docs/architecture.md, "Quotas").
     */
    private GroupCap cap(long[] groupOf, long groupPerMinute) {
        OffsetDateTime minute = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
        List<Long> ids =
                new ArrayList<>(new TreeSet<>(Arrays.stream(groupOf).boxed().toList()));
        Map<Long, Long> used = new HashMap<>();
        for (List<Long> chunk : Sql.chunks(ids, 500)) {
            Query read = em.createNativeQuery("SELECT id, cap_minute, cap_events FROM event_group WHERE id IN ("
                    + Sql.placeholders(chunk.size(), 1) + ")");
            for (Object row : Sql.in(read, chunk, 1).getResultList()) {
                Object[] columns = (Object[]) row;
                OffsetDateTime at = columns[1] == null ? null : SqlRow.timeOf(columns[1]);
                if (at != null && at.toInstant().equals(minute.toInstant())) {
                    used.put(((Number) columns[0]).longValue(), ((Number) columns[2]).longValue());
                }
            }
        }
        boolean[] full = new boolean[groupOf.length];
        SortedMap<Long, long[]> perGroup = new TreeMap<>();
        for (int i = 0; i < groupOf.length; i++) {
            long seen = used.getOrDefault(groupOf[i], 0L);
            full[i] = seen < groupPerMinute;
            used.put(groupOf[i], seen + 1);
            long[] tally = perGroup.computeIfAbsent(groupOf[i], id -> new long[2]);
            tally[0]++;
            tally[1] += full[i] ? 0 : 1;
        }
        return new GroupCap(minute, full, perGroup);
    }

    /**
     * The cap's decision for a batch.
     *
     * @param full per event of the batch: stored with its row
     * @param perGroup group id → {events of the batch, of them counted only}
     */
    private record GroupCap(OffsetDateTime minute, boolean[] full, SortedMap<Long, long[]> perGroup) {

        <T> List<T> full(List<T> all) {
            List<T> kept = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                if (full[i]) {
                    kept.add(all.get(i));
                }
            }
            return kept;
        }

        long[] full(long[] all) {
            return java.util.stream.IntStream.range(0, all.length)
                    .filter(i -> full[i])
                    .mapToLong(i -> all[i])
                    .toArray();
        }

        int countedOnly() {
            int n = 0;
            for (boolean f : full) {
                n += f ? 0 : 1;
            }
            return n;
        }

        /** The groups' minute counts and counted-only totals, by group id (after the counters); the project's hour. */
        void write(EntityManager em, long projectId) {
            for (Map.Entry<Long, long[]> group : perGroup.entrySet()) {
                em.createNativeQuery("UPDATE event_group SET cap_events = CASE WHEN cap_minute = ?1"
                                + " THEN cap_events + ?2 ELSE ?2 END, cap_minute = ?1,"
                                + " counted_only = counted_only + ?3 WHERE id = ?4")
                        .setParameter(1, minute)
                        .setParameter(2, group.getValue()[0])
                        .setParameter(3, group.getValue()[1])
                        .setParameter(4, group.getKey())
                        .executeUpdate();
            }
            long countedOnly = countedOnly();
            if (countedOnly > 0) {
                em.createNativeQuery("MERGE INTO quota_drop q USING (SELECT CAST(?1 AS BIGINT) AS project_id,"
                                + " CAST(?2 AS TIMESTAMP WITH TIME ZONE) AS hour_start,"
                                + " CAST(?3 AS BIGINT) AS counted_only) d"
                                + " ON (q.project_id = d.project_id AND q.hour_start = d.hour_start)"
                                + " WHEN MATCHED THEN UPDATE SET counted_only = q.counted_only + d.counted_only"
                                + " WHEN NOT MATCHED THEN INSERT (project_id, hour_start, dropped, counted_only)"
                                + " VALUES (d.project_id, d.hour_start, 0, d.counted_only)")
                        .setParameter(1, projectId)
                        .setParameter(2, minute.truncatedTo(ChronoUnit.HOURS))
                        .setParameter(3, countedOnly)
                        .executeUpdate();
            }
        }
    }

    /** Inserts the event rows and their tag links; returns the tag counts to add (null: no tags). */
    private Counts insertEvents(long projectId, List<Fresh> fresh, long[] groupOf, long viewGeneration) {
        if (fresh.isEmpty()) {
            return null;
        }
        List<Long> eventIds = sql.nextIds(em, "event_seq", fresh.size());
        List<Object[]> rows = new ArrayList<>(fresh.size());
        SortedMap<Keys.Tag, Tally> tagValues = new TreeMap<>();
        for (int i = 0; i < fresh.size(); i++) {
            Fresh f = fresh.get(i);
            IncomingEvent event = f.event();
            rows.add(new Object[] {
                eventIds.get(i),
                projectId,
                event.id(),
                groupOf[i],
                event.type(),
                f.result().checksum(),
                f.occurred(),
                utc(f.pending().receivedAt()),
                f.message(),
                f.culprit(),
                f.result().level(),
                event.duration(),
                event.correlationId(),
                tagsJson(f.result().tags()),
                JsonText.of(f.result().data()),
                viewGeneration,
                f.result().groupedBy(),
                fingerprintJson(event.fingerprint())
            });
            f.linkedTags()
                    .forEach((key, value) -> tagValues
                            .computeIfAbsent(new Keys.Tag(key, value), k -> new Tally())
                            .add(f.occurred(), null));
        }
        sql.insertEvents(em, rows);
        if (tagValues.isEmpty()) {
            return null;
        }

        Map<Keys.Tag, Long> tagValueIds = sql.prepareTagValues(em, projectId, tagValues);
        List<Object[]> links = new ArrayList<>();
        SortedMap<Keys.GroupTag, Tally.OfGroupTag> groupTags = new TreeMap<>();
        for (int i = 0; i < fresh.size(); i++) {
            Fresh f = fresh.get(i);
            long eventId = eventIds.get(i);
            long groupId = groupOf[i];
            f.linkedTags().forEach((key, value) -> {
                long tagValueId = id(tagValueIds, new Keys.Tag(key, value));
                links.add(new Object[] {tagValueId, eventId});
                groupTags
                        .computeIfAbsent(new Keys.GroupTag(groupId, tagValueId), k -> new Tally.OfGroupTag(key))
                        .add(f.occurred(), null);
            });
        }
        sql.insertEventTags(em, links);
        return new Counts(tagValues, tagValueIds, groupTags);
    }

    private static Fresh fresh(PendingEvent pending) {
        ProcessedResult result = pending.result();
        // null is stored as the absence of a link: a missing tag and a null tag are one
        Map<String, String> linked = new LinkedHashMap<>();
        result.tags().forEach((key, value) -> {
            if (value != null && !Fields.RESERVED_TAGS.contains(key)) {
                linked.putIfAbsent(
                        truncate(key, Limits.MAX_TAG_KEY_LENGTH), truncate(value, Limits.MAX_TAG_VALUE_LENGTH));
            }
        });
        String message = summary(result.message());
        String culprit = summary(result.culprit());
        return new Fresh(
                pending,
                utc(pending.event().timestamp()),
                message,
                culprit,
                SearchText.of(message, culprit, pending.event().data()),
                new Keys.Group(pending.event().type(), result.checksum()),
                linked);
    }

    private static <K> long id(Map<K, Long> ids, K key) {
        Long id = ids.get(key);
        if (id == null) {
            throw new IllegalStateException("no row for " + key + " after its upsert");
        }
        return id;
    }

    /** The sender's fingerprint as stored in {@code event.fingerprint}: a JSON array, or null. */
    public static String fingerprintJson(List<String> fingerprint) {
        if (fingerprint == null) {
            return null;
        }
        StringBuilder json = new StringBuilder(16 * fingerprint.size() + 2);
        JsonText.array(json, fingerprint);
        return json.toString();
    }

    /** The final tags as stored in {@code event.tags}: a JSON object, null values kept. */
    public static String tagsJson(Map<String, String> tags) {
        StringBuilder json = new StringBuilder(32 * tags.size() + 2);
        JsonText.object(json, tags);
        return json.toString();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** A message or culprit as stored: cut to {@value #MAX_SUMMARY_LENGTH} characters with an ellipsis. */
    public static String summary(String text) {
        return truncate(text, MAX_SUMMARY_LENGTH);
    }

    private static String truncate(String text, int length) {
        return text == null || text.length() <= length ? text : text.substring(0, length - 1) + "…";
    }
}
