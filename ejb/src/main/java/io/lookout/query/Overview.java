package io.lookout.query;

import io.lookout.grouping.GroupStatus;
import io.lookout.project.Project;
import io.lookout.schema.Columns;
import io.lookout.schema.Sql;
import io.lookout.schema.SqlRow;
import io.lookout.security.ProjectAccess;
import io.lookout.views.View;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
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

    private static final Columns TYPE_HOURS = new Columns("g.type", "h.hour_start", "SUM(h.times_seen) AS event_count");
    private static final Columns VIEW_HOURS =
            new Columns("vg.view_id", "vg.k1", "h.hour_start", "SUM(h.times_seen) AS event_count");

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private ProjectAccess access;

    /**
     * The projects the caller may read, by id. Their counts and sparklines are those of their event
     * types ({@link Dashboard#dashboard}, {@link #typeSparklines}) added up: a project's
     * (non-ignored) groups are those of its types.
     */
    public List<ProjectSummary> projects() {
        return em.createQuery("SELECT p FROM Project p ORDER BY p.id", Project.class).getResultList().stream()
                .filter(project -> access.mayRead(project.getId()))
                .map(project -> new ProjectSummary(project.getId(), project.getSlug(), project.getName()))
                .toList();
    }

    /** Event type → its last 24 hours (non-ignored groups). The caller checked the project. */
    public Map<String, long[]> typeSparklines(long projectId) {
        OffsetDateTime since = GroupRows.sparkStart();
        // a group's hours are never later than its last_seen (both come from the events' times), so
        // groups last seen before the first hour are left out before their hours are read
        List<SqlRow> hours = Sql.select(
                        TYPE_HOURS,
                        "FROM group_hourly h JOIN event_group g ON g.id = h.group_id" + " WHERE g.project_id = ")
                .value(projectId)
                .sql(" AND g.last_seen >= ")
                .value(since)
                .sql(" AND h.hour_start >= ")
                .value(since)
                .sql(" AND g.status <> " + GroupStatus.IGNORED.sql() + " GROUP BY g.type, h.hour_start")
                .rows(em);
        Map<String, long[]> sparks = new HashMap<>();
        hours.forEach(row -> GroupRows.add(
                sparks.computeIfAbsent(row.text("type"), type -> new long[GroupRows.SPARK_HOURS]),
                since,
                row.instant("hour_start"),
                row.number("event_count")));
        return sparks;
    }

    /**
     * View id → its last 24 hours, and view id → the values of its first keys → their last 24 hours:
     * for each shown prefix of values (the first value; the first and the second; ...), the sum of the
     * view groups that have it (null values stay null in the list).
     */
    public record ViewSparklines(Map<Long, long[]> views, Map<Long, Map<List<String>, long[]>> values) {}

    /**
     * Sparklines of a project's views, and of the values the dashboard shows under each, at every
     * depth. The caller checked the project.
     *
     * <p>A view takes each event of its types exactly once (live, or by its backfill), so once its
     * backfill is done its hourly total is that of the (non-ignored) groups of its types, which the
     * type sparklines already hold: no view group needs to be read for it. Only the views whose
     * keys' values are shown, and views still backfilling, read their view groups' hourly counts:
     * one statement per view, grouped by the keys shown and the hour, whatever the number of rows
     * the breakdown shows; the sums per shorter prefix are added up here (docs/architecture.md, *Pages*).
     *
     * @param typeSparklines {@link #typeSparklines} of the project
     * @param keysShown view id → how many of its keys the dashboard breaks down by value (views not
     *     in it show no values)
     */
    public ViewSparklines viewSparklines(
            List<View> views, Map<String, long[]> typeSparklines, Map<Long, Integer> keysShown) {
        OffsetDateTime since = GroupRows.sparkStart();
        Map<Long, long[]> totals = new HashMap<>();
        Map<Long, Map<List<String>, long[]>> values = new HashMap<>();
        for (View view : views) {
            int depth = keysShown.getOrDefault(view.getId(), 0);
            if (depth > 0 || !View.DONE.equals(view.getBackfillState())) {
                read(view.getId(), depth, since, totals, values);
                continue;
            }
            long[] total = new long[GroupRows.SPARK_HOURS];
            Set<String> types =
                    view.getTypes() == null ? null : Set.of(view.getTypes().split(","));
            typeSparklines.forEach((type, hours) -> {
                if (types == null || types.contains(type)) {
                    for (int i = 0; i < total.length && i < hours.length; i++) {
                        total[i] += hours[i];
                    }
                }
            });
            totals.put(view.getId(), total);
        }
        return new ViewSparklines(totals, values);
    }

    /** One view's hours by its first {@code depth} keys' values, added up into every prefix. */
    private void read(
            long viewId,
            int depth,
            OffsetDateTime since,
            Map<Long, long[]> totals,
            Map<Long, Map<List<String>, long[]>> values) {
        List<String> columns = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int k = 1; k <= depth; k++) {
            columns.add("vg.k" + k);
            keys.add("vg.k" + k);
        }
        columns.add("h.hour_start");
        columns.add("SUM(h.times_seen) AS event_count");
        keys.add("h.hour_start");
        Sql sql = Sql.select(
                        new Columns(columns.toArray(String[]::new)),
                        "FROM view_group_hourly h JOIN view_group vg ON vg.id = h.view_group_id WHERE vg.view_id = ")
                .value(viewId);
        // As for the types: only view groups seen since the first hour have hours to read. Ignored
        // groups are left out by their (few) ids rather than a join, so that the view groups are
        // filtered before their hours are read (docs/architecture.md, *Pages*).
        sql.sql(" AND vg.last_seen >= ")
                .value(since)
                .sql(" AND h.hour_start >= ")
                .value(since)
                .sql(" AND vg.group_id NOT IN (SELECT id FROM event_group WHERE status = " + GroupStatus.IGNORED.sql()
                        + ") GROUP BY " + String.join(", ", keys));
        long[] total = totals.computeIfAbsent(viewId, id -> new long[GroupRows.SPARK_HOURS]);
        Map<List<String>, long[]> byValues = values.computeIfAbsent(viewId, id -> new HashMap<>());
        for (SqlRow row : sql.rows(em)) {
            Instant hour = row.instant("hour_start");
            long count = row.number("event_count");
            GroupRows.add(total, since, hour, count);
            List<String> prefix = new ArrayList<>(depth);
            for (int k = 1; k <= depth; k++) {
                prefix.add(row.text("k" + k));
                GroupRows.add(
                        byValues.computeIfAbsent(
                                java.util.Collections.unmodifiableList(new ArrayList<>(prefix)),
                                p -> new long[GroupRows.SPARK_HOURS]),
                        since,
                        hour,
                        count);
            }
        }
    }
}
