package io.lookout.api.admin;

import io.lookout.JsonFactories;
import io.lookout.Problem;
import io.lookout.api.JsonBodies;
import io.lookout.project.Project;
import io.lookout.project.ProjectMembers;
import io.lookout.project.Projects;
import io.lookout.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
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
import java.util.List;

/**
 * {@code /api/admin/projects} (admins only): every project with its public key, DSN and members;
 * create a project, rotate its key, add and remove members.
 */
@Path("admin/projects")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class ProjectsResource {

    @Inject
    private Projects projects;

    @Inject
    private ProjectMembers members;

    @GET
    public String list() throws Problem {
        JsonArrayBuilder list = JsonFactories.BUILDERS.createArrayBuilder();
        for (Project project : projects.list()) {
            list.add(withMembers(project));
        }
        return JsonFactories.BUILDERS
                .createObjectBuilder()
                .add("projects", list)
                .build()
                .toString();
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response create(String body) throws Problem {
        Project project = projects.create(JsonBodies.object(body));
        return Response.created(URI.create("/api/admin/projects/" + project.getId()))
                .entity(withMembers(project).toString())
                .build();
    }

    @GET
    @Path("{projectId}")
    public String get(@PathParam("projectId") String projectId) throws Problem {
        return withMembers(project(projectId)).toString();
    }

    /** A new public key; the old one is refused from now on. */
    @POST
    @Path("{projectId}/key")
    public String rotateKey(@PathParam("projectId") String projectId) throws Problem {
        return withMembers(projects.rotateKey(Projects.require(projectId))).toString();
    }

    @GET
    @Path("{projectId}/members")
    public String members(@PathParam("projectId") String projectId) throws Problem {
        JsonArrayBuilder names = JsonFactories.BUILDERS.createArrayBuilder();
        members.list(Projects.require(projectId)).forEach(names::add);
        return JsonFactories.BUILDERS
                .createObjectBuilder()
                .add("members", names)
                .build()
                .toString();
    }

    @GET
    @Path("{projectId}/members/{username}")
    public String member(@PathParam("projectId") String projectId, @PathParam("username") String username)
            throws Problem {
        long project = Projects.require(projectId);
        if (!members.isMember(project, username)) {
            throw Problem.notFound("'" + username + "' is not a member of project " + project);
        }
        return membership(project, username).toString();
    }

    /** Adds the member: {@code 201} when added, {@code 200} when they were one already. */
    @PUT
    @Path("{projectId}/members/{username}")
    @Consumes(MediaType.WILDCARD)
    public Response addMember(@PathParam("projectId") String projectId, @PathParam("username") String username)
            throws Problem {
        long project = Projects.require(projectId);
        boolean added = members.add(project, username);
        return Response.status(added ? 201 : 200)
                .entity(membership(project, username).toString())
                .build();
    }

    /** Removes the member: {@code 204}, also when they were not one. */
    @DELETE
    @Path("{projectId}/members/{username}")
    public Response removeMember(@PathParam("projectId") String projectId, @PathParam("username") String username)
            throws Problem {
        members.remove(Projects.require(projectId), username);
        return Response.noContent().build();
    }

    private Project project(String projectId) throws Problem {
        long id = Projects.require(projectId);
        return projects.find(id).orElseThrow(() -> Problem.notFound("no project " + id));
    }

    private JsonObject withMembers(Project project) throws Problem {
        List<String> names = members.list(project.getId());
        JsonArrayBuilder array = JsonFactories.BUILDERS.createArrayBuilder();
        names.forEach(array::add);
        return JsonFactories.BUILDERS
                .createObjectBuilder(projects.toJson(project))
                .add("members", array)
                .build();
    }

    private static JsonObject membership(long project, String username) {
        return JsonFactories.BUILDERS
                .createObjectBuilder()
                .add("projectId", project)
                .add("username", username)
                .build();
    }
}
