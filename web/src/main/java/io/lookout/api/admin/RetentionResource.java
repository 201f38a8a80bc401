package io.lookout.api.admin;

import io.lookout.retention.CleanupResult;
import io.lookout.retention.Retention;
import io.lookout.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** {@code POST /api/admin/retention/run}: the cleanup now; answers what it deleted and how long it took. */
@Path("admin/retention")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@SecurityRequirement(name = "token")
@SecurityRequirement(name = "basic")
public class RetentionResource {

    @Inject
    private Retention retention;

    @POST
    @Path("run")
    public CleanupResult run() {
        return CleanupResult.of(retention.run());
    }
}
