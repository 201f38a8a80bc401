package io.lookout.api.bench;

import io.lookout.Problem;
import io.lookout.operations.BenchCeilings;
import io.lookout.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;

/**
 * The two ceilings of the ingest benchmark (docs/benchmarks.md), off unless
 * {@code lookout.bench.enabled=true}: {@code POST /api/bench/noop} reads the body and answers 202
 * like the edge, doing nothing else (the edge ceiling); {@code POST /api/bench/storage} (admin)
 * batch-inserts rows into the database with plain JDBC (the storage ceiling).
 */
@Path("bench")
@Produces(MediaType.APPLICATION_JSON)
public class BenchResource {

    @Inject
    private BenchCeilings ceilings;

    @POST
    @Path("noop")
    @Consumes(MediaType.WILDCARD)
    public Response noop(InputStream body) throws IOException, Problem {
        if (!ceilings.enabled()) {
            throw Problem.notFound("the benchmark endpoints are off (lookout.bench.enabled)");
        }
        body.readNBytes(1_048_577);
        return Response.accepted("{\"ids\":[]}").build();
    }

    @POST
    @Path("storage")
    @RolesAllowed(Roles.ADMIN)
    public String storage(@QueryParam("events") @DefaultValue("100000") int events,
            @QueryParam("tags") @DefaultValue("10") int tags, @QueryParam("batch") @DefaultValue("1000") int batch,
            @QueryParam("dataChars") @DefaultValue("1000") int dataChars) throws Problem {
        return ceilings.storage(events, tags, batch, dataChars).toString();
    }
}
