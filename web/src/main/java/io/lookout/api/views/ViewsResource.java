package io.lookout.api.views;

import io.lookout.JsonFactories;
import io.lookout.Problem;
import io.lookout.api.JsonBodies;
import io.lookout.project.Projects;
import io.lookout.query.Search;
import io.lookout.security.Roles;
import io.lookout.views.View;
import io.lookout.views.Views;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
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

/**
 * {@code /api/{projectId}/views}: runtime views, e.g.
 * {@code {"name": "Exceptions by URL", "types": ["exception"], "keys": ["url"]}}. Reading needs a
 * user who may read the project; changing views needs an admin.
 */
@Path("{projectId}/views")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.MEMBER})
public class ViewsResource {

    @Inject
    private Views views;

    @Inject
    private Search search;

    @GET
    public String list(@PathParam("projectId") String projectId) throws Problem {
        long project = readable(projectId);
        JsonArrayBuilder list = JsonFactories.BUILDERS.createArrayBuilder();
        views.list(project).forEach(view -> list.add(Views.toJson(view)));
        return JsonFactories.BUILDERS
                .createObjectBuilder()
                .add("views", list)
                .build()
                .toString();
    }

    @GET
    @Path("{view}")
    public String get(@PathParam("projectId") String projectId, @PathParam("view") String slug) throws Problem {
        long project = readable(projectId);
        return Views.toJson(views.find(project, slug)
                        .orElseThrow(() -> Problem.notFound("no view '" + slug + "' in project " + project)))
                .toString();
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    public Response create(@PathParam("projectId") String projectId, String body) throws Problem {
        long project = readable(projectId);
        View view = views.create(project, JsonBodies.object(body));
        return Response.created(URI.create("/api/" + project + "/views/" + view.getSlug()))
                .entity(Views.toJson(view).toString())
                .build();
    }

    @PUT
    @Path("{view}")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    public String update(@PathParam("projectId") String projectId, @PathParam("view") String slug, String body)
            throws Problem {
        long project = readable(projectId);
        return Views.toJson(views.update(project, slug, JsonBodies.object(body)))
                .toString();
    }

    @DELETE
    @Path("{view}")
    @RolesAllowed(Roles.ADMIN)
    public Response delete(@PathParam("projectId") String projectId, @PathParam("view") String slug) throws Problem {
        views.delete(readable(projectId), slug);
        return Response.noContent().build();
    }

    private long readable(String projectId) throws Problem {
        long project = Projects.require(projectId);
        search.readable(project);
        return project;
    }
}
