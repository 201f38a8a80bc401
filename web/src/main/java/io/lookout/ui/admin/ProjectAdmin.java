package io.lookout.ui.admin;

import io.lookout.Problem;
import io.lookout.grouping.RulesPreview;
import io.lookout.project.Project;
import io.lookout.project.ProjectGroupingRules;
import io.lookout.project.ProjectMembers;
import io.lookout.project.ProjectSettings;
import io.lookout.project.Projects;
import io.lookout.project.QuotaSettings;
import io.lookout.project.SettingsChange;
import io.lookout.quota.ProjectQuota;
import io.lookout.quota.QuotaInfo;
import io.lookout.scrubbing.ScrubCounts;
import io.lookout.scrubbing.ScrubbingRules;
import io.lookout.security.Roles;
import io.lookout.security.UserInfo;
import io.lookout.security.Users;
import io.lookout.ui.Pages;
import io.lookout.ui.session.Messages;
import io.lookout.views.View;
import io.lookout.views.ViewInfo;
import io.lookout.views.ViewSpec;
import io.lookout.views.Views;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.SecurityContext;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * One project's administration page, {@code /admin/project.xhtml?project=N} (admins only, also by
 * web.xml): its key and DSN (and a new key), its members, retention and filterable data keys,
 * scrubbing of secrets (with the count of scrubbed values), its quota (with the drops per hour) and its views. Every action applies to
 * the project of the page's address, and only to it.
 */
@Named
@ViewScoped
public class ProjectAdmin implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    private transient Projects projects;

    @Inject
    private transient ProjectSettings settings;

    @Inject
    private transient Views views;

    @Inject
    private transient ProjectMembers members;

    @Inject
    private transient Users users;

    @Inject
    private transient ScrubCounts scrubCounts;

    @Inject
    private transient SecurityContext security;

    @Inject
    private transient Messages messages;

    @Inject
    private transient ProjectGroupingRules ruleSettings;

    @Inject
    private transient RulesPreview preview;

    @Inject
    private transient Feedback feedback;

    @Inject
    private transient ProjectQuota quotas;

    private Long project;
    private String name;
    private String slug;
    private String publicKey;
    private String dsn;
    private int retentionDays;
    private String filterableKeys;
    private List<ViewInfo> viewRows = List.of();
    private boolean scrubEnabled;
    private String scrubSensitiveKeys;
    private String scrubSafeKeys;
    private boolean scrubKeepIpAddresses;
    private long scrubbedValues;
    private List<String> memberNames = List.of();
    private List<String> memberCandidates = List.of();

    private String groupingRules;
    private RulesPreview.Preview rulesPreview;

    private QuotaInfo quota;
    private String quotaPerMinute;
    private String quotaPerDay;
    private String quotaSpikeFactor;

    private String memberToAdd;
    private String newViewName;
    private String newViewTypes;
    private String newViewKeys;

    /** Opens the page: 400 without a project in the address, 404 for one that does not exist. */
    public void load() throws IOException, Problem {
        requireAdmin();
        if (project == null) {
            Pages.sendError(400, "error.missingParameter", "project");
            return;
        }
        if (!refresh()) {
            Pages.notFound("error.noProject", String.valueOf(project));
        }
    }

    /** Reads the page's project again; false when it does not exist. */
    private boolean refresh() throws Problem {
        Optional<Project> found = projects.find(project);
        if (found.isEmpty()) {
            return false;
        }
        Project p = found.get();
        name = p.getName();
        slug = p.getSlug();
        publicKey = p.getPublicKey();
        dsn = projects.dsn(p);
        retentionDays = p.getRetentionDays();
        filterableKeys = String.join(", ", p.getFilterableDataKeys());
        ScrubbingRules scrubbing = p.getScrubbing();
        scrubEnabled = scrubbing.enabled();
        scrubSensitiveKeys = String.join(", ", scrubbing.extraSensitiveKeys());
        scrubSafeKeys = String.join(", ", scrubbing.safeKeys());
        scrubKeepIpAddresses = scrubbing.keepIpAddresses();
        scrubbedValues = scrubCounts.count(project);
        groupingRules = p.getGroupingRules() == null ? "" : p.getGroupingRules();
        quota = quotas.get(project);
        quotaPerMinute =
                quota.eventsPerMinute() == null ? "" : quota.eventsPerMinute().toString();
        quotaPerDay = quota.eventsPerDay() == null ? "" : quota.eventsPerDay().toString();
        quotaSpikeFactor = quota.spikeFactor() == null ? "" : number(quota.spikeFactor());
        viewRows = views.list(project).stream().map(Views::describe).toList();
        memberNames = members.list(project);
        memberCandidates = users.list().stream()
                .map(UserInfo::username)
                .filter(username -> !memberNames.contains(username))
                .toList();
        return true;
    }

    public void saveSettings() throws Problem {
        requireAdmin();
        try {
            settings.update(project, SettingsChange.of(retentionDays, Pages.split(filterableKeys), null));
            feedback.info("settings", "admin.saved");
        } catch (Problem problem) {
            feedback.problem("settings", problem);
        }
        refresh();
    }

    /** Saves the quota settings; a blank field takes the server's default. */
    public void saveQuota() throws Problem {
        requireAdmin();
        try {
            quotas.save(
                    project,
                    new QuotaSettings(
                            ProjectQuota.events(ProjectQuota.PER_MINUTE, quotaPerMinute),
                            ProjectQuota.events(ProjectQuota.PER_DAY, quotaPerDay),
                            ProjectQuota.factor(ProjectQuota.SPIKE_FACTOR, quotaSpikeFactor)));
            feedback.info("quota", "admin.saved");
        } catch (Problem problem) {
            feedback.problem("quota", problem);
        }
        refresh();
    }

    public QuotaInfo getQuota() {
        return quota;
    }

    public String getQuotaPerMinute() {
        return quotaPerMinute;
    }

    public void setQuotaPerMinute(String quotaPerMinute) {
        this.quotaPerMinute = quotaPerMinute;
    }

    public String getQuotaPerDay() {
        return quotaPerDay;
    }

    public void setQuotaPerDay(String quotaPerDay) {
        this.quotaPerDay = quotaPerDay;
    }

    public String getQuotaSpikeFactor() {
        return quotaSpikeFactor;
    }

    public void setQuotaSpikeFactor(String quotaSpikeFactor) {
        this.quotaSpikeFactor = quotaSpikeFactor;
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** What the rules in the field would do to the project's events of the last 7 days; saves nothing. */
    public void previewRules() throws Problem {
        requireAdmin();
        rulesPreview = null;
        try {
            rulesPreview = preview.preview(
                    project,
                    new RulesPreview.Request(
                            groupingRules == null ? "" : groupingRules,
                            RulesPreview.DEFAULT_DAYS,
                            RulesPreview.DEFAULT_LIMIT));
        } catch (Problem problem) {
            feedback.problem("rules", problem);
        }
    }

    /** Saves the rules in the field; new events follow them, stored ones keep their groups. */
    public void saveRules() throws Problem {
        requireAdmin();
        String text = groupingRules == null ? "" : groupingRules;
        try {
            ruleSettings.save(project, text);
            feedback.info("rules", "admin.rules.saved");
        } catch (Problem problem) {
            feedback.problem("rules", problem);
            return; // the field keeps what the admin wrote
        }
        refresh();
    }

    public String getGroupingRules() {
        return groupingRules;
    }

    public void setGroupingRules(String groupingRules) {
        this.groupingRules = groupingRules;
    }

    public RulesPreview.Preview getRulesPreview() {
        return rulesPreview;
    }

    /** Scrubbing on or off, the project's extra sensitive keys and safe keys, client IP addresses kept or not. */
    public void saveScrubbing() throws Problem {
        requireAdmin();
        try {
            settings.update(
                    project,
                    SettingsChange.of(
                            null,
                            null,
                            SettingsChange.ScrubbingChange.of(
                                    scrubEnabled,
                                    Pages.split(scrubSensitiveKeys),
                                    Pages.split(scrubSafeKeys),
                                    scrubKeepIpAddresses)));
            feedback.info("scrubbing", "admin.saved");
        } catch (Problem problem) {
            feedback.problem("scrubbing", problem);
        }
        refresh();
    }

    public void createView() throws Problem {
        requireAdmin();
        List<String> types = Pages.split(newViewTypes);
        try {
            View view = views.create(
                    project,
                    ViewSpec.of(
                            newViewName == null ? "" : newViewName,
                            null,
                            types.isEmpty() ? null : types,
                            Pages.split(newViewKeys),
                            null));
            feedback.info("views", "admin.views.created", view.getName());
            newViewName = null;
            newViewTypes = null;
            newViewKeys = null;
        } catch (Problem problem) {
            feedback.problem("views", problem);
        }
        refresh();
    }

    public void deleteView(String viewSlug) throws Problem {
        requireAdmin();
        try {
            views.delete(project, viewSlug);
            feedback.info("views", "admin.views.deleted", viewSlug);
        } catch (Problem problem) {
            feedback.problem("views", problem);
        }
        refresh();
    }

    /** A view's backfill in words, its numbers in the page's language ("Backfilled: 4,076 of 4,076 events"). */
    public String backfill(ViewInfo view) {
        ViewInfo.BackfillProgress progress = view.backfill();
        return messages.get("admin.views.backfill." + progress.state(), progress.done(), progress.total());
    }

    /** A new public key for the project; senders with the old one are refused from now on. */
    public void rotateKey() throws Problem {
        requireAdmin();
        projects.rotateKey(project);
        feedback.info("key", "admin.key.rotated");
        refresh();
    }

    public void addMember() throws Problem {
        requireAdmin();
        if (memberToAdd == null || memberToAdd.isBlank()) {
            feedback.error("members", "admin.members.choose");
            return;
        }
        try {
            members.add(project, memberToAdd);
            feedback.info("members", "admin.members.added", memberToAdd, name);
            memberToAdd = null;
        } catch (Problem problem) {
            feedback.problem("members", problem);
        }
        refresh();
    }

    public void removeMember(String username) throws Problem {
        requireAdmin();
        try {
            members.remove(project, username);
            feedback.info("members", "admin.members.removed", username, name);
        } catch (Problem problem) {
            feedback.problem("members", problem);
        }
        refresh();
    }

    /** The DSN of the Sentry SDKs: {@code lookout.public-url} with the project's key and id. */
    public String getDsn() {
        return dsn;
    }

    private void requireAdmin() throws Problem {
        if (!security.isCallerInRole(Roles.ADMIN)) {
            throw Problem.notFound("administration");
        }
    }

    public Long getProject() {
        return project;
    }

    public void setProject(Long project) {
        this.project = project;
    }

    public String getName() {
        return name;
    }

    public String getSlug() {
        return slug;
    }

    public String getPublicKey() {
        return publicKey;
    }

    public int getRetentionDays() {
        return retentionDays;
    }

    public void setRetentionDays(int retentionDays) {
        this.retentionDays = retentionDays;
    }

    public String getFilterableKeys() {
        return filterableKeys;
    }

    public void setFilterableKeys(String filterableKeys) {
        this.filterableKeys = filterableKeys;
    }

    /** The sensitive key parts every project has. */
    public String getDefaultSensitiveKeys() {
        return String.join(", ", ScrubbingRules.DEFAULT_SENSITIVE_KEYS);
    }

    public boolean isScrubEnabled() {
        return scrubEnabled;
    }

    public void setScrubEnabled(boolean scrubEnabled) {
        this.scrubEnabled = scrubEnabled;
    }

    public String getScrubSensitiveKeys() {
        return scrubSensitiveKeys;
    }

    public void setScrubSensitiveKeys(String scrubSensitiveKeys) {
        this.scrubSensitiveKeys = scrubSensitiveKeys;
    }

    public String getScrubSafeKeys() {
        return scrubSafeKeys;
    }

    public void setScrubSafeKeys(String scrubSafeKeys) {
        this.scrubSafeKeys = scrubSafeKeys;
    }

    public boolean isScrubKeepIpAddresses() {
        return scrubKeepIpAddresses;
    }

    public void setScrubKeepIpAddresses(boolean scrubKeepIpAddresses) {
        this.scrubKeepIpAddresses = scrubKeepIpAddresses;
    }

    public long getScrubbedValues() {
        return scrubbedValues;
    }

    public List<ViewInfo> getViewRows() {
        return viewRows;
    }

    public List<String> getMemberNames() {
        return memberNames;
    }

    /** Users who are not members of the project yet. */
    public List<String> getMemberCandidates() {
        return memberCandidates;
    }

    public String getMemberToAdd() {
        return memberToAdd;
    }

    public void setMemberToAdd(String memberToAdd) {
        this.memberToAdd = memberToAdd;
    }

    public String getNewViewName() {
        return newViewName;
    }

    public void setNewViewName(String newViewName) {
        this.newViewName = newViewName;
    }

    public String getNewViewTypes() {
        return newViewTypes;
    }

    public void setNewViewTypes(String newViewTypes) {
        this.newViewTypes = newViewTypes;
    }

    public String getNewViewKeys() {
        return newViewKeys;
    }

    public void setNewViewKeys(String newViewKeys) {
        this.newViewKeys = newViewKeys;
    }
}
