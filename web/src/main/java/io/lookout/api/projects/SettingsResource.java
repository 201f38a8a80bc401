package io.lookout.api.projects;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.api.JsonBodies;
import io.lookout.project.ProjectSettings;
import io.lookout.project.Projects;
import io.lookout.project.Settings;
import io.lookout.project.SettingsChange;
import io.lookout.query.Search;
import io.lookout.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** {@code /api/{projectId}/settings}: read by members, changed by admins. */
@Path("{projectId}/settings")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "token")
@SecurityRequirement(name = "basic")
public class SettingsResource {

    @Inject
    private ProjectSettings settings;

    @Inject
    private Search search;

    @Inject
    private Projects projects;

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.MEMBER})
    public Settings get(@PathParam("projectId") String projectId) throws Problem {
        return settings.get(search.readable(project(projectId)));
    }

    @PUT
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    public Settings update(@PathParam("projectId") String projectId, String body) throws Problem {
        long project = project(projectId);
        JsonObject json = JsonBodies.object(body);
        // an unknown project is a 404 before the fields are checked
        projects.find(project).orElseThrow(() -> Problem.notFound(ProblemCode.NO_PROJECT, project));
        return settings.update(project, SettingsChange.of(json));
    }

    private static long project(String projectId) throws Problem {
        return Projects.require(projectId);
    }
}
