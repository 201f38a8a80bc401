package io.lookout.ui.groups;

import io.lookout.JsonFactories;
import io.lookout.Problem;
import io.lookout.alerts.Mutes;
import io.lookout.grouping.GroupStatus;
import io.lookout.query.GroupChange;
import io.lookout.query.GroupDetail;
import io.lookout.query.GroupDetails;
import io.lookout.query.GroupMergedInto;
import io.lookout.query.HourlyCount;
import io.lookout.query.Search;
import io.lookout.triage.Activities;
import io.lookout.triage.GroupActivity;
import io.lookout.triage.GroupRefs;
import io.lookout.triage.Merges;
import io.lookout.ui.Pages;
import io.lookout.ui.session.Messages;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.Serializable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** One group: summary, status actions, muting its alerts, hourly chart, tag distributions, latest events, time spent. */
@Named
@ViewScoped
public class GroupPage implements Serializable {

    private static final long serialVersionUID = 1L;
    static final int CHART_HOURS = 7 * 24;
    private static final Set<String> TIMED_TYPES = Set.of("query", "request");
    private static final DateTimeFormatter HOUR =
            DateTimeFormatter.ofPattern("MM-dd HH:00").withZone(ZoneOffset.UTC);

    @Inject
    private transient GroupDetails details;

    @Inject
    private transient Messages messages;

    @Inject
    private transient Mutes mutes;

    @Inject
    private transient Search search;

    @Inject
    private transient Merges merges;

    @Inject
    private transient io.lookout.triage.Triage triage;

    @Inject
    private transient io.lookout.query.EnvironmentCounts environmentCounts;

    /** The top bar's environment: with one chosen, the count and first/last seen are that environment's. */
    @Inject
    private io.lookout.ui.session.EnvironmentChoice environmentChoice;

    /** The environment's count of {@link #environmentCountOf}, read once per loaded group. */
    private io.lookout.query.EnvironmentCounts.GroupCount environmentCount;

    private GroupDetail environmentCountOf;

    private static final int HISTORY = 50;
    private static final int SIMILAR = 5;
    private List<Merges.SimilarGroup> similar;
    private String mergeGroups;
    private List<HistoryRow> history;
    private List<String> assignees;
    /** The assignee chosen in the selector; empty: nobody. */
    private String assignee;
    /** The comment being written. */
    private String comment;

    private Long project;
    private Long id;
    // the list the group was opened from (view, search, status, sort): only passed back to it
    private String listView;
    private String listQuery;
    private String listStatus;
    private String listSort;
    private GroupDetail group;

    public void load() throws IOException {
        if (project == null || id == null) {
            Pages.sendError(400, "error.missingParameter", project == null ? "project" : "id");
            return;
        }
        try {
            group = details.detail(project, id);
            assignee = group.assignee();
        } catch (GroupMergedInto merged) {
            // an alias: the group it was merged into
            FacesContext faces = FacesContext.getCurrentInstance();
            ExternalContext external = faces.getExternalContext();
            external.redirect(external.getRequestContextPath() + "/group.xhtml?project=" + project + "&id="
                    + merged.mergedInto());
            faces.responseComplete();
        } catch (Problem problem) {
            Pages.notFound("error.noGroup", String.valueOf(id));
        }
    }

    /** The groups to merge into this one, as the field holds them: ids or links, separated by spaces or commas. */
    public String getMergeGroups() {
        return mergeGroups;
    }

    public void setMergeGroups(String mergeGroups) {
        this.mergeGroups = mergeGroups;
    }

    /** Groups like this one (same type and culprit), offered for a merge. */
    public List<Merges.SimilarGroup> getSimilar() throws Problem {
        if (similar == null && group != null) {
            similar = merges.similar(project, id, SIMILAR);
        }
        return similar == null ? List.of() : similar;
    }

    /** Adds a similar group to the field. */
    public void add(long other) {
        String text = mergeGroups == null ? "" : mergeGroups.trim();
        mergeGroups = text.isEmpty() ? Long.toString(other) : text + ", " + other;
    }

    /** Merges the groups of the field into this one (docs/grouping.md, "Merge and split"). */
    public void merge() throws IOException {
        try {
            List<Long> ids = new ArrayList<>();
            ids.add(id);
            List<Long> others = GroupRefs.parse(id + " " + (mergeGroups == null ? "" : mergeGroups));
            ids.addAll(others.subList(1, others.size()));
            merges.merge(project, ids);
            messages.info("group.merge.done", ids.size() - 1);
            reload();
        } catch (Problem problem) {
            messages.problem("merging:mergeGroups", problem);
        }
    }

    /** The page again (every section changed: counts, chart, tags, latest events), the message kept. */
    private void reload() throws IOException {
        FacesContext faces = FacesContext.getCurrentInstance();
        ExternalContext external = faces.getExternalContext();
        external.getFlash().setKeepMessages(true);
        external.redirect(external.getRequestContextPath() + "/group.xhtml?project=" + project + "&id=" + id);
        faces.responseComplete();
    }

    /** Gives each group merged into this one its events back. */
    public void split() throws IOException {
        try {
            List<Long> split = merges.split(project, id);
            messages.info("group.split.done", split.size());
            reload();
        } catch (Problem problem) {
            messages.problem(null, problem);
        }
    }

    /**
     * An entry of the group's history, as the page writes it.
     *
     * @param id the entry's id (0 for first seen)
     * @param html a comment's Markdown, rendered safely (io.lookout.triage.Markdown); null for other kinds
     * @param own a comment the viewer wrote (or any comment, for an admin): it can be deleted
     */
    public record HistoryRow(long id, Instant at, String actor, String kind, String text, String html, boolean own)
            implements Serializable {}

    /** The group's history, newest first, in the page's language. */
    public List<HistoryRow> getHistory() throws Problem {
        if (history == null && group != null) {
            List<HistoryRow> rows = new ArrayList<>();
            String me = triage.actor();
            boolean admin = FacesContext.getCurrentInstance()
                    .getExternalContext()
                    .isUserInRole(io.lookout.security.Roles.ADMIN);
            for (GroupActivity entry : merges.activity(project, id, HISTORY)) {
                rows.add(new HistoryRow(
                        entry.id(),
                        entry.at(),
                        entry.actor() == null ? messages.get("group.history.system") : entry.actor(),
                        entry.kind(),
                        describe(entry),
                        entry.html(),
                        Activities.COMMENT.equals(entry.kind())
                                && (admin || java.util.Objects.equals(me, entry.actor()))));
            }
            history = rows;
        }
        return history == null ? List.of() : history;
    }

    /** Who may be assigned the group: admins and the project's members, by name. */
    public List<String> getAssignees() throws Problem {
        if (assignees == null && group != null) {
            assignees = triage.assignees(project);
        }
        return assignees == null ? List.of() : assignees;
    }

    public String getAssignee() {
        return assignee;
    }

    public void setAssignee(String assignee) {
        this.assignee = assignee;
    }

    public String getComment() {
        return comment;
    }

    public void setComment(String comment) {
        this.comment = comment;
    }

    /** Whether the group is assigned to the viewer. */
    public boolean isMine() {
        return group != null && group.assignee() != null && group.assignee().equals(triage.actor());
    }

    /** "Assign to me". */
    public void take() throws Problem {
        assign(triage.actor());
    }

    /** Assigns the group to the user chosen in the selector (none: unassigns). */
    public void assignChosen() throws Problem {
        assign(assignee == null || assignee.isBlank() ? null : assignee);
    }

    private void assign(String user) throws Problem {
        try {
            triage.change(project, id, GroupChange.assign(user));
            group = details.detail(project, id);
            assignee = group.assignee();
            history = null;
            if (user == null) {
                messages.info("group.unassigned");
            } else {
                messages.info("group.assignedTo", user);
            }
        } catch (Problem problem) {
            messages.problem(null, problem);
        }
    }

    /** Stars the group for the viewer, or takes the star away. */
    public void toggleBookmark() throws Problem {
        boolean on = !group.bookmarked();
        triage.bookmark(project, id, on);
        group = details.detail(project, id);
        messages.info(on ? "group.bookmarked" : "group.unbookmarked");
    }

    /** Adds the comment written in the box to the history. */
    public void addComment() throws Problem {
        try {
            triage.comment(project, id, comment);
            comment = null;
            history = null;
            messages.info("group.comment.done");
        } catch (Problem problem) {
            messages.problem("comments:comment", problem);
        }
    }

    /** Deletes one of the viewer's comments. */
    public void deleteComment(long entry) throws Problem {
        try {
            triage.deleteComment(project, id, entry);
            history = null;
            messages.info("group.comment.deleted");
        } catch (Problem problem) {
            messages.problem(null, problem);
        }
    }

    private String describe(GroupActivity entry) {
        JsonObject d = entry.details();
        long events = d.getJsonNumber("events") == null
                ? 0
                : d.getJsonNumber("events").longValue();
        String groups = d.containsKey("groups")
                ? d.getJsonArray("groups").stream()
                        .map(g -> "#" + g.asJsonObject().getJsonNumber("id"))
                        .collect(Collectors.joining(", "))
                : "";
        return switch (entry.kind()) {
            case Activities.MERGED ->
                d.containsKey("into")
                        ? messages.get("group.history.mergedInto", "#" + d.getJsonNumber("into"), events)
                        : messages.get("group.history.merged", groups, events);
            case Activities.SPLIT ->
                d.containsKey("from")
                        ? messages.get("group.history.splitFrom", "#" + d.getJsonNumber("from"), events)
                        : messages.get("group.history.split", groups, events);
            case Activities.STATUS ->
                d.containsKey("release")
                        ? messages.get(
                                "group.history.statusInRelease",
                                messages.get("status." + d.getString("from", "unresolved")),
                                GroupChange.NEXT_RELEASE.equals(d.getString("release"))
                                        ? messages.get("group.release.nextRelease")
                                        : d.getString("release"))
                        : messages.get(
                                "group.history.status",
                                messages.get("status." + d.getString("from", "unresolved")),
                                messages.get("status." + d.getString("to", "unresolved")));
            case Activities.ASSIGNED -> {
                String to = d.get("to") instanceof jakarta.json.JsonString name ? name.getString() : null;
                yield to == null
                        ? messages.get("group.history.unassigned")
                        : messages.get("group.history.assigned", to);
            }
            case Activities.REGRESSION ->
                d.containsKey("release")
                        ? messages.get("group.history.regressionInRelease", d.getString("release"))
                        : messages.get("group.history.regression");
            case Activities.FIRST_SEEN -> messages.get("group.history.firstSeen");
            case Activities.COMMENT -> messages.get("group.history.comment");
            case Activities.REGROUPED ->
                messages.get(
                        "group.history.regrouped",
                        d.getJsonNumber("job") == null
                                ? 0
                                : d.getJsonNumber("job").longValue(),
                        events);
            default -> entry.kind() + " " + d;
        };
    }

    /** Live refresh: the counts, status and latest events again; a group gone meanwhile keeps what was shown. */
    public void refresh() {
        if (group == null) {
            return;
        }
        try {
            group = details.detail(project, id);
        } catch (Problem problem) {
            // deleted by retention since the page was opened: the next load says so
        }
    }

    public void resolve() throws Problem {
        setStatus(GroupStatus.RESOLVED, "group.resolved");
    }

    /** The release typed in for "resolve in release X". */
    private String resolveRelease;

    public String getResolveRelease() {
        return resolveRelease;
    }

    public void setResolveRelease(String resolveRelease) {
        this.resolveRelease = resolveRelease;
    }

    /** Resolves the group in the next release: an event of a release newer than the newest now reopens it. */
    public void resolveInNextRelease() throws Problem {
        triage.change(project, id, GroupChange.resolveIn(GroupChange.NEXT_RELEASE));
        group = details.detail(project, id);
        history = null;
        messages.info("group.resolvedInNext");
    }

    /** Resolves the group in the release typed in: an event of a newer release reopens it. */
    public void resolveInRelease() throws Problem {
        String release = resolveRelease == null ? "" : resolveRelease.strip();
        if (release.isEmpty() || release.length() > 200 || GroupChange.NEXT_RELEASE.equals(release)) {
            messages.error(null, messages.get("group.release.invalid"));
            return;
        }
        triage.change(project, id, GroupChange.resolveIn(release));
        group = details.detail(project, id);
        history = null;
        resolveRelease = null;
        messages.info("group.resolvedInRelease", release);
    }

    public void ignore() throws Problem {
        setStatus(GroupStatus.IGNORED, "group.ignored");
    }

    public void reopen() throws Problem {
        setStatus(GroupStatus.UNRESOLVED, "group.reopened");
    }

    private void setStatus(GroupStatus status, String confirmation) throws Problem {
        triage.change(project, id, GroupChange.status(status));
        group = details.detail(project, id);
        history = null;
        messages.info(confirmation);
    }

    /**
     * Mutes the group's alerts for a while (0: unmutes). Like the status actions, members may: the
     * group stays unresolved and keeps counting, only its notifications are suppressed.
     */
    public void mute(long minutes) throws Problem {
        search.readable(project);
        java.time.OffsetDateTime until = mutes.mute(project, id, minutes);
        group = details.detail(project, id);
        if (until == null) {
            messages.info("group.unmuted");
        } else {
            messages.info("group.mutedUntil", io.lookout.ui.Formats.TIME.format(until.toInstant()));
        }
    }

    /** Until when the group's alerts are muted; null when they are not (or no longer). */
    public Instant getMutedUntil() {
        Instant until = group == null ? null : group.mutedUntil();
        return until != null && until.isAfter(Instant.now()) ? until : null;
    }

    public boolean isTimed() {
        return group != null
                && (TIMED_TYPES.contains(group.type()) || group.timeSpent().count() > 0);
    }

    /** A key's distribution as rows: value, count, share of the group's events; null values last. */
    public record TagRow(String value, boolean nullValue, long count, int percent) implements Serializable {}

    public record TagDistribution(String key, long distinctValues, boolean highCardinality, List<TagRow> values)
            implements Serializable {}

    public List<TagDistribution> getTags() {
        List<TagDistribution> tags = new ArrayList<>();
        if (group == null) {
            return tags;
        }
        long total = Math.max(1, group.count());
        for (Map.Entry<String, GroupDetail.TagDistribution> entry : group.tags().entrySet()) {
            GroupDetail.TagDistribution tag = entry.getValue();
            List<TagRow> rows = new ArrayList<>();
            for (GroupDetail.TagValueCount value :
                    tag.values() == null ? List.<GroupDetail.TagValueCount>of() : tag.values()) {
                rows.add(new TagRow(
                        value.value(), false, value.count(), (int) Math.round(100.0 * value.count() / total)));
            }
            long nulls = tag.nullCount();
            if (nulls > 0 && !tag.highCardinality()) {
                rows.add(new TagRow(null, true, nulls, (int) Math.round(100.0 * nulls / total)));
            }
            tags.add(new TagDistribution(entry.getKey(), tag.distinctValues(), tag.highCardinality(), rows));
        }
        return tags;
    }

    /** The hourly counts of the last 7 days as a Chart.js bar chart (labels and numbers only). */
    public String getChart() {
        if (group == null) {
            return "{}";
        }
        Instant since = OffsetDateTime.now(ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.HOURS)
                .minusHours(CHART_HOURS - 1)
                .toInstant();
        long[] counts = new long[CHART_HOURS];
        for (HourlyCount hour : group.hourly()) {
            long index = ChronoUnit.HOURS.between(since, hour.hour());
            if (index >= 0 && index < CHART_HOURS) {
                counts[(int) index] += hour.count();
            }
        }
        JsonArrayBuilder labels = JsonFactories.BUILDERS.createArrayBuilder();
        JsonArrayBuilder data = JsonFactories.BUILDERS.createArrayBuilder();
        for (int i = 0; i < CHART_HOURS; i++) {
            labels.add(HOUR.format(since.plus(i, ChronoUnit.HOURS)));
            data.add(counts[i]);
        }
        return JsonFactories.BUILDERS
                .createObjectBuilder()
                .add("type", "bar")
                .add(
                        "data",
                        JsonFactories.BUILDERS
                                .createObjectBuilder()
                                .add("labels", labels)
                                .add(
                                        "datasets",
                                        JsonFactories.BUILDERS
                                                .createArrayBuilder()
                                                .add(JsonFactories.BUILDERS
                                                        .createObjectBuilder()
                                                        .add("label", messages.get("common.events"))
                                                        .add("data", data)
                                                        .add("backgroundColor", "#3b82f6")
                                                        .add("barPercentage", 1.0)
                                                        .add("categoryPercentage", 1.0))))
                .add(
                        "options",
                        JsonFactories.BUILDERS
                                .createObjectBuilder()
                                .add("animation", false)
                                .add("maintainAspectRatio", false)
                                .add(
                                        "plugins",
                                        JsonFactories.BUILDERS
                                                .createObjectBuilder()
                                                .add(
                                                        "legend",
                                                        JsonFactories.BUILDERS
                                                                .createObjectBuilder()
                                                                .add("display", false)))
                                .add(
                                        "scales",
                                        JsonFactories.BUILDERS
                                                .createObjectBuilder()
                                                .add(
                                                        "x",
                                                        JsonFactories.BUILDERS
                                                                .createObjectBuilder()
                                                                .add(
                                                                        "ticks",
                                                                        JsonFactories.BUILDERS
                                                                                .createObjectBuilder()
                                                                                .add("maxTicksLimit", 14)
                                                                                .add("autoSkip", true)))
                                                .add(
                                                        "y",
                                                        JsonFactories.BUILDERS
                                                                .createObjectBuilder()
                                                                .add("beginAtZero", true)
                                                                .add(
                                                                        "ticks",
                                                                        JsonFactories.BUILDERS
                                                                                .createObjectBuilder()
                                                                                .add("precision", 0)))))
                .build()
                .toString();
    }

    /** The environment chosen in the top bar; null: all. */
    public String getEnvironment() {
        return environmentChoice.getSelected();
    }

    /** The group's events of the chosen environment; null when none is chosen. */
    public io.lookout.query.EnvironmentCounts.GroupCount getEnvironmentCount() {
        String environment = getEnvironment();
        if (environment == null || group == null || project == null || id == null) {
            return null;
        }
        if (environmentCountOf != group || environmentCount == null) {
            environmentCount = environmentCounts.group(project, id, environment);
            environmentCountOf = group;
        }
        return environmentCount;
    }

    public GroupDetail getGroup() {
        return group;
    }

    public Long getProject() {
        return project;
    }

    public void setProject(Long project) {
        this.project = project;
    }

    public Long getId() {
        return id;
    }

    public void setId(Long id) {
        this.id = id;
    }

    public String getListView() {
        return listView;
    }

    public void setListView(String listView) {
        this.listView = listView;
    }

    public String getListQuery() {
        return listQuery;
    }

    public void setListQuery(String listQuery) {
        this.listQuery = listQuery;
    }

    public String getListStatus() {
        return listStatus;
    }

    public void setListStatus(String listStatus) {
        this.listStatus = listStatus;
    }

    public String getListSort() {
        return listSort;
    }

    public void setListSort(String listSort) {
        this.listSort = listSort;
    }
}
