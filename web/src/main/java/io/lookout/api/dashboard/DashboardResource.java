package io.lookout.api.dashboard;

import io.lookout.Problem;
import io.lookout.project.Projects;
import io.lookout.query.Dashboard;
import io.lookout.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/{projectId}/dashboard}: the breakdown the UI shows. */
@Path("{projectId}/dashboard")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.MEMBER})
public class DashboardResource {

    @Inject
    private Dashboard dashboard;

    @GET
    public String dashboard(@PathParam("projectId") String projectId) throws Problem {
        long project = Projects.require(projectId);
        return dashboard.dashboard(project).toString();
    }
}
