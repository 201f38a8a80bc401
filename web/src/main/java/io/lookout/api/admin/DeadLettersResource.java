package io.lookout.api.admin;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.api.QueryParams;
import io.lookout.consume.DeadLetters;
import io.lookout.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * {@code GET /api/admin/dead-letters?limit=100}: the messages on the dead-letter queue, oldest first,
 * with the reason each could not be stored and the start of its body. Browsing leaves them there.
 */
@Path("admin/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@SecurityRequirement(name = "token")
@SecurityRequirement(name = "basic")
public class DeadLettersResource {

    private static final int MAX_LIMIT = 1000;

    @Inject
    private DeadLetters deadLetters;

    @GET
    public DeadLetters.DeadLetterList list(@QueryParam("limit") String limitText) throws Problem {
        Integer limit = QueryParams.integer(limitText, "limit");
        int count = limit == null ? 100 : limit;
        if (count < 1 || count > MAX_LIMIT) {
            throw Problem.invalid("limit", ProblemCode.BETWEEN, 1, MAX_LIMIT);
        }
        return new DeadLetters.DeadLetterList(deadLetters.list(count));
    }
}
