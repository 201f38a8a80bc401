package io.lookout.retention;

import io.lookout.grouping.StoredEvent;
import io.lookout.views.View;
import io.lookout.views.ViewDefinition;
import io.lookout.views.Views;
import jakarta.enterprise.context.ApplicationScoped;
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

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    /** Takes or renews the cleanup lease; false when another node holds it. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean lease(String holder, OffsetDateTime until) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return em.createNativeQuery("UPDATE node_lease SET holder = ?1, valid_until = ?2"
                        + " WHERE name = 'retention' AND (valid_until < ?3 OR holder = ?1)")
                .setParameter(1, holder)
                .setParameter(2, until)
                .setParameter(3, now)
                .executeUpdate() == 1;
    }

    /** The lease as it is now: its holder (null if never taken) and until when it is valid. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Object[] leaseHolder() {
        List<?> rows = em.createNativeQuery("SELECT holder, valid_until FROM node_lease WHERE name = 'retention'").getResultList();
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
        for (Object[] row : (List<Object[]>) em.createNativeQuery("SELECT id, retention_days FROM project ORDER BY id").getResultList()) {
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
        List<Object[]> rows = em.createNativeQuery("SELECT id, group_id, occurred_at, time_spent, tags, type, view_generation"
                        + " FROM event WHERE project_id = ?1 AND occurred_at < ?2 ORDER BY occurred_at, id")
                .setParameter(1, projectId)
                .setParameter(2, cutoff)
                .setMaxResults(size)
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

        // tag links of the batch, per tag value and group
        List<Object[]> links = in(em.createNativeQuery("SELECT et.tag_value_id, e.group_id, COUNT(*) FROM event_tag et"
                + " JOIN event e ON e.id = et.event_id WHERE et.event_id IN (" + placeholders(ids.size(), 1) + ")"
                + " GROUP BY et.tag_value_id, e.group_id"), ids, 1).getResultList();
        in(em.createNativeQuery("DELETE FROM event_tag WHERE event_id IN (" + placeholders(ids.size(), 1) + ")"), ids, 1)
                .executeUpdate();
        in(em.createNativeQuery("DELETE FROM event WHERE id IN (" + placeholders(ids.size(), 1) + ")"), ids, 1)
                .executeUpdate();

        Map<Long, Long> tagValues = new HashMap<>();
        for (Object[] link : links) {
            long tagValueId = ((Number) link[0]).longValue();
            long count = ((Number) link[2]).longValue();
            tagValues.merge(tagValueId, count, Long::sum);
            update("UPDATE group_tag_value SET times_seen = times_seen - ?1 WHERE group_id = ?2 AND tag_value_id = ?3",
                    count, ((Number) link[1]).longValue(), tagValueId);
            update("DELETE FROM group_tag_value WHERE group_id = ?1 AND tag_value_id = ?2 AND times_seen <= 0",
                    ((Number) link[1]).longValue(), tagValueId);
        }
        long deletedTagValues = 0;
        for (Map.Entry<Long, Long> tagValue : tagValues.entrySet()) {
            update("UPDATE tag_value SET times_seen = times_seen - ?1 WHERE id = ?2", tagValue.getValue(), tagValue.getKey());
            deletedTagValues += update("DELETE FROM tag_value WHERE id = ?1 AND times_seen <= 0", tagValue.getKey());
        }

        for (Map.Entry<List<Object>, Long> hour : groupHours.entrySet()) {
            update("UPDATE group_hourly SET times_seen = times_seen - ?1 WHERE group_id = ?2 AND hour_start = ?3",
                    hour.getValue(), hour.getKey().get(0), hour.getKey().get(1));
            update("DELETE FROM group_hourly WHERE group_id = ?1 AND hour_start = ?2 AND times_seen <= 0",
                    hour.getKey().get(0), hour.getKey().get(1));
        }

        Map<List<Object>, Long> viewGroupIds = new HashMap<>();
        long deletedViewGroups = 0;
        for (Map.Entry<List<Object>, Share> viewGroup : viewGroups.entrySet()) {
            List<?> found = em.createNativeQuery("SELECT id FROM view_group WHERE view_id = ?1 AND group_id = ?2 AND key_hash = ?3")
                    .setParameter(1, viewGroup.getKey().get(0))
                    .setParameter(2, viewGroup.getKey().get(1))
                    .setParameter(3, viewGroup.getKey().get(2))
                    .getResultList();
            if (found.isEmpty()) {
                continue;
            }
            long id = ((Number) found.get(0)).longValue();
            viewGroupIds.put(viewGroup.getKey(), id);
            Share share = viewGroup.getValue();
            update("UPDATE view_group SET times_seen = times_seen - ?1, time_spent_total = time_spent_total - ?2,"
                    + " time_spent_count = time_spent_count - ?3 WHERE id = ?4", share.count, share.timeSpentTotal,
                    share.timeSpentCount, id);
        }
        for (Map.Entry<List<Object>, Long> hour : viewGroupHours.entrySet()) {
            Long viewGroupId = viewGroupIds.get(hour.getKey().get(0));
            if (viewGroupId != null) {
                update("UPDATE view_group_hourly SET times_seen = times_seen - ?1 WHERE view_group_id = ?2 AND hour_start = ?3",
                        hour.getValue(), viewGroupId, hour.getKey().get(1));
                update("DELETE FROM view_group_hourly WHERE view_group_id = ?1 AND hour_start = ?2 AND times_seen <= 0",
                        viewGroupId, hour.getKey().get(1));
            }
        }
        for (long viewGroupId : viewGroupIds.values()) {
            deletedViewGroups += update("DELETE FROM view_group WHERE id = ?1 AND times_seen <= 0", viewGroupId);
            // first seen, to the hour: the earliest hour with events left
            update("UPDATE view_group SET first_seen = COALESCE((SELECT MIN(h.hour_start) FROM view_group_hourly h"
                    + " WHERE h.view_group_id = ?1 AND h.hour_start > first_seen), first_seen) WHERE id = ?1", viewGroupId);
        }

        long deletedGroups = 0;
        for (Map.Entry<Long, Share> group : groups.entrySet()) {
            Share share = group.getValue();
            update("UPDATE event_group SET times_seen = times_seen - ?1, time_spent_total = time_spent_total - ?2,"
                    + " time_spent_count = time_spent_count - ?3 WHERE id = ?4", share.count, share.timeSpentTotal,
                    share.timeSpentCount, group.getKey());
            long deleted = update("DELETE FROM event_group WHERE id = ?1 AND times_seen <= 0", group.getKey());
            deletedGroups += deleted;
            if (deleted == 0) {
                update("UPDATE event_group SET first_seen = COALESCE((SELECT MIN(e.occurred_at) FROM event e"
                        + " WHERE e.group_id = ?1), first_seen), score = LN(times_seen) * 600 + EXTRACT(EPOCH FROM last_seen)"
                        + " WHERE id = ?1", group.getKey());
            }
        }
        return new CleanupReport(ids.size(), deletedGroups, deletedViewGroups, deletedTagValues, 1, 0, rows.size() < size,
                null, null, null);
    }

    private int update(String sql, Object... parameters) {
        Query query = em.createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return query.executeUpdate();
    }

    private List<ViewState> views(long projectId) {
        return em.createNamedQuery("View.byProject", View.class)
                .setParameter("projectId", projectId)
                .getResultStream()
                .map(view -> new ViewState(Views.definition(view), view.getBackfillPosition(),
                        View.DONE.equals(view.getBackfillState())))
                .toList();
    }

    /**
     * A view and how far its backfill got: an event is counted in it when the consumer that stored
     * it knew the view, or when the backfill has passed it.
     */
    private record ViewState(ViewDefinition definition, long backfillPosition, boolean backfilled) {
        boolean counted(long eventId, String type, long eventViewGeneration) {
            return definition.takes(type) && (eventViewGeneration >= definition.generation()
                    || backfilled || eventId <= backfillPosition);
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
