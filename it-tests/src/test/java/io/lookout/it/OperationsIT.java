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

    /** Lookout's metrics as Prometheus reads them. */
    private static String metrics() {
        Reply reply = get(LookoutClient.MANAGEMENT + "/prometheus", null, null);
        assertEquals(200, reply.status(), reply.body());
        return reply.body();
    }

    /**
     * The value of a series in the Prometheus text: the sum over the lines of this metric that carry
     * these labels ({@code name, value, ...}); 0 when there is none yet.
     */
    static double value(String metrics, String metric, String... labels) {
        return metrics.lines()
                .filter(line -> line.startsWith(metric + " ") || line.startsWith(metric + "{"))
                .filter(line -> {
                    for (int i = 0; i < labels.length; i += 2) {
                        if (!line.contains(labels[i] + "=\"" + labels[i + 1] + "\"")) {
                            return false;
                        }
                    }
                    return true;
                })
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void metricsCountAcceptedRejectedAndStoredEvents() {
        Server.awaitQueueDrained(management); // nothing of an earlier test class is still being stored
        String before = metrics();
        double accepted = value(before, "lookout_events_accepted_total");
        double rejected = value(before, "lookout_events_rejected_total", "reason", "invalid");
        double processed = value(before, "lookout_events_processed_total");
        double latencies = value(before, "lookout_events_latency_seconds_count");

        assertEquals(
                202,
                send("{\"type\": \"message\", \"message\": \"metrics " + LookoutClient.uniqueWord() + "\"}")
                        .status());
        assertEquals(400, send("{\"type\": 1}").status());
        String after = LookoutClient.await(
                () -> {
                    String now = metrics();
                    return value(now, "lookout_events_processed_total") > processed
                            ? Optional.of(now)
                            : Optional.empty();
                },
                "the event to be counted as processed");
        Server.awaitQueueDrained(management);

        assertEquals(accepted + 1, value(after, "lookout_events_accepted_total"), after);
        assertEquals(rejected + 1, value(after, "lookout_events_rejected_total", "reason", "invalid"), after);
        assertEquals(processed + 1, value(after, "lookout_events_processed_total"), after);
        assertEquals(latencies + 1, value(after, "lookout_events_latency_seconds_count"), after);
        assertEquals(
                processed + 1,
                value(metrics(), "lookout_events_processed_total"),
                "and no more after the queue drained");
        assertTrue(
                after.lines().anyMatch(line -> line.startsWith("lookout_queue_depth") && !line.endsWith("NaN")), after);
    }

    /** The benchmark's endpoints are a deployment of their own: no one can empty a production server's queue. */
    @Test
    void theBenchmarkEndpointsAreNotInTheProduct() {
        String id = LookoutClient.newId();
        assertEquals(
                202,
                send("{\"id\": \"" + id + "\", \"type\": \"message\", \"message\": \"bench "
                                + LookoutClient.uniqueWord() + "\"}")
                        .status());
        Reply purge = LookoutClient.call("POST", "/api/bench/purge", null);
        assertEquals(404, purge.status(), purge.body());
        assertEquals(404, get("/api/bench/ingest").status());
        assertEquals(
                404,
                LookoutClient.callAs(null, null, "POST", "/api/bench/noop", "{}")
                        .status());
        assertEquals(
                404,
                LookoutClient.call("POST", "/api/bench/storage?events=1", null).status());
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
