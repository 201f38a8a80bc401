package io.lookout.bench.endpoints;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;

/**
 * The ingest benchmark's endpoints (docs/benchmarks.md), in {@code lookout-bench.war}, which only
 * {@code bench/ingest-bench.sh} deploys next to the EAR on its own server (bound to 127.0.0.1; no
 * login): {@code POST /lookout-bench/noop} reads the body and answers 202 like the edge, doing
 * nothing else (the edge ceiling); {@code POST /lookout-bench/storage} batch-inserts rows into the
 * database with plain JDBC (the storage ceiling); {@code GET /lookout-bench/ingest} answers the
 * events stored so far and the queue's depth, which the load driver reads several times a second;
 * {@code POST /lookout-bench/purge} empties the event queue, losing what waits there, between two
 * phases of the benchmark.
 */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class BenchResource {

    @Inject
    private BenchCeilings ceilings;

    @POST
    @Path("noop")
    @Consumes(MediaType.WILDCARD)
    public Response noop(InputStream body) throws IOException {
        body.readNBytes(1_048_577);
        return Response.accepted("{\"ids\":[]}").build();
    }

    @GET
    @Path("ingest")
    public String ingest() {
        return "{\"processed\":" + ceilings.storedEvents() + ",\"queueDepth\":" + ceilings.queueDepth() + "}";
    }

    @POST
    @Path("purge")
    public String purge() {
        return "{\"removed\":" + ceilings.purgeEventQueue() + "}";
    }

    @POST
    @Path("storage")
    public Response storage(
            @QueryParam("events") @DefaultValue("100000") int events,
            @QueryParam("tags") @DefaultValue("10") int tags,
            @QueryParam("batch") @DefaultValue("1000") int batch,
            @QueryParam("dataChars") @DefaultValue("1000") int dataChars) {
        try {
            return Response.ok(ceilings.storage(events, tags, batch, dataChars)).build();
        } catch (IllegalArgumentException e) {
            return Response.status(400)
                    .entity("{\"detail\":\"" + e.getMessage() + "\"}")
                    .build();
        }
    }
}
