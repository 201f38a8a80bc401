package io.lookout.api.tokens;

import io.lookout.Problem;
import io.lookout.api.JsonBodies;
import io.lookout.security.ApiTokens;
import io.lookout.security.NewToken;
import io.lookout.security.Roles;
import io.lookout.security.TokenInfo;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * {@code /api/tokens}: the caller's own API tokens. Create (the token is in that answer only), list,
 * revoke. Nobody manages another user's tokens; with a token, managing them needs the scope
 * {@code admin} (reading them {@code read}).
 */
@Path("tokens")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.MEMBER})
@SecurityRequirement(name = "token")
@SecurityRequirement(name = "basic")
public class TokensResource {

    @Inject
    private ApiTokens tokens;

    @Inject
    private SecurityContext security;

    private String caller() {
        return security.getCallerPrincipal().getName();
    }

    @GET
    public TokenInfo.TokenList list() {
        return new TokenInfo.TokenList(tokens.list(caller()));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @APIResponse(
            responseCode = "201",
            description = "the token, with the token itself shown this once",
            content = @Content(schema = @Schema(implementation = TokenInfo.class)))
    public Response create(String body) throws Problem {
        TokenInfo created = tokens.create(caller(), NewToken.of(JsonBodies.object(body), Instant.now()));
        return Response.created(UriBuilder.fromPath("/api/tokens/{id}").build(created.id()))
                .entity(created)
                .build();
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") long id) throws Problem {
        tokens.revoke(caller(), id);
        return Response.noContent().build();
    }
}
