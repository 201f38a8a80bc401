package io.lookout.security;

import jakarta.enterprise.context.RequestScoped;
import java.util.Set;

/**
 * The projects the API token of the current request is restricted to (docs/api.md, *API tokens*), for
 * the checks of {@link ProjectAccess}: a project outside them is as unreadable as any other, also where
 * the project is not in the address ({@code /api/searches}, lists across projects). The web layer sets
 * it for each API request with a restricted token; otherwise (pages, Basic, unrestricted tokens, work
 * without a caller) it restricts nothing.
 */
@RequestScoped
public class TokenRestriction {

    private Set<Long> projects;

    /** Restricts this request to the projects (null: no restriction). */
    public void restrictTo(Set<Long> projects) {
        this.projects = projects == null ? null : Set.copyOf(projects);
    }

    /** Whether this request may reach the project. */
    public boolean allows(long projectId) {
        return projects == null || projects.contains(projectId);
    }
}
