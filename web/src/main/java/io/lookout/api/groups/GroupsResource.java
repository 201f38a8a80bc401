package io.lookout.api.groups;

import io.lookout.api.ApiErrors;
import io.lookout.project.Projects;
import io.lookout.query.EventQueries;
import io.lookout.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /api/{projectId}/groups}: the aggregates events form. */
@Path("{projectId}/groups")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.MEMBER})
public class GroupsResource {

    @Inject
    private EventQueries queries;

    @GET
    @Path("{groupId}")
    public Response group(@PathParam("projectId") String projectId, @PathParam("groupId") String groupId) {
        return Projects.parseId(projectId)
                .flatMap(project -> Projects.parseId(groupId).flatMap(group -> queries.group(project, group)))
                .map(json -> Response.ok(json.toString()).build())
                .orElseGet(() -> ApiErrors.error(404, "no group " + groupId + " in project " + projectId, null));
    }
}
