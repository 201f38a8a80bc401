package io.lookout.api.bench;

import io.lookout.Problem;
import io.lookout.operations.BenchCeilings;
import io.lookout.operations.LookoutMetrics;
import io.lookout.security.Roles;
import jakarta.annotation.security.RolesAllowed;
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
import java.util.Locale;

/**
 * The two ceilings of the ingest benchmark (docs/benchmarks.md), off unless
 * {@code lookout.bench.enabled=true}: {@code POST /api/bench/noop} reads the body and answers 202
 * like the edge, doing nothing else (the edge ceiling); {@code POST /api/bench/storage} (admin)
 * batch-inserts rows into the database with plain JDBC (the storage ceiling); {@code GET
 * /api/bench/ingest} answers the events processed so far and the queue's depth, which the load
 * driver reads several times a second (a Prometheus scrape of the whole registry costs the server
 * tens of milliseconds, this a read of two values); {@code POST /api/bench/purge} (admin) empties
 * the event queue, losing what waits there, between two phases of the benchmark.
 */
@Path("bench")
@Produces(MediaType.APPLICATION_JSON)
public class BenchResource {

    @Inject
    private BenchCeilings ceilings;

    @Inject
    private LookoutMetrics metrics;

    @POST
    @Path("noop")
    @Consumes(MediaType.WILDCARD)
    public Response noop(InputStream body) throws IOException, Problem {
        ceilings.requireEnabled();
        body.readNBytes(1_048_577);
        return Response.accepted("{\"ids\":[]}").build();
    }

    @GET
    @Path("ingest")
    public String ingest() throws Problem {
        ceilings.requireEnabled();
        double depth = metrics.queueDepth();
        return String.format(Locale.ROOT, "{\"processed\":%d,\"queueDepth\":%d}", (long) metrics.processedCount(),
                Double.isNaN(depth) ? -1 : (long) depth);
    }

    @POST
    @Path("purge")
    @RolesAllowed(Roles.ADMIN)
    public String purge() throws Problem {
        return "{\"removed\":" + ceilings.purgeEventQueue() + "}";
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
