package io.lookout.ui.dashboard;

import static io.lookout.ui.Plain.asList;
import static io.lookout.ui.Plain.asMap;

import io.lookout.Problem;
import io.lookout.query.Dashboard;
import io.lookout.query.GroupRows;
import io.lookout.query.Overview;
import io.lookout.ui.Pages;
import io.lookout.ui.Plain;
import io.lookout.ui.Sparkline;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The landing page: each project the user may read, then its event types, then its views with the
 * dashboard's breakdown (by value for keys with few values, the top groups otherwise), each row
 * with its counts and a 24-hour sparkline.
 */
@Named
@ViewScoped
public class DashboardPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    private transient Overview overview;

    @Inject
    private transient Dashboard dashboard;

    private List<ProjectSection> projects = List.of();

    /** A row of the landing page: a type, a breakdown value or a group, indented by depth. */
    public record Row(int depth, String kind, String label, boolean nullValue, long groups, long events, String spark,
            String status, String href) implements Serializable {
    }

    public record ViewSection(String name, String slug, String keys, String backfillState, long backfillDone,
            long backfillTotal, long events, String spark, List<Row> rows) implements Serializable {
    }

    public record ProjectSection(long id, String slug, String name, long groups, long events, String spark,
            List<Row> types, List<ViewSection> views) implements Serializable {
    }

    public void load() throws Problem {
        List<ProjectSection> sections = new ArrayList<>();
        for (Overview.ProjectRow project : overview.projects()) {
            List<io.lookout.views.View> projectViews = this.views.list(project.id());
            Map<String, Object> json = Plain.map(dashboard.dashboard(project.id(), projectViews, GroupRows.SPARK_HOURS));
            Map<String, long[]> typeSparks = overview.typeSparklines(project.id());
            Map<String, Long> viewIds = new java.util.HashMap<>();
            projectViews.forEach(view -> viewIds.put(view.getSlug(), view.getId()));
            // the first key's values have sparklines only where the breakdown shows them
            Set<Long> valuesShown = new HashSet<>();
            for (Object item : asList(json.get("views"))) {
                Map<String, Object> view = asMap(item);
                Map<String, Object> breakdown = asMap(view.get("breakdown"));
                if (breakdown != null && "values".equals(breakdown.get("mode")) && viewIds.containsKey(view.get("slug"))) {
                    valuesShown.add(viewIds.get(view.get("slug")));
                }
            }
            Overview.ViewSparklines viewSparks = overview.viewSparklines(projectViews, typeSparks, valuesShown);
            List<Row> types = new ArrayList<>();
            // the project's (non-ignored) groups are those of its types: its counts and sparkline are theirs added up
            long projectGroups = 0;
            long projectEvents = 0;
            long[] projectSpark = new long[GroupRows.SPARK_HOURS];
            for (Object item : asList(json.get("types"))) {
                Map<String, Object> type = asMap(item);
                String name = (String) type.get("type");
                projectGroups += number(type.get("groups"));
                projectEvents += number(type.get("events"));
                types.add(new Row(0, "type", name, false, number(type.get("groups")), number(type.get("events")),
                        Sparkline.points(typeSparks.get(name)), null,
                        "groups.xhtml?project=" + project.id() + "&q=" + Pages.encode("type:" + name)));
            }
            typeSparks.values().forEach(hours -> add(projectSpark, hours));
            List<ViewSection> views = new ArrayList<>();
            for (Object item : asList(json.get("views"))) {
                Map<String, Object> view = asMap(item);
                String slug = (String) view.get("slug");
                List<String> keys = asList(view.get("keys")).stream().map(String::valueOf).toList();
                List<Row> rows = new ArrayList<>();
                long viewId = viewIds.getOrDefault(slug, -1L);
                flatten(project.id(), slug, keys, asMap(view.get("breakdown")), 0, new ArrayList<>(), rows,
                        viewSparks.firstKeyValues().getOrDefault(viewId, Map.of()));
                Map<String, Object> backfill = asMap(view.get("backfill"));
                long[] spark = viewSparks.views().get(viewId);
                views.add(new ViewSection((String) view.get("name"), slug, String.join(", ", keys),
                        (String) backfill.get("state"), number(backfill.get("done")), number(backfill.get("total")),
                        Sparkline.total(spark), Sparkline.points(spark), rows));
            }
            sections.add(new ProjectSection(project.id(), project.slug(), project.name(), projectGroups, projectEvents,
                    Sparkline.points(projectSpark), types, views));
        }
        projects = sections;
    }

    /** Live refresh. */
    public void refresh() throws Problem {
        load();
    }

    @Inject
    private transient io.lookout.views.Views views;

    private void flatten(long projectId, String slug, List<String> keys, Map<String, Object> node, int depth,
            List<String> prefix, List<Row> rows, Map<String, long[]> firstKeySparks) {
        if (node == null) {
            return;
        }
        if ("values".equals(node.get("mode"))) {
            String key = (String) node.get("key");
            for (Object item : asList(node.get("values"))) {
                Map<String, Object> value = asMap(item);
                String text = (String) value.get("value");
                List<String> next = new ArrayList<>(prefix);
                next.add(text);
                StringBuilder query = new StringBuilder();
                for (int i = 0; i < next.size(); i++) {
                    query.append(i == 0 ? "" : " ").append(Pages.term(keys.get(i), next.get(i)));
                }
                String spark = depth == 0 ? Sparkline.points(firstKeySparks.get(text == null ? "" : text)) : null;
                rows.add(new Row(depth, "value", key + ": " + (text == null ? "" : text), text == null,
                        number(value.get("groups")), number(value.get("events")), spark, null,
                        "groups.xhtml?project=" + projectId + "&view=" + Pages.encode(slug) + "&q=" + Pages.encode(query.toString())));
                flatten(projectId, slug, keys, asMap(value.get("breakdown")), depth + 1, next, rows, firstKeySparks);
            }
        } else {
            for (Object item : asList(node.get("groups"))) {
                Map<String, Object> group = asMap(item);
                rows.add(new Row(depth, "group", (String) group.get("message"), false, 1, number(group.get("count")),
                        Sparkline.points(last24Hours(asList(group.get("hourly")))), (String) group.get("status"),
                        "group.xhtml?project=" + projectId + "&id=" + number(group.get("groupId"))));
            }
        }
    }

    static long[] last24Hours(List<Object> hourly) {
        long[] slots = new long[GroupRows.SPARK_HOURS];
        Instant since = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS)
                .minusHours(GroupRows.SPARK_HOURS - 1).toInstant();
        for (Object item : hourly) {
            Map<String, Object> hour = asMap(item);
            long index = ChronoUnit.HOURS.between(since, Instant.parse((String) hour.get("hour")));
            if (index >= 0 && index < slots.length) {
                slots[(int) index] += number(hour.get("count"));
            }
        }
        return slots;
    }



    static void add(long[] total, long[] hours) {
        for (int i = 0; i < total.length && i < hours.length; i++) {
            total[i] += hours[i];
        }
    }

    static long number(Object value) {
        return value instanceof Number number ? number.longValue() : 0;
    }

    public List<ProjectSection> getProjects() {
        return projects;
    }
}
