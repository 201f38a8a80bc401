package io.lookout.api.tags;

import io.lookout.Problem;
import io.lookout.project.Projects;
import io.lookout.query.TagKeys;
import io.lookout.query.TagValues;
import io.lookout.query.Tags;
import io.lookout.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** {@code /api/{projectId}/tags}: tag keys, and the values of one key. */
@Path("{projectId}/tags")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.MEMBER})
@SecurityRequirement(name = "token")
@SecurityRequirement(name = "basic")
public class TagsResource {

    @Inject
    private Tags tags;

    @GET
    public TagKeys keys(@PathParam("projectId") String projectId) throws Problem {
        return tags.keys(project(projectId));
    }

    @GET
    @Path("{key}")
    public TagValues values(@PathParam("projectId") String projectId, @PathParam("key") String key) throws Problem {
        return tags.values(project(projectId), key);
    }

    private static long project(String projectId) throws Problem {
        return Projects.require(projectId);
    }
}
