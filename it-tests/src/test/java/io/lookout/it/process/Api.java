package io.lookout.it.process;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Lookout's HTTP API of one {@link ServerProcess}, as a sender (project key) or the bootstrap admin. */
public final class Api {

    /** An answer; {@code status} -1 when the server did not answer (refused, reset, timed out). */
    public record Reply(int status, String body) {
        public JsonObject json() {
            return Json.createReader(new StringReader(body)).readObject();
        }
    }

    private final java.util.function.Supplier<String> baseUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public Api(ServerProcess server) {
        this.baseUrl = server::baseUrl;
    }

    /** The API at another address than one server's, e.g. a cluster's balancer ({@code http://host:port}). */
    public Api(String baseUrl) {
        this.baseUrl = () -> baseUrl;
    }

    /** {@code POST /api/1/events} with the bootstrap project key. */
    public Reply send(String body) {
        return send(1, ServerProcess.PROJECT_KEY, body);
    }

    /** {@code POST /api/{projectId}/events} with {@code key}. */
    public Reply send(long projectId, String key, String body) {
        return execute(HttpRequest.newBuilder(URI.create(baseUrl.get() + "/api/" + projectId + "/events"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A request as the bootstrap admin, with a JSON body or none. */
    public Reply call(String method, String path, String body) {
        String basic = Base64.getEncoder()
                .encodeToString(("admin:" + ServerProcess.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        return execute(HttpRequest.newBuilder(URI.create(baseUrl.get() + path))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body)));
    }

    public Reply get(String path) {
        return call("GET", path, null);
    }

    private Reply execute(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Reply(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
