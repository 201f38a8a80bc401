package io.lookout.api.projects;

import io.lookout.Problem;
import io.lookout.project.Projects;
import io.lookout.query.Releases;
import io.lookout.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** {@code GET /api/{projectId}/releases}: a project's releases, newest first (docs/releases.md). */
@Path("{projectId}/releases")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "token")
@SecurityRequirement(name = "basic")
public class ReleasesResource {

    @Inject
    private Releases releases;

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.MEMBER})
    public Releases.ReleaseList list(@PathParam("projectId") String projectId) throws Problem {
        return releases.list(Projects.require(projectId));
    }
}
