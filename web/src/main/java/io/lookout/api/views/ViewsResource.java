package io.lookout.api.views;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.api.JsonBodies;
import io.lookout.project.Projects;
import io.lookout.query.Search;
import io.lookout.security.Roles;
import io.lookout.views.View;
import io.lookout.views.ViewInfo;
import io.lookout.views.ViewSpec;
import io.lookout.views.Views;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * {@code /api/{projectId}/views}: runtime views, e.g.
 * {@code {"name": "Exceptions by URL", "types": ["exception"], "keys": ["url"]}}. Reading needs a
 * user who may read the project; changing views needs an admin.
 */
@Path("{projectId}/views")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.MEMBER})
@SecurityRequirement(name = "token")
@SecurityRequirement(name = "basic")
public class ViewsResource {

    @Inject
    private Views views;

    @Inject
    private Search search;

    @GET
    public ViewInfo.ViewList list(@PathParam("projectId") String projectId) throws Problem {
        long project = readable(projectId);
        return new ViewInfo.ViewList(
                views.list(project).stream().map(Views::describe).toList());
    }

    @GET
    @Path("{view}")
    public ViewInfo get(@PathParam("projectId") String projectId, @PathParam("view") String slug) throws Problem {
        long project = readable(projectId);
        return Views.describe(existing(project, slug));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    @APIResponse(
            responseCode = "201",
            description = "the view; its groups are built from the stored events in the background",
            content = @Content(schema = @Schema(implementation = ViewInfo.class)))
    public Response create(@PathParam("projectId") String projectId, String body) throws Problem {
        long project = readable(projectId);
        View view = views.create(project, ViewSpec.of(JsonBodies.object(body), null));
        return Response.created(URI.create("/api/" + project + "/views/" + view.getSlug()))
                .entity(Views.describe(view))
                .build();
    }

    @PUT
    @Path("{view}")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    public ViewInfo update(@PathParam("projectId") String projectId, @PathParam("view") String slug, String body)
            throws Problem {
        long project = readable(projectId);
        JsonObject json = JsonBodies.object(body);
        existing(project, slug); // an unknown view is a 404 before the fields are checked
        return Views.describe(views.update(project, slug, ViewSpec.of(json, slug)));
    }

    @DELETE
    @Path("{view}")
    @RolesAllowed(Roles.ADMIN)
    public Response delete(@PathParam("projectId") String projectId, @PathParam("view") String slug) throws Problem {
        views.delete(readable(projectId), slug);
        return Response.noContent().build();
    }

    private View existing(long project, String slug) throws Problem {
        return views.find(project, slug).orElseThrow(() -> Problem.notFound(ProblemCode.NO_VIEW, slug, project));
    }

    private long readable(String projectId) throws Problem {
        long project = Projects.require(projectId);
        search.readable(project);
        return project;
    }
}
