package io.lookout.retention;

import io.lookout.grouping.StoredEvent;
import io.lookout.grouping.ViewDefinition;
import io.lookout.schema.DatabaseVendor;
import io.lookout.schema.SchemaMigration;
import io.lookout.views.View;
import io.lookout.views.Views;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The transactions of the cleanup: each deletes one bounded batch of a project's expired events
 * and takes their share out of every aggregate (groups, view groups, tag values, distributions,
 * hourly counts) by SQL arithmetic, so that what remains is counted exactly and ingestion, which
 * adds to the same rows, is never blocked for long. Aggregates left with nothing are deleted.
 */
@ApplicationScoped
public class RetentionBatches {

    /** Rows per VALUES source: small enough that PostgreSQL probes the target's index instead of scanning it. */
    private static final int CHUNK = 100;

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private SchemaMigration schema;

    /**
     * Outside a container, for tests against an in-process database: what the container injects
     * (an entity manager of the current transaction, the migrated schema).
     */
    void use(EntityManager em, SchemaMigration schema) {
        this.em = em;
        this.schema = schema;
    }

    /** Takes or renews the cleanup lease; false when another node holds it. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean lease(String holder, OffsetDateTime until) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return em.createNativeQuery("UPDATE node_lease SET holder = ?1, valid_until = ?2"
                                + " WHERE name = 'retention' AND (valid_until < ?3 OR holder = ?1)")
                        .setParameter(1, holder)
                        .setParameter(2, until)
                        .setParameter(3, now)
                        .executeUpdate()
                == 1;
    }

    /** The lease as it is now: its holder (null if never taken) and until when it is valid. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Object[] leaseHolder() {
        List<?> rows = em.createNativeQuery("SELECT holder, valid_until FROM node_lease WHERE name = 'retention'")
                .getResultList();
        if (rows.isEmpty()) {
            return new Object[] {null, null};
        }
        Object[] row = (Object[]) rows.get(0);
        return new Object[] {row[0], row[1] == null ? null : StoredEvent.timeOf(row[1])};
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void release(String holder) {
        em.createNativeQuery("UPDATE node_lease SET valid_until = ?1 WHERE name = 'retention' AND holder = ?2")
                .setParameter(1, OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1))
                .setParameter(2, holder)
                .executeUpdate();
    }

    /** The projects and their retention in days. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    @SuppressWarnings("unchecked")
    public Map<Long, Integer> retentions() {
        Map<Long, Integer> retentions = new LinkedHashMap<>();
        for (Object[] row : (List<Object[]>) em.createNativeQuery("SELECT id, retention_days FROM project ORDER BY id")
                .getResultList()) {
            retentions.put(((Number) row[0]).longValue(), ((Number) row[1]).intValue());
        }
        return retentions;
    }

    /**
     * Deletes up to {@code size} events of the project that happened before {@code cutoff}.
     *
     * @return what was deleted; {@code complete} when nothing expired is left
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    @SuppressWarnings("unchecked")
    public CleanupReport deleteBatch(long projectId, OffsetDateTime cutoff, int size) {
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT id, group_id, occurred_at, time_spent, tags, type, view_generation"
                                // LIMIT in the SQL: setMaxResults becomes JDBC setMaxRows, and PostgreSQL then sorts
                                // every expired event for each batch
                                + " FROM event WHERE project_id = ?1 AND occurred_at < ?2 ORDER BY occurred_at, id LIMIT ?3")
                .setParameter(1, projectId)
                .setParameter(2, cutoff)
                .setParameter(3, size)
                .getResultList();
        if (rows.isEmpty()) {
            return CleanupReport.NONE;
        }
        List<Long> ids = new ArrayList<>(rows.size());
        Map<Long, Share> groups = new HashMap<>();
        Map<List<Object>, Long> groupHours = new HashMap<>();
        Map<List<Object>, Share> viewGroups = new HashMap<>();
        Map<List<Object>, Long> viewGroupHours = new HashMap<>();
        List<ViewState> views = views(projectId);
        for (Object[] row : rows) {
            long id = ((Number) row[0]).longValue();
            long groupId = ((Number) row[1]).longValue();
            OffsetDateTime hour = StoredEvent.timeOf(row[2]).truncatedTo(ChronoUnit.HOURS);
            Double timeSpent = row[3] == null ? null : ((Number) row[3]).doubleValue();
            ids.add(id);
            groups.computeIfAbsent(groupId, key -> new Share()).add(timeSpent);
            groupHours.merge(List.of(groupId, hour), 1L, Long::sum);
            Map<String, String> tags = null;
            for (ViewState view : views) {
                if (view.counted(id, (String) row[5], ((Number) row[6]).longValue())) {
                    tags = tags == null ? StoredEvent.tagsOf((String) row[4]) : tags;
                    String keyValues = ViewDefinition.json(view.definition().values(tags));
                    List<Object> key = List.of(view.definition().id(), groupId, ViewDefinition.keyHash(keyValues));
                    viewGroups.computeIfAbsent(key, k -> new Share()).add(timeSpent);
                    viewGroupHours.merge(List.of(key, hour), 1L, Long::sum);
                }
            }
        }

        // Set-based: a handful of statements per batch whatever its size (one statement per aggregate
        // row made a 500-event batch cost thousands of round trips). MERGE ... USING works alike on
        // H2 2.x and PostgreSQL 15+; each source has one row per target row.
        String idList = placeholders(ids.size(), 1);
        // the batch's links per group and tag value; subtracted in chunks of typed VALUES: a MERGE whose
        // source is a subquery gets a hash join and reads all of group_tag_value (1.6 M rows at 1 M events)
        List<Object[]> links = in(
                        em.createNativeQuery("SELECT e.group_id, et.tag_value_id, COUNT(*) FROM event_tag et"
                                + " JOIN event e ON e.id = et.event_id WHERE et.event_id IN (" + idList
                                + ") GROUP BY e.group_id, et.tag_value_id"),
                        ids,
                        1)
                .getResultList();
        Map<Long, Long> tagValueCounts = new HashMap<>();
        List<Object[]> linkRows = new ArrayList<>(links.size());
        for (Object[] link : links) {
            long count = ((Number) link[2]).longValue();
            tagValueCounts.merge(((Number) link[1]).longValue(), count, Long::sum);
            linkRows.add(new Object[] {((Number) link[0]).longValue(), ((Number) link[1]).longValue(), count});
        }
        List<Long> tagValueIds = new ArrayList<>(tagValueCounts.keySet());
        // the aggregates in the order ingestion counts into them (grouping.EventStore): distributions,
        // tag values, hourly counts, view groups, groups; each table's rows locked by id first
        linkRows.sort(
                java.util.Comparator.<Object[]>comparingLong(r -> (Long) r[0]).thenComparingLong(r -> (Long) r[1]));
        lockInOrder(
                "group_tag_value",
                "(group_id, tag_value_id)",
                linkRows.stream().map(r -> List.of(r[0], r[1])).toList());
        for (List<Object[]> chunk : chunks(linkRows, CHUNK)) {
            bind(
                            em.createNativeQuery("MERGE INTO group_tag_value t USING "
                                    + values(chunk.size(), "BIGINT", "BIGINT", "BIGINT")
                                    + " d(group_id, tag_value_id, n) ON t.group_id = d.group_id AND t.tag_value_id = d.tag_value_id"
                                    + " WHEN MATCHED AND t.times_seen <= d.n THEN DELETE"
                                    + " WHEN MATCHED THEN UPDATE SET times_seen = t.times_seen - d.n"),
                            flatten(chunk))
                    .executeUpdate();
        }
        List<Object[]> tagValueRows = new ArrayList<>();
        tagValueCounts.forEach((id, count) -> tagValueRows.add(new Object[] {id, count}));
        lockInOrder(
                "tag_value",
                "id",
                tagValueCounts.keySet().stream().map(id -> List.<Object>of(id)).toList());
        for (List<Object[]> chunk : chunks(tagValueRows, CHUNK)) {
            bind(
                            em.createNativeQuery("MERGE INTO tag_value t USING "
                                    + values(chunk.size(), "BIGINT", "BIGINT") + " d(id, n)"
                                    + " ON t.id = d.id WHEN MATCHED THEN UPDATE SET times_seen = t.times_seen - d.n"),
                            flatten(chunk))
                    .executeUpdate();
        }
        in(em.createNativeQuery("DELETE FROM event_tag WHERE event_id IN (" + idList + ")"), ids, 1)
                .executeUpdate();
        in(em.createNativeQuery("DELETE FROM event WHERE id IN (" + idList + ")"), ids, 1)
                .executeUpdate();
        long deletedTagValues = 0;
        for (List<Long> chunk : chunks(tagValueIds, 1000)) {
            deletedTagValues += in(
                            em.createNativeQuery("DELETE FROM tag_value WHERE times_seen <= 0 AND id IN ("
                                    + placeholders(chunk.size(), 1) + ")"),
                            chunk,
                            1)
                    .executeUpdate();
        }

        // hourly counts of the groups
        List<Object[]> hourRows = new ArrayList<>();
        groupHours.forEach((key, count) -> hourRows.add(new Object[] {key.get(0), key.get(1), count}));
        mergeHourly("group_hourly", "group_id", hourRows);

        // view groups: their ids, their counts, their hourly counts; those left empty go
        Map<List<Object>, Long> viewGroupIds = new HashMap<>();
        List<List<Object>> viewGroupKeys = new ArrayList<>(viewGroups.keySet());
        for (List<List<Object>> chunk : chunks(viewGroupKeys, CHUNK)) {
            Object[] parameters = new Object[chunk.size() * 4];
            for (int i = 0; i < chunk.size(); i++) {
                parameters[4 * i] = chunk.get(i).get(0);
                parameters[4 * i + 1] = chunk.get(i).get(1);
                parameters[4 * i + 2] = chunk.get(i).get(2);
                parameters[4 * i + 3] = (long) i;
            }
            List<Object[]> found = bind(
                            em.createNativeQuery(
                                    "SELECT vg.id, d.i FROM view_group vg JOIN "
                                            + values(chunk.size(), "BIGINT", "BIGINT", "CHAR(32)", "BIGINT")
                                            + " d(view_id, group_id, key_hash, i)"
                                            + " ON vg.view_id = d.view_id AND vg.group_id = d.group_id AND vg.key_hash = d.key_hash"),
                            parameters)
                    .getResultList();
            for (Object[] row : found) {
                viewGroupIds.put(chunk.get(((Number) row[1]).intValue()), ((Number) row[0]).longValue());
            }
        }
        List<Object[]> viewGroupRows = new ArrayList<>();
        viewGroupIds.forEach((key, id) -> {
            Share share = viewGroups.get(key);
            viewGroupRows.add(new Object[] {id, share.count, share.timeSpentTotal, share.timeSpentCount});
        });
        lockInOrder(
                "view_group",
                "id",
                viewGroupIds.values().stream().map(id -> List.<Object>of(id)).toList());
        mergeCounts("view_group", viewGroupRows, false);
        List<Object[]> viewHourRows = new ArrayList<>();
        viewGroupHours.forEach((key, count) -> {
            @SuppressWarnings("unchecked")
            Long id = viewGroupIds.get((List<Object>) key.get(0));
            if (id != null) {
                viewHourRows.add(new Object[] {id, key.get(1), count});
            }
        });
        mergeHourly("view_group_hourly", "view_group_id", viewHourRows);
        long deletedViewGroups = 0;
        for (List<Long> chunk : chunks(new ArrayList<>(viewGroupIds.values()), 1000)) {
            String list = placeholders(chunk.size(), 1);
            deletedViewGroups += in(
                            em.createNativeQuery(
                                    "DELETE FROM view_group WHERE times_seen <= 0 AND id IN (" + list + ")"),
                            chunk,
                            1)
                    .executeUpdate();
            // first seen, to the hour: the earliest hour with events left, when that is after the old first seen
            in(
                            em.createNativeQuery(
                                    "UPDATE view_group SET first_seen = (SELECT MIN(h.hour_start) FROM view_group_hourly h"
                                            + " WHERE h.view_group_id = view_group.id) WHERE id IN (" + list + ")"
                                            + " AND (SELECT MIN(h.hour_start) FROM view_group_hourly h WHERE h.view_group_id = view_group.id) > first_seen"),
                            chunk,
                            1)
                    .executeUpdate();
        }

        // groups: counts and time spent; a group left with nothing goes, the others get their oldest event and score
        List<Object[]> groupRows = new ArrayList<>();
        groups.forEach((id, share) ->
                groupRows.add(new Object[] {id, share.count, share.timeSpentTotal, share.timeSpentCount}));
        lockInOrder(
                "event_group",
                "id",
                groups.keySet().stream().map(id -> List.<Object>of(id)).toList());
        long deletedGroups = mergeCounts("event_group", groupRows, true);
        return new CleanupReport(
                ids.size(),
                deletedGroups,
                deletedViewGroups,
                deletedTagValues,
                1,
                0,
                rows.size() < size,
                null,
                null,
                null);
    }

    /**
     * On PostgreSQL, locks the rows ({@code FOR NO KEY UPDATE}, as an update does) in the order of
     * {@code keyColumns} before the set-based statements change them in whatever order their plan
     * visits them: ingestion locks the same rows by id (grouping.PostgresBatchSql), so neither waits
     * for the other in a circle. H2 has one ingest writer, and a deadlock there is retried.
     *
     * @param keys the rows' keys, each a list of the {@code keyColumns} values
     */
    private void lockInOrder(String table, String keyColumns, List<List<Object>> keys) {
        if (keys.isEmpty() || schema.vendor() != DatabaseVendor.POSTGRESQL) {
            return;
        }
        int width = keys.get(0).size();
        List<List<Object>> sorted = new ArrayList<>(keys);
        sorted.sort((a, b) -> {
            for (int i = 0; i < width; i++) {
                int c = Long.compare(((Number) a.get(i)).longValue(), ((Number) b.get(i)).longValue());
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        });
        String order = keyColumns.replace("(", "").replace(")", "");
        for (List<List<Object>> chunk : chunks(sorted, CHUNK)) {
            String[] types = new String[width];
            java.util.Arrays.fill(types, "BIGINT");
            Object[] parameters = chunk.stream().flatMap(List::stream).toArray();
            bind(
                            em.createNativeQuery("SELECT 1 FROM " + table + " WHERE " + keyColumns
                                    + " IN (SELECT * FROM " + values(chunk.size(), types) + " k) ORDER BY " + order
                                    + " FOR NO KEY UPDATE"),
                            parameters)
                    .getResultList();
        }
    }

    /** Subtracts hourly counts ({@code owner, hour, count} rows) and deletes the hours left at zero. */
    private void mergeHourly(String table, String ownerColumn, List<Object[]> rows) {
        for (List<Object[]> chunk : chunks(rows, CHUNK)) {
            bind(
                            em.createNativeQuery("MERGE INTO " + table + " t USING "
                                    + values(chunk.size(), "BIGINT", "TIMESTAMP WITH TIME ZONE", "BIGINT")
                                    + " d(o, hour_start, n)"
                                    + " ON t." + ownerColumn + " = d.o AND t.hour_start = d.hour_start"
                                    + " WHEN MATCHED AND t.times_seen <= d.n THEN DELETE"
                                    + " WHEN MATCHED THEN UPDATE SET times_seen = t.times_seen - d.n"),
                            flatten(chunk))
                    .executeUpdate();
        }
    }

    /**
     * Subtracts counts and time spent ({@code id, count, timeSpentTotal, timeSpentCount} rows) from
     * groups or view groups. Groups left at zero are deleted here, the others get their oldest event
     * and their score again; view groups are deleted by the caller, once their hourly rows are gone.
     *
     * @return the groups deleted
     */
    private long mergeCounts(String table, List<Object[]> rows, boolean groups) {
        long deleted = 0;
        for (List<Object[]> chunk : chunks(rows, CHUNK)) {
            String source =
                    values(chunk.size(), "BIGINT", "BIGINT", "DOUBLE PRECISION", "BIGINT") + " d(id, n, ts, tc)";
            String counts = "times_seen = t.times_seen - d.n, time_spent_total = t.time_spent_total - d.ts,"
                    + " time_spent_count = t.time_spent_count - d.tc";
            if (groups) {
                Object[] parameters = flatten(chunk);
                long before = chunk.size();
                bind(
                                em.createNativeQuery("MERGE INTO event_group t USING " + source + " ON t.id = d.id"
                                        + " WHEN MATCHED AND t.times_seen <= d.n THEN DELETE"
                                        + " WHEN MATCHED THEN UPDATE SET " + counts
                                        + ", first_seen = COALESCE((SELECT MIN(e.occurred_at) FROM event e WHERE e.group_id = t.id), t.first_seen)"
                                        + ", score = LN(t.times_seen - d.n) * 600 + EXTRACT(EPOCH FROM t.last_seen)"),
                                parameters)
                        .executeUpdate();
                List<Long> ids = new ArrayList<>();
                for (Object[] row : chunk) {
                    ids.add(((Number) row[0]).longValue());
                }
                long left = ((Number) in(
                                        em.createNativeQuery("SELECT COUNT(*) FROM event_group WHERE id IN ("
                                                + placeholders(ids.size(), 1) + ")"),
                                        ids,
                                        1)
                                .getSingleResult())
                        .longValue();
                deleted += before - left;
            } else {
                bind(
                                em.createNativeQuery("MERGE INTO " + table + " t USING " + source + " ON t.id = d.id"
                                        + " WHEN MATCHED THEN UPDATE SET " + counts),
                                flatten(chunk))
                        .executeUpdate();
            }
        }
        return deleted;
    }

    /** {@code (VALUES (CAST(?1 AS t1), CAST(?2 AS t2)), (...))}: typed, so that PostgreSQL knows every column's type. */
    private static String values(int rows, String... types) {
        StringBuilder text = new StringBuilder("(VALUES ");
        int parameter = 1;
        for (int r = 0; r < rows; r++) {
            text.append(r == 0 ? "(" : ", (");
            for (int c = 0; c < types.length; c++) {
                text.append(c == 0 ? "" : ", ")
                        .append("CAST(?")
                        .append(parameter++)
                        .append(" AS ")
                        .append(types[c])
                        .append(')');
            }
            text.append(')');
        }
        return text.append(')').toString();
    }

    private static Object[] flatten(List<Object[]> rows) {
        List<Object> all = new ArrayList<>();
        for (Object[] row : rows) {
            all.addAll(java.util.Arrays.asList(row));
        }
        return all.toArray();
    }

    private static <T> List<List<T>> chunks(List<T> list, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < list.size(); i += size) {
            chunks.add(list.subList(i, Math.min(list.size(), i + size)));
        }
        return chunks;
    }

    private Query bind(Query query, Object[] parameters) {
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return query;
    }

    private List<ViewState> views(long projectId) {
        return em.createNamedQuery("View.byProject", View.class)
                .setParameter("projectId", projectId)
                .getResultStream()
                .map(view -> new ViewState(
                        Views.definition(view), view.getBackfillPosition(), View.DONE.equals(view.getBackfillState())))
                .toList();
    }

    /**
     * A view and how far its backfill got: an event is counted in it when the consumer that stored
     * it knew the view, or when the backfill has passed it.
     */
    private record ViewState(ViewDefinition definition, long backfillPosition, boolean backfilled) {
        boolean counted(long eventId, String type, long eventViewGeneration) {
            return definition.takes(type)
                    && (eventViewGeneration >= definition.generation() || backfilled || eventId <= backfillPosition);
        }
    }

    /** One batch's share of an aggregate. */
    private static final class Share {
        long count;
        double timeSpentTotal;
        long timeSpentCount;

        void add(Double timeSpent) {
            count++;
            if (timeSpent != null) {
                timeSpentTotal += timeSpent;
                timeSpentCount++;
            }
        }
    }

    private static String placeholders(int count, int first) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(i == 0 ? "" : ", ").append('?').append(first + i);
        }
        return text.toString();
    }

    private static Query in(Query query, List<Long> values, int first) {
        for (int i = 0; i < values.size(); i++) {
            query.setParameter(first + i, values.get(i));
        }
        return query;
    }
}
