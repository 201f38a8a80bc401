package io.lookout.query;

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
import java.util.List;
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
    @ConfigProperty(name = "lookout.dashboard.breakdown-threshold", defaultValue = "20")
    private int threshold;

    public JsonObject dashboard(long projectId) throws Problem {
        Project project = search.readable(projectId);
        JsonArrayBuilder types = JsonOut.BUILDERS.createArrayBuilder();
        @SuppressWarnings("unchecked")
        List<Object[]> typeRows = em.createNativeQuery("SELECT type, COUNT(*), SUM(times_seen) FROM event_group"
                        + " WHERE project_id = ?1 AND status <> 'ignored' GROUP BY type ORDER BY SUM(times_seen) DESC, type")
                .setParameter(1, projectId)
                .getResultList();
        for (Object[] row : typeRows) {
            types.add(JsonOut.BUILDERS.createObjectBuilder()
                    .add("type", (String) row[0])
                    .add("groups", ((Number) row[1]).longValue())
                    .add("events", ((Number) row[2]).longValue()));
        }
        JsonArrayBuilder viewsJson = JsonOut.BUILDERS.createArrayBuilder();
        int[] budget = {NODE_BUDGET};
        for (View view : views.list(projectId)) {
            JsonObjectBuilder json = JsonOut.BUILDERS.createObjectBuilder(Views.toJson(view));
            json.add("breakdown", node(view, Views.keys(view), new ArrayList<>(), budget));
            viewsJson.add(json);
        }
        return JsonOut.BUILDERS.createObjectBuilder()
                .add("project", JsonOut.BUILDERS.createObjectBuilder().add("id", project.getId()).add("slug", project.getSlug())
                        .add("name", project.getName()))
                .add("threshold", threshold)
                .add("types", types)
                .add("views", viewsJson)
                .build();
    }

    /** The node under the given values of the first keys. */
    private JsonObject node(View view, List<String> keys, List<String> prefix, int[] budget) {
        budget[0]--;
        int depth = prefix.size();
        if (depth < keys.size()) {
            Sql distinct = where(new Sql("SELECT k" + (depth + 1) + ", COUNT(*), SUM(vg.times_seen) FROM view_group vg"
                    + " JOIN event_group g ON g.id = vg.group_id WHERE vg.view_id = ").value(view.getId()), prefix)
                    .sql(" GROUP BY k" + (depth + 1) + " ORDER BY SUM(vg.times_seen) DESC");
            @SuppressWarnings("unchecked")
            List<Object[]> values = distinct.query(em).setMaxResults(threshold + 1).getResultList();
            if (values.size() <= threshold) {
                JsonArrayBuilder children = JsonOut.BUILDERS.createArrayBuilder();
                for (Object[] value : values) {
                    JsonObjectBuilder child = JsonOut.BUILDERS.createObjectBuilder();
                    if (value[0] == null) {
                        child.addNull("value");
                    } else {
                        child.add("value", (String) value[0]);
                    }
                    child.add("groups", ((Number) value[1]).longValue()).add("events", ((Number) value[2]).longValue());
                    if (budget[0] > 0) {
                        List<String> next = new ArrayList<>(prefix);
                        next.add((String) value[0]);
                        child.add("breakdown", node(view, keys, next, budget));
                    }
                    children.add(child);
                }
                return JsonOut.BUILDERS.createObjectBuilder().add("key", keys.get(depth)).add("mode", "values")
                        .add("values", children).build();
            }
        }
        Sql top = where(new Sql("SELECT vg.id FROM view_group vg JOIN event_group g ON g.id = vg.group_id"
                + " WHERE vg.view_id = ").value(view.getId()), prefix)
                .sql(" ORDER BY vg.score DESC, vg.id DESC");
        JsonArrayBuilder groups = JsonOut.BUILDERS.createArrayBuilder();
        for (Object id : top.query(em).setMaxResults(LIST_SIZE).getResultList()) {
            groups.add(details.viewGroup(((Number) id).longValue(), keys));
        }
        JsonObjectBuilder list = JsonOut.BUILDERS.createObjectBuilder().add("mode", "groups");
        if (depth < keys.size()) {
            list.add("key", keys.get(depth));
        }
        return list.add("groups", groups).build();
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
