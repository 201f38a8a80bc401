package io.lookout.api.admin;

import io.lookout.JsonFactories;
import io.lookout.Problem;
import io.lookout.api.JsonBodies;
import io.lookout.security.Roles;
import io.lookout.security.User;
import io.lookout.security.Users;
import io.lookout.web.security.ValidatedCredentials;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
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

/**
 * {@code /api/admin/users} (admins only): Lookout's users with their roles and projects; create
 * with a password, change password or roles, delete. The last admin stays.
 */
@Path("admin/users")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class UsersResource {

    @Inject
    private Users users;

    @Inject
    private ValidatedCredentials validated;

    @GET
    public String list() {
        JsonArrayBuilder list = JsonFactories.BUILDERS.createArrayBuilder();
        users.list().forEach(list::add);
        return JsonFactories.BUILDERS
                .createObjectBuilder()
                .add("users", list)
                .build()
                .toString();
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response create(String body) throws Problem {
        User user = users.create(JsonBodies.object(body));
        return Response.created(
                        UriBuilder.fromPath("/api/admin/users/{username}").build(user.getUsername()))
                .entity(users.toJson(user).toString())
                .build();
    }

    @GET
    @Path("{username}")
    public String get(@PathParam("username") String username) throws Problem {
        return users.toJson(users.require(username)).toString();
    }

    @PATCH
    @Path("{username}")
    @Consumes(MediaType.WILDCARD)
    public String update(@PathParam("username") String username, String body) throws Problem {
        User user = users.update(username, JsonBodies.object(body));
        validated.forgetAll();
        return users.toJson(user).toString();
    }

    @DELETE
    @Path("{username}")
    public Response delete(@PathParam("username") String username) throws Problem {
        users.delete(username);
        validated.forgetAll();
        return Response.noContent().build();
    }
}
