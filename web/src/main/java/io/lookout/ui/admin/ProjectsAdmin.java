package io.lookout.ui.admin;

import io.lookout.Problem;
import io.lookout.processing.ProcessorRegistry;
import io.lookout.project.NewProject;
import io.lookout.project.Project;
import io.lookout.project.Projects;
import io.lookout.query.Overview;
import io.lookout.query.ProjectSummary;
import io.lookout.retention.CleanupReport;
import io.lookout.retention.Retention;
import io.lookout.security.Roles;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.SecurityContext;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The administration's first page, {@code /admin/index.xhtml} (admins only, also by web.xml): the
 * projects, each linking to its own page ({@link ProjectAdmin}); creating a project, which then
 * opens on its page; and what concerns the whole system: a cleanup run and the registered
 * processors. The users are {@link UserAdmin}'s page.
 */
@Named
@ViewScoped
public class ProjectsAdmin implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    private transient Overview overview;

    @Inject
    private transient Projects projects;

    @Inject
    private transient ProcessorRegistry processors;

    @Inject
    private transient Retention retention;

    @Inject
    private transient SecurityContext security;

    @Inject
    private transient Feedback feedback;

    /** A project from an address of the time when one page held everything; it now has a page of its own. */
    private Long project;

    private List<ProjectSummary> projectRows = List.of();
    private String newProjectName;
    private String newProjectSlug;

    /** Lists the projects, or sends an old bookmark ({@code ?project=N}) on to that project's page. */
    public String load() throws Problem {
        requireAdmin();
        if (project != null) {
            return "/admin/project?faces-redirect=true&project=" + project;
        }
        projectRows = overview.projects();
        return null;
    }

    /** Creates a project and opens its page, which says so: the page's actions then apply to it. */
    public String createProject() throws Problem {
        requireAdmin();
        try {
            Project created = projects.create(NewProject.of(
                    newProjectName == null ? "" : newProjectName,
                    newProjectSlug == null || newProjectSlug.isBlank() ? null : newProjectSlug.strip()));
            feedback.info(null, "admin.projects.created", created.getName(), created.getSlug());
            FacesContext.getCurrentInstance().getExternalContext().getFlash().setKeepMessages(true);
            return "/admin/project?faces-redirect=true&project=" + created.getId();
        } catch (Problem problem) {
            feedback.problem("newProject", problem);
            return null;
        }
    }

    public void runRetention() throws Problem {
        requireAdmin();
        CleanupReport report = retention.run();
        if (report.skipped()) {
            feedback.info("retention", "admin.retention.skipped", report.heldBy(), String.valueOf(report.heldUntil()));
        } else {
            feedback.info(
                    "retention",
                    "admin.retention.report",
                    report.events(),
                    report.groups(),
                    report.viewGroups(),
                    report.millis());
        }
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
}
