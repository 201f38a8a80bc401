package io.lookout.retention;

import static io.lookout.schema.Sql.chunks;
import static io.lookout.schema.Sql.in;
import static io.lookout.schema.Sql.placeholders;

import io.lookout.grouping.AggregateSql;
import io.lookout.grouping.AggregateTable;
import io.lookout.grouping.StoredEvent;
import io.lookout.grouping.ViewDefinition;
import io.lookout.schema.Columns;
import io.lookout.schema.Sql;
import io.lookout.schema.SqlRow;
import io.lookout.views.View;
import io.lookout.views.Views;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
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
 * hourly counts) by SQL arithmetic ({@link AggregateSql#subtract}, written from the tables' layout
 * that ingestion adds by), so that what remains is counted exactly and ingestion, which adds to the
 * same rows, is never blocked for long. Aggregates left with nothing are deleted.
 */
@ApplicationScoped
public class RetentionBatches {

    /** Rows per VALUES source: small enough that PostgreSQL probes the target's index instead of scanning it. */
    private static final int CHUNK = 100;

    private static final Columns LEASE = new Columns("holder", "valid_until");
    private static final Columns RETENTION = new Columns("id", "retention_days");
    private static final Columns EXPIRED =
            new Columns("id", "group_id", "occurred_at", "time_spent", "tags", "type", "view_generation");
    private static final Columns LINKS = new Columns("e.group_id", "et.tag_value_id", "COUNT(*) AS n");
    private static final Columns VIEW_GROUP_ID = new Columns("vg.id", "d.i");

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private AggregateSql database;

    /**
     * Outside a container, for tests against an in-process database: what the container injects
     * (an entity manager of the current transaction, the statements of its database).
     */
    void use(EntityManager em, AggregateSql database) {
        this.em = em;
        this.database = database;
    }

    /** The cleanup lease: who holds it (null if never taken) and until when. */
    public record Lease(String holder, OffsetDateTime validUntil) {}

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

    /** The lease as it is now. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Lease leaseHolder() {
        List<SqlRow> rows =
                LEASE.rows(em.createNativeQuery("SELECT " + LEASE.list() + " FROM node_lease WHERE name = 'retention'")
                        .getResultList());
        if (rows.isEmpty()) {
            return new Lease(null, null);
        }
        return new Lease(rows.get(0).text("holder"), rows.get(0).time("valid_until"));
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
    public Map<Long, Integer> retentions() {
        Map<Long, Integer> retentions = new LinkedHashMap<>();
        for (SqlRow row :
                RETENTION.rows(em.createNativeQuery("SELECT " + RETENTION.list() + " FROM project ORDER BY id")
                        .getResultList())) {
            retentions.put(row.number("id"), (int) row.number("retention_days"));
        }
        return retentions;
    }

    /**
     * Deletes up to {@code size} events of the project that happened before {@code cutoff}.
     *
     * @return what was deleted; {@code complete} when nothing expired is left
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public CleanupReport deleteBatch(long projectId, OffsetDateTime cutoff, int size) {
        List<SqlRow> rows = EXPIRED.rows(em.createNativeQuery("SELECT " + EXPIRED.list()
                        // LIMIT in the SQL: setMaxResults becomes JDBC setMaxRows, and PostgreSQL then sorts
                        // every expired event for each batch
                        + " FROM event WHERE project_id = ?1 AND occurred_at < ?2 ORDER BY occurred_at, id LIMIT ?3"
                        // locked as read: an event being moved to another group (a merge, a regroup) is
                        // read here with the group it is in once the move has committed
                        + " FOR UPDATE")
                .setParameter(1, projectId)
                .setParameter(2, cutoff)
                .setParameter(3, size)
                .getResultList());
        if (rows.isEmpty()) {
            return CleanupReport.NONE;
        }
        List<Long> ids = new ArrayList<>(rows.size());
        Map<Long, Share> groups = new HashMap<>();
        Map<List<Object>, Long> groupHours = new HashMap<>();
        Map<List<Object>, Share> viewGroups = new HashMap<>();
        Map<List<Object>, Long> viewGroupHours = new HashMap<>();
        List<ViewState> views = views(projectId);
        for (SqlRow row : rows) {
            long id = row.number("id");
            long groupId = row.number("group_id");
            OffsetDateTime hour = row.time("occurred_at").truncatedTo(ChronoUnit.HOURS);
            Double timeSpent = row.decimalOrNull("time_spent");
            ids.add(id);
            groups.computeIfAbsent(groupId, key -> new Share()).add(timeSpent);
            groupHours.merge(List.of(groupId, hour), 1L, Long::sum);
            Map<String, String> tags = null;
            for (ViewState view : views) {
                if (view.counted(id, row.text("type"), row.number("view_generation"))) {
                    tags = tags == null ? StoredEvent.tagsOf(row.text("tags")) : tags;
                    String keyValues = ViewDefinition.json(view.definition().values(tags));
                    List<Object> key = List.of(view.definition().id(), groupId, ViewDefinition.keyHash(keyValues));
                    viewGroups.computeIfAbsent(key, k -> new Share()).add(timeSpent);
                    viewGroupHours.merge(List.of(key, hour), 1L, Long::sum);
                }
            }
        }

        // Set-based: a handful of statements per batch whatever its size (one statement per aggregate
        // row made a 500-event batch cost thousands of round trips). The aggregates are taken out in
        // the order ingestion counts into them (AggregateTable): distributions, tag values, hourly
        // counts, view groups, groups.
        String idList = placeholders(ids.size(), 1);
        // the batch's links per group and tag value; subtracted in chunks of typed VALUES: a MERGE whose
        // source is a subquery gets a hash join and reads all of group_tag_value (1.6 M rows at 1 M events)
        List<SqlRow> links = LINKS.rows(in(
                        em.createNativeQuery("SELECT " + LINKS.list() + " FROM event_tag et"
                                + " JOIN event e ON e.id = et.event_id WHERE et.event_id IN (" + idList
                                + ") GROUP BY e.group_id, et.tag_value_id"),
                        ids,
                        1)
                .getResultList());
        Map<Long, Long> tagValueCounts = new HashMap<>();
        List<Object[]> linkShares = new ArrayList<>(links.size());
        for (SqlRow link : links) {
            long count = link.number("n");
            tagValueCounts.merge(link.number("tag_value_id"), count, Long::sum);
            linkShares.add(new Object[] {link.number("group_id"), link.number("tag_value_id"), count});
        }
        // the users of a group are its rows of key user: those emptied here are users it lost
        Map<Long, Long> lostUsers = database.subtractGroupTags(em, linkShares);
        List<Object[]> tagValueShares = new ArrayList<>();
        tagValueCounts.forEach((id, count) -> tagValueShares.add(new Object[] {id, count}));
        database.subtract(em, AggregateTable.TAG_VALUE, tagValueShares);
        in(em.createNativeQuery("DELETE FROM event_tag WHERE event_id IN (" + idList + ")"), ids, 1)
                .executeUpdate();
        in(em.createNativeQuery("DELETE FROM event WHERE id IN (" + idList + ")"), ids, 1)
                .executeUpdate();
        long deletedTagValues = 0;
        for (List<Long> chunk : chunks(new ArrayList<>(tagValueCounts.keySet()), 1000)) {
            deletedTagValues += in(
                            em.createNativeQuery("DELETE FROM tag_value WHERE times_seen <= 0 AND id IN ("
                                    + placeholders(chunk.size(), 1) + ")"),
                            chunk,
                            1)
                    .executeUpdate();
        }

        // hourly counts of the groups
        List<Object[]> hourShares = new ArrayList<>();
        groupHours.forEach((key, count) -> hourShares.add(new Object[] {key.get(0), key.get(1), count}));
        database.subtract(em, AggregateTable.GROUP_HOURLY, hourShares);

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
            List<SqlRow> found = VIEW_GROUP_ID.rows(Sql.bind(
                            em.createNativeQuery(
                                    "SELECT " + VIEW_GROUP_ID.list() + " FROM view_group vg JOIN "
                                            + Sql.values(chunk.size(), "BIGINT", "BIGINT", "CHAR(32)", "BIGINT")
                                            + " d(view_id, group_id, key_hash, i)"
                                            + " ON vg.view_id = d.view_id AND vg.group_id = d.group_id AND vg.key_hash = d.key_hash"),
                            parameters)
                    .getResultList());
            for (SqlRow row : found) {
                viewGroupIds.put(chunk.get((int) row.number("i")), row.number("id"));
            }
        }
        List<Object[]> viewGroupShares = new ArrayList<>();
        viewGroupIds.forEach(
                (key, id) -> viewGroupShares.add(viewGroups.get(key).of(id)));
        database.subtract(em, AggregateTable.VIEW_GROUP, viewGroupShares);
        List<Object[]> viewHourShares = new ArrayList<>();
        viewGroupHours.forEach((key, count) -> {
            @SuppressWarnings("unchecked")
            Long id = viewGroupIds.get((List<Object>) key.get(0));
            if (id != null) {
                viewHourShares.add(new Object[] {id, key.get(1), count});
            }
        });
        database.subtract(em, AggregateTable.VIEW_GROUP_HOURLY, viewHourShares);
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
        List<Object[]> groupShares = new ArrayList<>();
        groups.forEach((id, share) -> groupShares.add(share.of(id)));
        database.subtract(em, AggregateTable.EVENT_GROUP, groupShares);
        // locked by the subtraction (PostgreSQL), in id order; a group deleted with its events is not there
        database.subtractUsers(em, lostUsers);
        long deletedGroups = 0;
        for (List<Long> chunk : chunks(new ArrayList<>(groups.keySet()), CHUNK)) {
            long left = ((Number) in(
                                    em.createNativeQuery("SELECT COUNT(*) FROM event_group WHERE id IN ("
                                            + placeholders(chunk.size(), 1) + ")"),
                                    chunk,
                                    1)
                            .getSingleResult())
                    .longValue();
            deletedGroups += chunk.size() - left;
        }
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

    /** One batch's share of a group or a view group. */
    private static final class Share {
        long count;
        double timeSpentTotal;
        long timeSpentCount;

        /** The share of the row {@code id}: its key, then its counters (AggregateTable.EVENT_GROUP, VIEW_GROUP). */
        Object[] of(long id) {
            return new Object[] {id, count, timeSpentTotal, timeSpentCount};
        }

        void add(Double timeSpent) {
            count++;
            if (timeSpent != null) {
                timeSpentTotal += timeSpent;
                timeSpentCount++;
            }
        }
    }
}
