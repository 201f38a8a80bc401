package io.lookout.api.admin;

import io.lookout.Problem;
import io.lookout.api.JsonBodies;
import io.lookout.security.LoginThrottles;
import io.lookout.security.NewUser;
import io.lookout.security.Roles;
import io.lookout.security.User;
import io.lookout.security.UserChange;
import io.lookout.security.UserInfo;
import io.lookout.security.Users;
import io.lookout.web.security.ValidatedCredentials;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * {@code /api/admin/users} (admins only): Lookout's users with their roles and projects; create
 * with a password, change password or roles, delete. The last admin stays.
 */
@Path("admin/users")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@SecurityRequirement(name = "token")
@SecurityRequirement(name = "basic")
public class UsersResource {

    @Inject
    private Users users;

    @Inject
    private ValidatedCredentials validated;

    @Inject
    private LoginThrottles throttles;

    @GET
    public UserInfo.UserList list() {
        return new UserInfo.UserList(users.list());
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @APIResponse(
            responseCode = "201",
            description = "the user",
            content = @Content(schema = @Schema(implementation = UserInfo.class)))
    public Response create(String body) throws Problem {
        User user = users.create(NewUser.of(JsonBodies.object(body)));
        return Response.created(
                        UriBuilder.fromPath("/api/admin/users/{username}").build(user.getUsername()))
                .entity(users.describe(user))
                .build();
    }

    @GET
    @Path("{username}")
    public UserInfo get(@PathParam("username") String username) throws Problem {
        return users.describe(users.require(username));
    }

    @PATCH
    @Path("{username}")
    @Consumes(MediaType.WILDCARD)
    public UserInfo update(@PathParam("username") String username, String body) throws Problem {
        User user = users.update(username, UserChange.of(username, JsonBodies.object(body)));
        validated.forgetAll();
        return users.describe(user);
    }

    /**
     * Unlocks a user name locked by failed sign-ins (docs/security.md): its failures are forgotten.
     * 204 whether or not it was locked; 404 for an unknown user.
     */
    @DELETE
    @Path("{username}/lockout")
    public Response unlock(@PathParam("username") String username) throws Problem {
        users.require(username);
        throttles.unlock(username);
        return Response.noContent().build();
    }

    @DELETE
    @Path("{username}")
    public Response delete(@PathParam("username") String username) throws Problem {
        users.delete(username);
        validated.forgetAll();
        return Response.noContent().build();
    }
}
