package io.lookout.ui.admin;

import io.lookout.Problem;
import io.lookout.processing.ProcessorRegistry;
import io.lookout.project.NewProject;
import io.lookout.project.Project;
import io.lookout.project.ProjectMembers;
import io.lookout.project.ProjectSettings;
import io.lookout.project.Projects;
import io.lookout.project.SettingsChange;
import io.lookout.query.Overview;
import io.lookout.query.ProjectSummary;
import io.lookout.retention.CleanupReport;
import io.lookout.retention.Retention;
import io.lookout.scrubbing.ScrubCounts;
import io.lookout.scrubbing.ScrubbingRules;
import io.lookout.security.Roles;
import io.lookout.ui.Pages;
import io.lookout.ui.session.Messages;
import io.lookout.views.View;
import io.lookout.views.ViewInfo;
import io.lookout.views.ViewSpec;
import io.lookout.views.Views;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.SecurityContext;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Administration of a project (admins only, also by web.xml): its key and DSN (and a new key), its
 * members, retention and filterable data keys, scrubbing of secrets (with the count of scrubbed values), its views (create, delete), the registered
 * processors, a cleanup run; and creating a project. The users are {@link UserAdmin}'s.
 */
@Named
@ViewScoped
public class AdminPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    private transient Overview overview;

    @Inject
    private transient Projects projects;

    @Inject
    private transient ProjectSettings settings;

    @Inject
    private transient Views views;

    @Inject
    private transient ProcessorRegistry processors;

    @Inject
    private transient Retention retention;

    @Inject
    private transient SecurityContext security;

    @Inject
    private transient Messages messages;

    @Inject
    private transient ProjectMembers members;

    @Inject
    private transient ScrubCounts scrubCounts;

    /** The users part of the page, whose project lists change with the members. */
    @Inject
    private UserAdmin userAdmin;

    private Long project;
    private List<ProjectSummary> projectRows = List.of();
    private String name;
    private String slug;
    private String publicKey;
    private int retentionDays;
    private String filterableKeys;
    private List<ViewInfo> viewRows = List.of();
    private boolean scrubEnabled;
    private String scrubSensitiveKeys;
    private String scrubSafeKeys;
    private boolean scrubKeepIpAddresses;
    private long scrubbedValues;

    private String newViewName;
    private String newViewTypes;
    private String newViewKeys;

    private String dsn;
    private List<String> memberNames = List.of();
    private String memberToAdd;
    private String newProjectName;
    private String newProjectSlug;

    public void load() throws Problem {
        requireAdmin();
        projectRows = overview.projects();
        if (project == null && !projectRows.isEmpty()) {
            project = projectRows.get(0).id();
        }
        if (project != null) {
            Project found = projects.find(project).orElseThrow(() -> Problem.notFound("no project " + project));
            name = found.getName();
            slug = found.getSlug();
            publicKey = found.getPublicKey();
            dsn = projects.dsn(found);
            memberNames = members.list(project);
            retentionDays = found.getRetentionDays();
            filterableKeys = String.join(", ", found.getFilterableDataKeys());
            ScrubbingRules scrubbing = found.getScrubbing();
            scrubEnabled = scrubbing.enabled();
            scrubSensitiveKeys = String.join(", ", scrubbing.extraSensitiveKeys());
            scrubSafeKeys = String.join(", ", scrubbing.safeKeys());
            scrubKeepIpAddresses = scrubbing.keepIpAddresses();
            scrubbedValues = scrubCounts.count(project);
            viewRows = views.list(project).stream().map(Views::describe).toList();
        }
    }

    public void saveSettings() throws Problem {
        requireAdmin();
        try {
            settings.update(project, SettingsChange.of(retentionDays, Pages.split(filterableKeys), null));
            messages.info("admin.saved");
        } catch (Problem problem) {
            messages.problem(null, problem);
        }
        load();
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
            messages.info("admin.saved");
        } catch (Problem problem) {
            messages.problem(null, problem);
        }
        load();
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
            messages.info("admin.views.created", view.getName());
            newViewName = null;
            newViewTypes = null;
            newViewKeys = null;
        } catch (Problem problem) {
            messages.problem(null, problem);
        }
        load();
    }

    public void deleteView(String viewSlug) throws Problem {
        requireAdmin();
        views.delete(project, viewSlug);
        messages.info("admin.views.deleted", viewSlug);
        load();
    }

    /** A new public key for the project; senders with the old one are refused from now on. */
    public void rotateKey() throws Problem {
        requireAdmin();
        projects.rotateKey(project);
        messages.info("admin.key.rotated");
        load();
    }

    public void addMember() throws Problem {
        requireAdmin();
        if (memberToAdd == null || memberToAdd.isBlank()) {
            messages.error(null, messages.get("admin.members.choose"));
            return;
        }
        try {
            members.add(project, memberToAdd);
            messages.info("admin.members.added", memberToAdd, slug);
            memberToAdd = null;
        } catch (Problem problem) {
            messages.problem(null, problem);
        }
        load();
        userAdmin.load();
    }

    public void removeMember(String username) throws Problem {
        requireAdmin();
        members.remove(project, username);
        messages.info("admin.members.removed", username, slug);
        load();
        userAdmin.load();
    }

    /** Creates a project and opens it here, where its key and DSN are shown. */
    public String createProject() throws Problem {
        requireAdmin();
        try {
            Project created = projects.create(NewProject.of(
                    newProjectName == null ? "" : newProjectName,
                    newProjectSlug == null || newProjectSlug.isBlank() ? null : newProjectSlug.strip()));
            messages.info("admin.projects.created", created.getName(), created.getSlug());
            FacesContext.getCurrentInstance().getExternalContext().getFlash().setKeepMessages(true);
            return "/admin/index?faces-redirect=true&project=" + created.getId();
        } catch (Problem problem) {
            messages.problem(null, problem);
            return null;
        }
    }

    /** Users who are not members of the project yet. */
    public List<String> getMemberCandidates() {
        return userAdmin.getUsernames().stream()
                .filter(name -> !memberNames.contains(name))
                .toList();
    }

    public void runRetention() throws Problem {
        requireAdmin();
        CleanupReport report = retention.run();
        if (report.skipped()) {
            messages.info("admin.retention.skipped", report.heldBy(), String.valueOf(report.heldUntil()));
        } else {
            messages.info(
                    "admin.retention.report", report.events(), report.groups(), report.viewGroups(), report.millis());
        }
    }

    /** The DSN of the Sentry SDKs: {@code lookout.public-url} with the project's key and id. */
    public String getDsn() {
        return dsn;
    }

    public Map<String, String> getProcessors() {
        return processors.describe();
    }

    private void requireAdmin() throws Problem {
        if (!security.isCallerInRole(Roles.ADMIN)) {
            throw Problem.notFound("administration");
        }
    }

    public List<ProjectSummary> getProjectRows() {
        return projectRows;
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

    public List<ViewInfo> getViewRows() {
        return viewRows;
    }

    public List<String> getMemberNames() {
        return memberNames;
    }

    public String getMemberToAdd() {
        return memberToAdd;
    }

    public void setMemberToAdd(String memberToAdd) {
        this.memberToAdd = memberToAdd;
    }

    public String getNewProjectName() {
        return newProjectName;
    }

    public void setNewProjectName(String newProjectName) {
        this.newProjectName = newProjectName;
    }

    public String getNewProjectSlug() {
        return newProjectSlug;
    }

    public void setNewProjectSlug(String newProjectSlug) {
        this.newProjectSlug = newProjectSlug;
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
