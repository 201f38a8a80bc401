package io.lookout.api.admin;

import io.lookout.security.Roles;
import io.lookout.system.SystemDescription;
import io.lookout.system.SystemInfo;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** {@code GET /api/admin/system}: versions, JPA provider, database, schema version, processors. */
@Path("admin/system")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@SecurityRequirement(name = "token")
@SecurityRequirement(name = "basic")
public class SystemResource {

    @Inject
    private SystemInfo system;

    @GET
    public SystemDescription describe() {
        return system.describe();
    }
}
