package io.lookout.it;

import static io.lookout.it.LookoutClient.get;
import static io.lookout.it.LookoutClient.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.it.LookoutClient.Reply;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What operations sees: metrics on the management port and the OpenAPI description. */
class OperationsIT extends LookoutIT {

    @Test
    void metricsCountAcceptedRejectedAndStoredEvents() {
        assertEquals(202, send("{\"type\": \"message\", \"message\": \"metrics " + LookoutClient.uniqueWord() + "\"}").status());
        assertEquals(400, send("{\"type\": 1}").status());
        String metrics = LookoutClient.await(() -> {
            Reply reply = get(LookoutClient.MANAGEMENT + "/prometheus", null, null);
            return reply.status() == 200 && reply.body().contains("lookout_events_processed_total")
                    ? Optional.of(reply.body()) : Optional.empty();
        }, "Lookout's metrics");
        assertTrue(metrics.contains("lookout_events_accepted_total"), metrics);
        assertTrue(metrics.lines().anyMatch(line -> line.startsWith("lookout_events_rejected_total")
                && line.contains("reason=\"invalid\"")), metrics);
        assertTrue(metrics.contains("lookout_events_latency_seconds_count"), metrics);
        assertTrue(metrics.lines().anyMatch(line -> line.startsWith("lookout_queue_depth") && !line.endsWith("NaN")), metrics);
    }

    /** Off by default: no one can empty a production server's queue through the benchmark's endpoints. */
    @Test
    void theBenchmarkEndpointsAreOffUnlessBenchmarkModeIsOn() {
        String id = LookoutClient.newId();
        assertEquals(202, send("{\"id\": \"" + id + "\", \"type\": \"message\", \"message\": \"bench "
                + LookoutClient.uniqueWord() + "\"}").status());
        Reply purge = LookoutClient.call("POST", "/api/bench/purge", null);
        assertEquals(404, purge.status(), purge.body());
        assertTrue(purge.body().contains("lookout.bench.enabled"), purge.body());
        assertEquals(404, get("/api/bench/ingest").status());
        assertEquals(404, LookoutClient.callAs(null, null, "POST", "/api/bench/noop", "{}").status());
        assertEquals(id, LookoutClient.awaitEvent(id).getString("id"), "the event sent before is stored");
    }

    @Test
    void theRestApiIsDescribedByOpenApi() {
        Reply openapi = get(LookoutClient.BASE + "/openapi", null, null);
        assertEquals(200, openapi.status());
        assertTrue(openapi.body().contains("/api/{projectId}/events"), openapi.body());
        assertTrue(openapi.body().contains("/api/{projectId}/groups"), openapi.body());
    }
}
