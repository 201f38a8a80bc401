package io.lookout.api.admin;

import io.lookout.security.LoginThrottles;
import io.lookout.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * {@code DELETE /api/admin/lockouts/addresses/{address}} (admins only): unlocks a client address
 * locked by failed sign-ins (a user name: {@code DELETE /api/admin/users/{username}/lockout}). 204
 * whether or not it was locked.
 */
@Path("admin/lockouts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@SecurityRequirement(name = "token")
@SecurityRequirement(name = "basic")
public class LockoutsResource {

    @Inject
    private LoginThrottles throttles;

    @DELETE
    @Path("addresses/{address}")
    public Response unlockAddress(@PathParam("address") String address) {
        throttles.unlockAddress(address);
        return Response.noContent().build();
    }
}
