package io.lookout.query;

import io.lookout.JsonFactories;
import io.lookout.Problem;
import io.lookout.project.Project;
import io.lookout.views.View;
import io.lookout.views.Views;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
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

    public JsonObject dashboard(long projectId) throws Problem {
        return dashboard(projectId, GroupDetails.HOURS);
    }

    /**
     * The dashboard with only the last {@code hours} hourly counts of each listed view group: the
     * landing page draws 24-hour sparklines, and 14 days of hours were 14 times the rows to read,
     * build and convert.
     */
    public JsonObject dashboard(long projectId, int hours) throws Problem {
        // the views are read before the access check, which the other method makes: nothing is answered before it
        return dashboard(projectId, views.list(projectId), hours);
    }

    /**
     * {@link #dashboard(long, int)} for a caller that has listed the project's views already
     * ({@link Views#list}) and needs them itself: the landing page.
     */
    public JsonObject dashboard(long projectId, List<View> projectViews, int hours) throws Problem {
        Project project = search.readable(projectId);
        JsonArrayBuilder types = JsonFactories.BUILDERS.createArrayBuilder();
        @SuppressWarnings("unchecked")
        List<Object[]> typeRows = em.createNativeQuery("SELECT type, COUNT(*), SUM(times_seen) FROM event_group"
                        + " WHERE project_id = ?1 AND status <> 'ignored' GROUP BY type ORDER BY SUM(times_seen) DESC, type")
                .setParameter(1, projectId)
                .getResultList();
        for (Object[] row : typeRows) {
            types.add(JsonFactories.BUILDERS.createObjectBuilder()
                    .add("type", (String) row[0])
                    .add("groups", ((Number) row[1]).longValue())
                    .add("events", ((Number) row[2]).longValue()));
        }
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
        Map<Long, JsonObject> viewGroups = details.viewGroups(listed, keysByView, hours);
        JsonArrayBuilder viewsJson = JsonFactories.BUILDERS.createArrayBuilder();
        for (int i = 0; i < projectViews.size(); i++) {
            viewsJson.add(JsonFactories.BUILDERS.createObjectBuilder(Views.toJson(projectViews.get(i)))
                    .add("breakdown", breakdowns.get(i).toJson(viewGroups)));
        }
        return JsonFactories.BUILDERS.createObjectBuilder()
                .add("project", JsonFactories.BUILDERS.createObjectBuilder().add("id", project.getId()).add("slug", project.getSlug())
                        .add("name", project.getName()))
                .add("threshold", threshold)
                .add("types", types)
                .add("views", viewsJson)
                .build();
    }

    /** A node of a view's breakdown, before its lists' view groups are read. */
    private interface Node {

        /** Adds the ids of the view groups its lists (and its children's) show. */
        void collect(Set<Long> ids);

        JsonObject toJson(Map<Long, JsonObject> viewGroups);
    }

    /** One value of a key, with its counts and, within the budget, the breakdown under it. */
    private record Value(String value, long groups, long events, Node breakdown) {
    }

    /** A key broken down by its values. */
    private record Values(String key, List<Value> values) implements Node {

        @Override
        public void collect(Set<Long> ids) {
            values.stream().filter(value -> value.breakdown() != null).forEach(value -> value.breakdown().collect(ids));
        }

        @Override
        public JsonObject toJson(Map<Long, JsonObject> viewGroups) {
            JsonArrayBuilder children = JsonFactories.BUILDERS.createArrayBuilder();
            for (Value value : values) {
                JsonObjectBuilder child = JsonFactories.BUILDERS.createObjectBuilder();
                if (value.value() == null) {
                    child.addNull("value");
                } else {
                    child.add("value", value.value());
                }
                child.add("groups", value.groups()).add("events", value.events());
                if (value.breakdown() != null) {
                    child.add("breakdown", value.breakdown().toJson(viewGroups));
                }
                children.add(child);
            }
            return JsonFactories.BUILDERS.createObjectBuilder().add("key", key).add("mode", "values").add("values", children).build();
        }
    }

    /** The aggregate list: the view groups with the highest score ({@code key} null past the last key). */
    private record Groups(String key, List<Long> ids) implements Node {

        @Override
        public void collect(Set<Long> all) {
            all.addAll(ids);
        }

        @Override
        public JsonObject toJson(Map<Long, JsonObject> viewGroups) {
            JsonArrayBuilder groups = JsonFactories.BUILDERS.createArrayBuilder();
            GroupDetails.inOrder(ids, viewGroups).forEach(groups::add);
            JsonObjectBuilder list = JsonFactories.BUILDERS.createObjectBuilder().add("mode", "groups");
            if (key != null) {
                list.add("key", key);
            }
            return list.add("groups", groups).build();
        }
    }

    /** The node under the given values of the first keys. */
    private Node node(View view, List<String> keys, List<String> prefix, int[] budget) {
        budget[0]--;
        int depth = prefix.size();
        if (depth < keys.size() && (depth > 0 || breakdowns.firstKeyValues(view.getId(), threshold + 1) <= threshold)) {
            Sql distinct = where(new Sql("SELECT k" + (depth + 1) + ", COUNT(*), SUM(vg.times_seen) FROM view_group vg"
                    + " JOIN event_group g ON g.id = vg.group_id WHERE vg.view_id = ").value(view.getId()), prefix)
                    .sql(" GROUP BY k" + (depth + 1) + " ORDER BY SUM(vg.times_seen) DESC").limit(threshold + 1);
            @SuppressWarnings("unchecked")
            List<Object[]> values = distinct.query(em).getResultList();
            if (values.size() <= threshold) {
                List<Value> children = new ArrayList<>();
                for (Object[] value : values) {
                    Node breakdown = null;
                    if (budget[0] > 0) {
                        List<String> next = new ArrayList<>(prefix);
                        next.add((String) value[0]);
                        breakdown = node(view, keys, next, budget);
                    }
                    children.add(new Value((String) value[0], ((Number) value[1]).longValue(),
                            ((Number) value[2]).longValue(), breakdown));
                }
                return new Values(keys.get(depth), children);
            }
        }
        Sql top = where(new Sql("SELECT vg.id FROM view_group vg JOIN event_group g ON g.id = vg.group_id"
                + " WHERE vg.view_id = ").value(view.getId()), prefix)
                .sql(" ORDER BY vg.score DESC, vg.id DESC").limit(LIST_SIZE);
        List<Long> ids = new ArrayList<>();
        for (Object id : top.query(em).getResultList()) {
            ids.add(((Number) id).longValue());
        }
        return new Groups(depth < keys.size() ? keys.get(depth) : null, ids);
    }

    /** Restricts to view groups with the given values of the first keys, and hides ignored groups. */
    private static Sql where(Sql sql, List<String> prefix) {
        sql.sql(" AND g.status <> 'ignored'");
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
