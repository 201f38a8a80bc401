package io.lookout.ui.releases;

import io.lookout.Problem;
import io.lookout.query.Releases;
import io.lookout.ui.Pages;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * A project's releases, {@code /releases.xhtml?project=ID} (docs/releases.md): each with its first and last
 * event, its events and its new groups, newest first; a release links to the group list searching for it.
 */
@Named
@ViewScoped
public class ReleasesPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    private transient Releases releases;

    private Long project;

    private List<Releases.Release> rows = List.of();

    public Long getProject() {
        return project;
    }

    public void setProject(Long project) {
        this.project = project;
    }

    public List<Releases.Release> getRows() {
        return rows;
    }

    public void load() throws IOException {
        if (project == null) {
            Pages.sendError(400, "error.missingParameter", "project");
            return;
        }
        try {
            rows = releases.list(project).releases();
        } catch (Problem problem) {
            Pages.notFound("error.noProject", String.valueOf(project));
        }
    }

    /** The group list's search for a release: {@code release:"NAME"}. */
    public String query(String version) {
        return "release:\"" + version.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
