package io.lookout.api.correlations;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.project.Projects;
import io.lookout.query.Correlation;
import io.lookout.query.EventQueries;
import io.lookout.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** {@code GET /api/{projectId}/correlations/{correlationId}}: every event carrying the id. */
@Path("{projectId}/correlations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.MEMBER})
@SecurityRequirement(name = "token")
@SecurityRequirement(name = "basic")
public class CorrelationsResource {

    @Inject
    private EventQueries queries;

    @GET
    @Path("{correlationId}")
    public Correlation events(
            @PathParam("projectId") String projectId, @PathParam("correlationId") String correlationId) throws Problem {
        long project = Projects.require(projectId);
        return queries.correlation(project, correlationId)
                .orElseThrow(() -> Problem.notFound(ProblemCode.NO_PROJECT, projectId));
    }
}
