package io.lookout.ui.dashboard;

import io.lookout.Problem;
import io.lookout.grouping.GroupStatus;
import io.lookout.project.Projects;
import io.lookout.query.Dashboard;
import io.lookout.query.DashboardBreakdown;
import io.lookout.query.GroupRows;
import io.lookout.query.GroupSummary;
import io.lookout.query.HourlyCount;
import io.lookout.query.Overview;
import io.lookout.query.ProjectSummary;
import io.lookout.quota.QuotaHour;
import io.lookout.quota.Quotas;
import io.lookout.ui.Pages;
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
import java.util.List;
import java.util.Map;

/**
 * The landing page: each project the user may read, then its event types, then its views with the
 * dashboard's breakdown (by value for keys with few values, the top groups otherwise), each row
 * with its counts and a 24-hour sparkline; a project whose quota dropped or counted only events in
 * the past 24 hours shows them per hour.
 */
@Named
@ViewScoped
public class DashboardPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    private transient Overview overview;

    @Inject
    private transient Dashboard dashboard;

    /** The DSN: members see it too, to send their project's first events (its key is not a secret from them). */
    @Inject
    private transient Projects projectStore;

    @Inject
    private transient Quotas quotas;

    @Inject
    private transient io.lookout.query.EnvironmentCounts environmentCounts;

    /** The top bar's environment: with one chosen, the projects' and types' counts are that environment's. */
    @Inject
    private io.lookout.ui.session.EnvironmentChoice environmentChoice;

    /** The environment the counts were filtered by when last loaded; null: all. */
    private String environment;

    private List<ProjectSection> projects = List.of();

    /** An hour in which the project's quota dropped events (429) or counted them only (past the group cap). */
    public record QuotaRow(String hour, long dropped, long countedOnly) implements Serializable {}

    /** A row of the landing page: a type, a breakdown value or a group, indented by depth. */
    public record Row(
            int depth,
            String kind,
            String label,
            boolean nullValue,
            long groups,
            long events,
            String spark,
            GroupStatus status,
            String href,
            Long users)
            implements Serializable {}

    public record ViewSection(
            String name,
            String slug,
            String keys,
            String backfillState,
            long backfillDone,
            long backfillTotal,
            long events,
            String spark,
            List<Row> rows)
            implements Serializable {}

    public record ProjectSection(
            long id,
            String slug,
            String name,
            String dsn,
            long groups,
            long events,
            String spark,
            List<Row> types,
            List<ViewSection> views,
            List<QuotaRow> quotaHours,
            long dropped,
            long countedOnly)
            implements Serializable {}

    public void load() throws Problem {
        environment = environmentChoice.getSelected();
        List<ProjectSection> sections = new ArrayList<>();
        for (ProjectSummary project : overview.projects()) {
            List<io.lookout.views.View> projectViews = this.views.list(project.id());
            DashboardBreakdown breakdown = dashboard.dashboard(project.id(), projectViews, GroupRows.SPARK_HOURS);
            Map<String, long[]> typeSparks = overview.typeSparklines(project.id());
            Map<String, Long> viewIds = new java.util.HashMap<>();
            projectViews.forEach(view -> viewIds.put(view.getSlug(), view.getId()));
            // the keys' values have sparklines where the breakdown shows them, at every depth: per view, how many keys
            // deep
            Map<Long, Integer> keysShown = new java.util.HashMap<>();
            for (DashboardBreakdown.ViewBreakdown view : breakdown.views()) {
                int depth = valueDepth(view.breakdown());
                if (depth > 0 && viewIds.containsKey(view.slug())) {
                    keysShown.put(viewIds.get(view.slug()), depth);
                }
            }
            Overview.ViewSparklines viewSparks = overview.viewSparklines(projectViews, typeSparks, keysShown);
            List<Row> types = new ArrayList<>();
            // the project's (non-ignored) groups are those of its types: its counts and sparkline are theirs added up
            long projectGroups = 0;
            long projectEvents = 0;
            long[] projectSpark = new long[GroupRows.SPARK_HOURS];
            // with an environment chosen, a type's groups and events are those of the environment
            // (exact: each group's count per environment is kept); its sparkline stays all environments
            List<DashboardBreakdown.TypeCount> typeCounts = environment == null
                    ? breakdown.types()
                    : List.copyOf(
                            environmentCounts.types(project.id(), environment).values());
            for (DashboardBreakdown.TypeCount type : typeCounts) {
                projectGroups += type.groups();
                projectEvents += type.events();
                types.add(new Row(
                        0,
                        "type",
                        type.type(),
                        false,
                        type.groups(),
                        type.events(),
                        Sparkline.points(typeSparks.get(type.type())),
                        null,
                        "groups.xhtml?project=" + project.id() + "&q=" + Pages.encode("type:" + type.type()),
                        null));
            }
            typeSparks.values().forEach(hours -> add(projectSpark, hours));
            List<ViewSection> views = new ArrayList<>();
            for (DashboardBreakdown.ViewBreakdown view : breakdown.views()) {
                List<Row> rows = new ArrayList<>();
                long viewId = viewIds.getOrDefault(view.slug(), -1L);
                flatten(
                        project.id(),
                        view.slug(),
                        view.keys(),
                        view.breakdown(),
                        0,
                        new ArrayList<>(),
                        rows,
                        viewSparks.values().getOrDefault(viewId, Map.of()));
                long[] spark = viewSparks.views().get(viewId);
                views.add(new ViewSection(
                        view.name(),
                        view.slug(),
                        String.join(", ", view.keys()),
                        view.backfill().state(),
                        view.backfill().done(),
                        view.backfill().total(),
                        Sparkline.total(spark),
                        Sparkline.points(spark),
                        rows));
            }
            List<QuotaRow> quotaHours = new ArrayList<>();
            long dropped = 0;
            long countedOnly = 0;
            for (QuotaHour hour : quotas.lastDay(project.id())) {
                quotaHours.add(new QuotaRow(hour.hour(), hour.dropped(), hour.countedOnly()));
                dropped += hour.dropped();
                countedOnly += hour.countedOnly();
            }
            sections.add(new ProjectSection(
                    project.id(),
                    project.slug(),
                    project.name(),
                    projectStore.find(project.id()).map(projectStore::dsn).orElse(null),
                    projectGroups,
                    projectEvents,
                    Sparkline.points(projectSpark),
                    types,
                    views,
                    quotaHours,
                    dropped,
                    countedOnly));
        }
        projects = sections;
    }

    /** Live refresh. */
    public void refresh() throws Problem {
        load();
    }

    @Inject
    private transient io.lookout.views.Views views;

    private void flatten(
            long projectId,
            String slug,
            List<String> keys,
            DashboardBreakdown.BreakdownNode node,
            int depth,
            List<String> prefix,
            List<Row> rows,
            Map<List<String>, long[]> valueSparks) {
        if (node instanceof DashboardBreakdown.ByValue byValue) {
            String key = byValue.key();
            for (DashboardBreakdown.BreakdownValue value : byValue.values()) {
                String text = value.value();
                List<String> next = new ArrayList<>(prefix);
                next.add(text);
                StringBuilder query = new StringBuilder();
                for (int i = 0; i < next.size(); i++) {
                    query.append(i == 0 ? "" : " ").append(Pages.term(keys.get(i), next.get(i)));
                }
                // a value with no hours in the last 24 hours has none in the map: a flat line
                String spark = Sparkline.points(valueSparks.get(next));
                rows.add(new Row(
                        depth,
                        "value",
                        key + ": " + (text == null ? "" : text),
                        text == null,
                        value.groups(),
                        value.events(),
                        spark,
                        null,
                        "groups.xhtml?project=" + projectId + "&view=" + Pages.encode(slug) + "&q="
                                + Pages.encode(query.toString()),
                        null));
                flatten(projectId, slug, keys, value.breakdown(), depth + 1, next, rows, valueSparks);
            }
        } else if (node instanceof DashboardBreakdown.TopGroups top) {
            for (GroupSummary group : top.groups()) {
                rows.add(new Row(
                        depth,
                        "group",
                        group.message(),
                        false,
                        1,
                        group.count(),
                        Sparkline.points(last24Hours(group.hourly())),
                        group.status(),
                        "group.xhtml?project=" + projectId + "&id=" + group.groupId(),
                        group.users()));
            }
        }
    }

    /** How many keys deep a breakdown shows values (0: it shows a list of groups, or nothing). */
    static int valueDepth(DashboardBreakdown.BreakdownNode node) {
        if (!(node instanceof DashboardBreakdown.ByValue byValue)) {
            return 0;
        }
        int below = 0;
        for (DashboardBreakdown.BreakdownValue value : byValue.values()) {
            below = Math.max(below, valueDepth(value.breakdown()));
        }
        return 1 + below;
    }

    static long[] last24Hours(List<HourlyCount> hourly) {
        long[] slots = new long[GroupRows.SPARK_HOURS];
        Instant since = OffsetDateTime.now(ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.HOURS)
                .minusHours(GroupRows.SPARK_HOURS - 1)
                .toInstant();
        for (HourlyCount hour : hourly) {
            long index = ChronoUnit.HOURS.between(since, hour.hour());
            if (index >= 0 && index < slots.length) {
                slots[(int) index] += hour.count();
            }
        }
        return slots;
    }

    static void add(long[] total, long[] hours) {
        for (int i = 0; i < total.length && i < hours.length; i++) {
            total[i] += hours[i];
        }
    }

    /** The environment the counts are filtered by; null: all environments. */
    public String getEnvironment() {
        return environment;
    }

    public List<ProjectSection> getProjects() {
        return projects;
    }
}
