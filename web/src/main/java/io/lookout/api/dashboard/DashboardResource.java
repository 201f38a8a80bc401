package io.lookout.api.dashboard;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.project.Projects;
import io.lookout.query.Dashboard;
import io.lookout.query.DashboardBreakdown;
import io.lookout.query.GroupDetails;
import io.lookout.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** {@code GET /api/{projectId}/dashboard}: the breakdown the UI shows. */
@Path("{projectId}/dashboard")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.MEMBER})
@SecurityRequirement(name = "token")
@SecurityRequirement(name = "basic")
public class DashboardResource {

    @Inject
    private Dashboard dashboard;

    /** Hourly counts per listed view group by default: the landing page's 24-hour sparklines. */
    static final int DEFAULT_HOURS = 24;

    /**
     * @param hours how many of the last hours each listed view group's {@code hourly} series covers:
     *        1 to 336 (14 days), default 24
     */
    @GET
    public DashboardBreakdown dashboard(@PathParam("projectId") String projectId, @QueryParam("hours") String hours)
            throws Problem {
        long project = Projects.require(projectId);
        return dashboard.dashboard(project, hours(hours));
    }

    static int hours(String text) throws Problem {
        if (text == null || text.isEmpty()) {
            return DEFAULT_HOURS;
        }
        int hours;
        try {
            hours = text.length() > 4 ? -1 : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            hours = -1;
        }
        if (hours < 1 || hours > GroupDetails.HOURS) {
            throw Problem.invalid("hours", ProblemCode.HOURS_RANGE, GroupDetails.HOURS, text);
        }
        return hours;
    }
}
