package io.lookout.ui.admin;

import io.lookout.Problem;
import io.lookout.processing.ProcessorRegistry;
import io.lookout.project.Project;
import io.lookout.project.ProjectSettings;
import io.lookout.project.Projects;
import io.lookout.query.Overview;
import io.lookout.retention.CleanupReport;
import io.lookout.retention.Retention;
import io.lookout.security.Roles;
import io.lookout.ui.Pages;
import io.lookout.ui.session.Messages;
import io.lookout.views.View;
import io.lookout.views.Views;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Administration of a project (admins only, also by web.xml): its key and DSN, retention and
 * filterable data keys, its views (create, delete), the registered processors, a cleanup run.
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

    private Long project;
    private List<Overview.ProjectRow> projectRows = List.of();
    private String name;
    private String slug;
    private String publicKey;
    private int retentionDays;
    private String filterableKeys;
    private List<Map<String, Object>> viewRows = List.of();

    private String newViewName;
    private String newViewTypes;
    private String newViewKeys;

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
            retentionDays = found.getRetentionDays();
            filterableKeys = String.join(", ", found.getFilterableDataKeys());
            List<Map<String, Object>> rows = new ArrayList<>();
            for (View view : views.list(project)) {
                rows.add(io.lookout.ui.Plain.map(Views.toJson(view)));
            }
            viewRows = rows;
        }
    }

    public void saveSettings() throws Problem {
        requireAdmin();
        JsonArrayBuilder keys = Json.createArrayBuilder();
        Pages.split(filterableKeys).forEach(keys::add);
        try {
            settings.update(project, Json.createObjectBuilder().add("retentionDays", retentionDays)
                    .add("filterableDataKeys", keys).build());
            messages.info("admin.saved");
        } catch (Problem problem) {
            messages.error(null, problem.describe());
        }
        load();
    }

    public void createView() throws Problem {
        requireAdmin();
        JsonObjectBuilder json = Json.createObjectBuilder().add("name", newViewName == null ? "" : newViewName);
        List<String> types = Pages.split(newViewTypes);
        if (types.isEmpty()) {
            json.addNull("types");
        } else {
            JsonArrayBuilder array = Json.createArrayBuilder();
            types.forEach(array::add);
            json.add("types", array);
        }
        JsonArrayBuilder keys = Json.createArrayBuilder();
        Pages.split(newViewKeys).forEach(keys::add);
        json.add("keys", keys);
        try {
            View view = views.create(project, json.build());
            messages.info("admin.views.created", view.getName());
            newViewName = null;
            newViewTypes = null;
            newViewKeys = null;
        } catch (Problem problem) {
            messages.error(null, problem.describe());
        }
        load();
    }

    public void deleteView(String viewSlug) throws Problem {
        requireAdmin();
        views.delete(project, viewSlug);
        messages.info("admin.views.deleted", viewSlug);
        load();
    }

    public void runRetention() throws Problem {
        requireAdmin();
        CleanupReport report = retention.run();
        messages.info("admin.retention.report", report.events(), report.groups(), report.viewGroups(), report.millis());
    }

    /** The DSN of the Sentry SDKs: this server's address with the project's key. */
    public String getDsn() {
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        HttpServletRequest request = (HttpServletRequest) external.getRequest();
        int port = request.getServerPort();
        boolean defaultPort = "http".equals(request.getScheme()) && port == 80 || "https".equals(request.getScheme()) && port == 443;
        return request.getScheme() + "://" + publicKey + "@" + request.getServerName() + (defaultPort ? "" : ":" + port)
                + request.getContextPath() + "/" + project;
    }

    public Map<String, String> getProcessors() {
        return processors.describe();
    }

    private void requireAdmin() throws Problem {
        if (!security.isCallerInRole(Roles.ADMIN)) {
            throw Problem.notFound("administration");
        }
    }

    public List<Overview.ProjectRow> getProjectRows() {
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

    public List<Map<String, Object>> getViewRows() {
        return viewRows;
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
