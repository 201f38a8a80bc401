package io.lookout.api.searches;

import io.lookout.Problem;
import io.lookout.api.JsonBodies;
import io.lookout.query.SavedSearch;
import io.lookout.query.SavedSearches;
import io.lookout.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
 * {@code /api/searches}: the caller's own saved searches (docs/api.md, "Saved searches"). Private:
 * another user's search is "not found", for admins too. Changing them with a token needs the scope
 * {@code write}.
 */
@Path("searches")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.MEMBER})
@SecurityRequirement(name = "token")
@SecurityRequirement(name = "basic")
public class SearchesResource {

    @Inject
    private SavedSearches searches;

    @Inject
    private SecurityContext security;

    private String caller() {
        return security.getCallerPrincipal().getName();
    }

    @GET
    public SavedSearch.SavedSearchList list() {
        return new SavedSearch.SavedSearchList(searches.list(caller()));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @APIResponse(
            responseCode = "201",
            description = "the saved search",
            content = @Content(schema = @Schema(implementation = SavedSearch.class)))
    public Response create(String body) throws Problem {
        SavedSearch created = searches.create(caller(), JsonBodies.object(body));
        return Response.created(UriBuilder.fromPath("/api/searches/{id}").build(created.id()))
                .entity(created)
                .build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.WILDCARD)
    public SavedSearch rename(@PathParam("id") long id, String body) throws Problem {
        return searches.rename(caller(), id, JsonBodies.object(body));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") long id) throws Problem {
        searches.delete(caller(), id);
        return Response.noContent().build();
    }
}
