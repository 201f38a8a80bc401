package io.lookout.api.admin;

import io.lookout.Problem;
import io.lookout.api.JsonBodies;
import io.lookout.project.Projects;
import io.lookout.regroup.RegroupJob;
import io.lookout.regroup.RegroupJobs;
import io.lookout.regroup.RegroupRequest;
import io.lookout.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * {@code /api/admin/projects/{id}/regroup} (admins only): reprocess the project's events of the
 * last N days under its current grouping rules, in the background; the jobs with their progress;
 * cancel the active one.
 */
@Path("admin/projects/{projectId}/regroup")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@SecurityRequirement(name = "token")
@SecurityRequirement(name = "basic")
public class RegroupResource {

    @Inject
    private RegroupJobs jobs;

    @Context
    private SecurityContext security;

    /** Queues a job: {@code 202} with it; {@code 409} while another of the project is queued or running. */
    @POST
    @Consumes(MediaType.WILDCARD)
    @APIResponse(
            responseCode = "202",
            description = "the queued job",
            content = @Content(schema = @Schema(implementation = RegroupJob.class)))
    public Response request(@PathParam("projectId") String projectId, String body) throws Problem {
        long project = Projects.require(projectId);
        RegroupRequest request = RegroupRequest.of(
                body == null || body.isBlank() ? JsonValue.EMPTY_JSON_OBJECT : JsonBodies.object(body));
        Principal user = security.getUserPrincipal();
        RegroupJob job = jobs.request(project, request, user == null ? null : user.getName());
        return Response.accepted(job).build();
    }

    /** The project's newest jobs (at most 20), newest first, with their progress. */
    @GET
    public RegroupJob.RegroupJobList list(@PathParam("projectId") String projectId) throws Problem {
        return new RegroupJob.RegroupJobList(jobs.list(Projects.require(projectId)));
    }

    /** Cancels the queued or running job: {@code 200} with it; {@code 404} when there is none. */
    @DELETE
    public RegroupJob cancel(@PathParam("projectId") String projectId) throws Problem {
        return jobs.cancel(Projects.require(projectId));
    }
}
