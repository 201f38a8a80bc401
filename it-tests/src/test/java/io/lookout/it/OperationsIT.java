package io.lookout.it;

import static io.lookout.it.LookoutClient.get;
import static io.lookout.it.LookoutClient.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.it.LookoutClient.Reply;
import jakarta.json.JsonObject;
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

    /**
     * Every answer of the settings, views, alerts and administration endpoints has a schema in the
     * OpenAPI document (from the records the resources return), with the fields docs/api.md names.
     */
    @Test
    void theWriteAndAdminApisHaveResponseSchemas() {
        Reply reply = get(LookoutClient.BASE + "/openapi?format=JSON", null, null);
        assertEquals(200, reply.status(), reply.body());
        JsonObject openapi = reply.json();
        String[][] answers = {
            {"get", "/api/{projectId}/settings", "200", "id", "retentionDays", "filterableDataKeys", "scrubbing"},
            {"put", "/api/{projectId}/settings", "200", "id", "retentionDays", "filterableDataKeys", "scrubbing"},
            {"get", "/api/{projectId}/views", "200", "views"},
            {"post", "/api/{projectId}/views", "201", "name", "slug", "types", "keys", "createdAt", "backfill"},
            {"get", "/api/{projectId}/views/{view}", "200", "name", "slug", "types", "keys", "createdAt", "backfill"},
            {"put", "/api/{projectId}/views/{view}", "200", "name", "slug", "types", "keys", "createdAt", "backfill"},
            {"get", "/api/{projectId}/alerts", "200", "rules"},
            {"post", "/api/{projectId}/alerts", "201", "id", "trigger", "threshold", "webhook", "quietMinutes"},
            {"get", "/api/{projectId}/alerts/{ruleId}", "200", "id", "trigger", "threshold", "webhook", "quietMinutes"},
            {"put", "/api/{projectId}/alerts/{ruleId}", "200", "id", "trigger", "threshold", "webhook", "quietMinutes"},
            {"post", "/api/{projectId}/alerts/{ruleId}/test", "200", "id", "state", "group", "dispatch"},
            {"get", "/api/{projectId}/alerts/{ruleId}/notifications", "200", "notifications"},
            {"get", "/api/admin/users", "200", "users"},
            {"post", "/api/admin/users", "201", "username", "roles", "projects", "email", "language", "createdAt"},
            {"get", "/api/admin/users/{username}", "200", "username", "roles", "projects", "email", "language"},
            {"patch", "/api/admin/users/{username}", "200", "username", "roles", "projects", "email", "language"},
            {"get", "/api/admin/projects", "200", "projects"},
            {"post", "/api/admin/projects", "201", "id", "slug", "publicKey", "dsn", "members"},
            {"get", "/api/admin/projects/{projectId}", "200", "id", "slug", "publicKey", "dsn", "members"},
            {"post", "/api/admin/projects/{projectId}/key", "200", "id", "slug", "publicKey", "dsn", "members"},
            {"get", "/api/admin/projects/{projectId}/members", "200", "members"},
            {"get", "/api/admin/projects/{projectId}/members/{username}", "200", "projectId", "username"},
            {"put", "/api/admin/projects/{projectId}/members/{username}", "200", "projectId", "username"},
            {"get", "/api/admin/system", "200", "version", "jpaProvider", "database", "schemaVersion", "processors"},
            {"post", "/api/admin/retention/run", "200", "skipped", "deletedEvents", "complete"},
            {"get", "/api/admin/dead-letters", "200", "messages"},
            {"post", "/api/admin/projects/{projectId}/regroup", "202", "id", "state", "total", "examined", "moved"},
            {"get", "/api/admin/projects/{projectId}/regroup", "200", "jobs"},
            {"delete", "/api/admin/projects/{projectId}/regroup", "200", "id", "state", "groupsEmptied"},
        };
        for (String[] answer : answers) {
            String where = answer[0].toUpperCase(java.util.Locale.ROOT) + " " + answer[1] + " " + answer[2];
            JsonObject paths = openapi.getJsonObject("paths");
            assertTrue(paths.containsKey(answer[1]), where + " is not in the document");
            JsonObject operation = paths.getJsonObject(answer[1]).getJsonObject(answer[0]);
            assertTrue(operation != null, where + " is not in the document");
            JsonObject response = operation.getJsonObject("responses").getJsonObject(answer[2]);
            assertTrue(response != null && response.containsKey("content"), where + ": no content in " + operation);
            JsonObject schema = response.getJsonObject("content")
                    .getJsonObject("application/json")
                    .getJsonObject("schema");
            if (schema.containsKey("$ref")) {
                String name = schema.getString("$ref").substring("#/components/schemas/".length());
                schema = openapi.getJsonObject("components")
                        .getJsonObject("schemas")
                        .getJsonObject(name);
                assertTrue(schema != null, where + ": no component " + name);
            }
            JsonObject properties = schema.getJsonObject("properties");
            assertTrue(properties != null, where + ": a schema without properties: " + schema);
            for (int i = 3; i < answer.length; i++) {
                assertTrue(
                        properties.containsKey(answer[i]), where + ": no " + answer[i] + " in " + properties.keySet());
            }
        }
    }
}
