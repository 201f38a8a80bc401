package io.lookout.query;

import io.lookout.Problem;
import io.lookout.grouping.GroupStatus;
import io.lookout.project.Project;
import io.lookout.schema.Columns;
import io.lookout.schema.Sql;
import io.lookout.schema.SqlRow;
import io.lookout.views.View;
import io.lookout.views.Views;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The breakdown the dashboard shows: the project, its event types, then each view. A view's
 * first key is broken down by value when it has at most {@code lookout.dashboard.breakdown-threshold}
 * distinct values (default 20), each value's node doing the same with the next key; a key with
 * more values, or the last level, shows the aggregate list of its view groups instead. A budget
 * of nodes bounds the answer however many keys a view has.
 */
@ApplicationScoped
public class Dashboard {

    static final int LIST_SIZE = 10;
    static final int NODE_BUDGET = 200;
    private static final Columns TYPES =
            new Columns("type", "COUNT(*) AS group_count", "SUM(times_seen) AS event_count");

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private Search search;

    @Inject
    private Views views;

    @Inject
    private GroupDetails details;

    @Inject
    private Breakdowns breakdowns;

    @Inject
    @ConfigProperty(name = "lookout.dashboard.breakdown-threshold", defaultValue = "20")
    private int threshold;

    public DashboardBreakdown dashboard(long projectId) throws Problem {
        return dashboard(projectId, GroupDetails.HOURS);
    }

    /**
     * The dashboard with only the last {@code hours} hourly counts of each listed view group: the
     * landing page draws 24-hour sparklines, and 14 days of hours were 14 times the rows to read,
     * build and convert.
     */
    public DashboardBreakdown dashboard(long projectId, int hours) throws Problem {
        // the views are read before the access check, which the other method makes: nothing is answered before it
        return dashboard(projectId, views.list(projectId), hours);
    }

    /**
     * {@link #dashboard(long, int)} for a caller that has listed the project's views already
     * ({@link Views#list}) and needs them itself: the landing page.
     */
    public DashboardBreakdown dashboard(long projectId, List<View> projectViews, int hours) throws Problem {
        Project project = search.readable(projectId);
        List<DashboardBreakdown.TypeCount> types = Sql.select(TYPES, "FROM event_group WHERE project_id = ")
                .value(projectId)
                .sql(" AND status <> " + GroupStatus.IGNORED.sql()
                        + " AND merged_into IS NULL GROUP BY type ORDER BY SUM(times_seen) DESC, type")
                .rows(em)
                .stream()
                .map(row -> new DashboardBreakdown.TypeCount(
                        row.text("type"), row.number("group_count"), row.number("event_count")))
                .toList();
        // first the shape of every view's breakdown (a few statements per node), then the view groups
        // of all its lists at once (one statement for the rows, one for their hourly counts)
        int[] budget = {NODE_BUDGET};
        List<Node> breakdowns = new ArrayList<>();
        Map<Long, List<String>> keysByView = new HashMap<>();
        Set<Long> listed = new LinkedHashSet<>();
        for (View view : projectViews) {
            List<String> keys = Views.keys(view);
            keysByView.put(view.getId(), keys);
            Node breakdown = node(view, keys, new ArrayList<>(), budget);
            breakdown.collect(listed);
            breakdowns.add(breakdown);
        }
        Map<Long, GroupSummary> viewGroups = details.viewGroups(listed, keysByView, hours);
        List<DashboardBreakdown.ViewBreakdown> viewBreakdowns = new ArrayList<>();
        for (int i = 0; i < projectViews.size(); i++) {
            viewBreakdowns.add(DashboardBreakdown.ViewBreakdown.of(
                    projectViews.get(i), breakdowns.get(i).toBreakdown(viewGroups)));
        }
        return new DashboardBreakdown(
                new ProjectSummary(project.getId(), project.getSlug(), project.getName()),
                threshold,
                types,
                viewBreakdowns);
    }

    /** A node of a view's breakdown, before its lists' view groups are read. */
    private interface Node {

        /** Adds the ids of the view groups its lists (and its children's) show. */
        void collect(Set<Long> ids);

        DashboardBreakdown.BreakdownNode toBreakdown(Map<Long, GroupSummary> viewGroups);
    }

    /** One value of a key, with its counts and, within the budget, the breakdown under it. */
    private record Value(String value, long groups, long events, Node breakdown) {}

    /** A key broken down by its values. */
    private record Values(String key, List<Value> values) implements Node {

        @Override
        public void collect(Set<Long> ids) {
            values.stream()
                    .filter(value -> value.breakdown() != null)
                    .forEach(value -> value.breakdown().collect(ids));
        }

        @Override
        public DashboardBreakdown.BreakdownNode toBreakdown(Map<Long, GroupSummary> viewGroups) {
            return new DashboardBreakdown.ByValue(
                    key,
                    values.stream()
                            .map(value -> new DashboardBreakdown.BreakdownValue(
                                    value.value(),
                                    value.groups(),
                                    value.events(),
                                    value.breakdown() == null
                                            ? null
                                            : value.breakdown().toBreakdown(viewGroups)))
                            .toList());
        }
    }

    /** The aggregate list: the view groups with the highest score ({@code key} null past the last key). */
    private record Groups(String key, List<Long> ids) implements Node {

        @Override
        public void collect(Set<Long> all) {
            all.addAll(ids);
        }

        @Override
        public DashboardBreakdown.BreakdownNode toBreakdown(Map<Long, GroupSummary> viewGroups) {
            return new DashboardBreakdown.TopGroups(key, GroupDetails.inOrder(ids, viewGroups));
        }
    }

    /** The node under the given values of the first keys. */
    private Node node(View view, List<String> keys, List<String> prefix, int[] budget) {
        budget[0]--;
        int depth = prefix.size();
        if (depth < keys.size() && (depth > 0 || breakdowns.firstKeyValues(view.getId(), threshold + 1) <= threshold)) {
            Sql distinct = where(
                            Sql.select(
                                            new Columns(
                                                    "k" + (depth + 1) + " AS key_value",
                                                    "COUNT(*) AS group_count",
                                                    "SUM(vg.times_seen) AS event_count"),
                                            "FROM view_group vg JOIN event_group g ON g.id = vg.group_id"
                                                    + " WHERE vg.view_id = ")
                                    .value(view.getId()),
                            prefix)
                    .sql(" GROUP BY k" + (depth + 1) + " ORDER BY SUM(vg.times_seen) DESC")
                    .limit(threshold + 1);
            List<SqlRow> values = distinct.rows(em);
            if (values.size() <= threshold) {
                List<Value> children = new ArrayList<>();
                for (SqlRow value : values) {
                    Node breakdown = null;
                    if (budget[0] > 0) {
                        List<String> next = new ArrayList<>(prefix);
                        next.add(value.text("key_value"));
                        breakdown = node(view, keys, next, budget);
                    }
                    children.add(new Value(
                            value.text("key_value"),
                            value.number("group_count"),
                            value.number("event_count"),
                            breakdown));
                }
                return new Values(keys.get(depth), children);
            }
        }
        Sql top = where(
                        new Sql("SELECT vg.id FROM view_group vg JOIN event_group g ON g.id = vg.group_id"
                                        + " WHERE vg.view_id = ")
                                .value(view.getId()),
                        prefix)
                .sql(" ORDER BY vg.score DESC, vg.id DESC")
                .limit(LIST_SIZE);
        List<Long> ids = new ArrayList<>();
        for (Object id : top.query(em).getResultList()) {
            ids.add(((Number) id).longValue());
        }
        return new Groups(depth < keys.size() ? keys.get(depth) : null, ids);
    }

    /** Restricts to view groups with the given values of the first keys, and hides ignored groups. */
    private static Sql where(Sql sql, List<String> prefix) {
        sql.sql(" AND g.status <> " + GroupStatus.IGNORED.sql());
        for (int i = 0; i < prefix.size(); i++) {
            if (prefix.get(i) == null) {
                sql.sql(" AND vg.k" + (i + 1) + " IS NULL");
            } else {
                sql.sql(" AND vg.k" + (i + 1) + " = ").value(prefix.get(i));
            }
        }
        return sql;
    }
}
