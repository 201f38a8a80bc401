package io.lookout.query;

import io.lookout.project.Project;
import io.lookout.security.ProjectAccess;
import io.lookout.views.View;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the landing page adds to the {@link Dashboard}: the projects the caller may read, and
 * 24-hour sparklines per event type and view — each one statement, never one per row (a project's
 * sparkline is the sum of its types').
 */
@ApplicationScoped
public class Overview {

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private ProjectAccess access;

    /** A project the caller may read. */
    public record ProjectRow(long id, String slug, String name) {
    }

    /**
     * The projects the caller may read, by id. Their counts and sparklines are those of their event
     * types ({@link Dashboard#dashboard}, {@link #typeSparklines}) added up: a project's
     * (non-ignored) groups are those of its types.
     */
    public List<ProjectRow> projects() {
        return em.createQuery("SELECT p FROM Project p ORDER BY p.id", Project.class).getResultList().stream()
                .filter(project -> access.mayRead(project.getId()))
                .map(project -> new ProjectRow(project.getId(), project.getSlug(), project.getName()))
                .toList();
    }

    /** Event type → its last 24 hours (non-ignored groups). The caller checked the project. */
    public Map<String, long[]> typeSparklines(long projectId) {
        OffsetDateTime since = GroupRows.sparkStart();
        // a group's hours are never later than its last_seen (both come from the events' times), so
        // groups last seen before the first hour are left out before their hours are read
        @SuppressWarnings("unchecked")
        List<Object[]> hours = em.createNativeQuery("SELECT g.type, h.hour_start, SUM(h.times_seen) FROM group_hourly h"
                        + " JOIN event_group g ON g.id = h.group_id WHERE g.project_id = ?1 AND g.last_seen >= ?2"
                        + " AND h.hour_start >= ?3 AND g.status <> 'ignored' GROUP BY g.type, h.hour_start")
                .setParameter(1, projectId)
                .setParameter(2, since)
                .setParameter(3, since)
                .getResultList();
        Map<String, long[]> sparks = new HashMap<>();
        hours.forEach(row -> GroupRows.add(sparks.computeIfAbsent((String) row[0], type -> new long[GroupRows.SPARK_HOURS]),
                since, row[1], row[2]));
        return sparks;
    }

    /** View id → its last 24 hours, and view id → first key value → its last 24 hours (null values under ""). */
    public record ViewSparklines(Map<Long, long[]> views, Map<Long, Map<String, long[]>> firstKeyValues) {
    }

    /**
     * Sparklines of a project's views, and of the first key's values of the views that show them.
     * The caller checked the project.
     *
     * <p>A view takes each event of its types exactly once (live, or by its backfill), so once its
     * backfill is done its hourly total is that of the (non-ignored) groups of its types, which the
     * type sparklines already hold: no view group needs to be read for it. Only the views whose
     * first key's values are shown, and views still backfilling, read their view groups' hourly
     * counts, in one statement restricted to those views (docs/architecture.md, *Pages*).
     *
     * @param typeSparklines {@link #typeSparklines} of the project
     * @param valuesShown ids of the views whose first key's values are shown (the dashboard breaks them down)
     */
    public ViewSparklines viewSparklines(List<View> views, Map<String, long[]> typeSparklines, Set<Long> valuesShown) {
        OffsetDateTime since = GroupRows.sparkStart();
        Map<Long, long[]> totals = new HashMap<>();
        Map<Long, Map<String, long[]>> values = new HashMap<>();
        List<Long> read = new ArrayList<>();
        for (View view : views) {
            if (valuesShown.contains(view.getId()) || !View.DONE.equals(view.getBackfillState())) {
                read.add(view.getId());
                continue;
            }
            long[] total = new long[GroupRows.SPARK_HOURS];
            Set<String> types = view.getTypes() == null ? null : Set.of(view.getTypes().split(","));
            typeSparklines.forEach((type, hours) -> {
                if (types == null || types.contains(type)) {
                    for (int i = 0; i < total.length && i < hours.length; i++) {
                        total[i] += hours[i];
                    }
                }
            });
            totals.put(view.getId(), total);
        }
        if (read.isEmpty()) {
            return new ViewSparklines(totals, values);
        }
        Sql sql = new Sql("SELECT vg.view_id, vg.k1, h.hour_start, SUM(h.times_seen)"
                + " FROM view_group_hourly h JOIN view_group vg ON vg.id = h.view_group_id WHERE vg.view_id IN (");
        GroupRows.in(sql, read);
        // As for the types: only view groups seen since the first hour have hours to read. Ignored
        // groups are left out by their (few) ids rather than a join, so that the view groups are
        // filtered before their hours are read (docs/architecture.md, *Pages*).
        sql.sql(" AND vg.last_seen >= ").value(since).sql(" AND h.hour_start >= ").value(since)
                .sql(" AND vg.group_id NOT IN (SELECT id FROM event_group WHERE status = 'ignored')"
                        + " GROUP BY vg.view_id, vg.k1, h.hour_start");
        @SuppressWarnings("unchecked")
        List<Object[]> hours = sql.query(em).getResultList();
        for (Object[] row : hours) {
            long view = ((Number) row[0]).longValue();
            String value = row[1] == null ? "" : (String) row[1];
            GroupRows.add(totals.computeIfAbsent(view, id -> new long[GroupRows.SPARK_HOURS]), since, row[2], row[3]);
            GroupRows.add(values.computeIfAbsent(view, id -> new HashMap<>())
                    .computeIfAbsent(value, v -> new long[GroupRows.SPARK_HOURS]), since, row[2], row[3]);
        }
        return new ViewSparklines(totals, values);
    }
}
