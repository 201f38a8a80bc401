package io.lookout.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/** A plain HTTP client for Lookout's API, as a sender or a reader would use it. */
final class LookoutClient {

    /** The test server's ports are 8080 and 9990 plus {@code lookout.port-offset} (see the module's pom). */
    static final int PORT_OFFSET = Integer.getInteger("lookout.port-offset", 0);

    static final String BASE = "http://127.0.0.1:" + (8080 + PORT_OFFSET);
    static final String MANAGEMENT = "http://127.0.0.1:" + (9990 + PORT_OFFSET);
    /** Set for the test server in arquillian.xml. */
    static final String PROJECT_KEY = "1bcdef0123456789abcdef0123456789";

    static final String ADMIN_PASSWORD = "it-admin-password";

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Reply(int status, HttpResponse<String> response) {
        JsonObject json() {
            return Json.createReader(new StringReader(response.body())).readObject();
        }

        JsonStructure anyJson() {
            return Json.createReader(new StringReader(response.body())).read();
        }

        String body() {
            return response.body();
        }

        Optional<String> header(String name) {
            return response.headers().firstValue(name);
        }
    }

    private LookoutClient() {}

    static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * A random word of letters g–z: unique per call and, unlike an id, not a "variable part" that
     * processors replace, so a message containing it forms a group of its own.
     */
    static String uniqueWord() {
        StringBuilder word = new StringBuilder("w");
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < 16; i++) {
            word.append((char) ('g' + random.nextInt(20)));
        }
        return word.toString();
    }

    static Reply send(String body) {
        return send("1", PROJECT_KEY, body);
    }

    static Reply send(String projectId, String key, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BASE + "/api/" + projectId + "/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return execute(request);
    }

    static Reply sendBytes(byte[] body) {
        return execute(HttpRequest.newBuilder(URI.create(BASE + "/api/1/events"))
                .header("Authorization", "Bearer " + PROJECT_KEY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** GET as the bootstrap admin. */
    static Reply get(String path) {
        return get(path, "admin", ADMIN_PASSWORD);
    }

    static Reply get(String path, String user, String password) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : BASE + path));
        if (user != null) {
            String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            request.header("Authorization", "Basic " + basic);
        }
        return execute(request.GET());
    }

    /** A request with a JSON body (or none) as the bootstrap admin. */
    static Reply call(String method, String path, String body) {
        return callAs("admin", ADMIN_PASSWORD, method, path, body);
    }

    /** A request with a JSON body (or none) as the given user, or anonymous when {@code user} is null. */
    static Reply callAs(String user, String password, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BASE + path))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            request.header("Authorization", "Basic " + basic);
        }
        return execute(request);
    }

    /** The password of the users {@link #newMemberOfProject1()} creates. */
    static final String MEMBER_PASSWORD = "it-member-password-1";

    /**
     * A new user with the role {@code member} who belongs to project 1 (so reads it), created
     * through the admin API; answers the user name (the password is {@link #MEMBER_PASSWORD}).
     */
    static String newMemberOfProject1() {
        return newMemberOf(1);
    }

    /** Creates a user with the member role and {@link #MEMBER_PASSWORD}, a member of the project; the username. */
    static String newMemberOf(long project) {
        String username = "member-" + uniqueWord();
        Reply created = call("POST", "/api/admin/users", """
                {"username": "%s", "password": "%s", "roles": ["member"]}""".formatted(username, MEMBER_PASSWORD));
        if (created.status() != 201) {
            throw new AssertionError("creating member " + username + ": " + created.status() + " " + created.body());
        }
        Reply joined = call("PUT", "/api/admin/projects/" + project + "/members/" + username, null);
        if (joined.status() != 201) {
            throw new AssertionError(
                    "adding " + username + " to project " + project + ": " + joined.status() + " " + joined.body());
        }
        return username;
    }

    static String encode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static Reply execute(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls until the event is visible (processing is asynchronous), at most 30 s. */
    static JsonObject awaitEvent(String eventId) {
        return awaitEvent(1, eventId);
    }

    /** Polls until the event is stored in the project; answers it as the API shows it. */
    static JsonObject awaitEvent(long project, String eventId) {
        return await(
                () -> {
                    Reply reply = get("/api/" + project + "/events/" + eventId);
                    return reply.status() == 200 ? Optional.of(reply.json()) : Optional.empty();
                },
                "event " + eventId + " to be stored");
    }

    static JsonObject group(long groupId) {
        Reply reply = get("/api/1/groups/" + groupId);
        if (reply.status() != 200) {
            throw new AssertionError("GET group " + groupId + ": " + reply.status() + " " + reply.body());
        }
        return reply.json();
    }

    /** Polls {@code probe} every 100 ms until it yields a value, at most 30 s. */
    static <T> T await(Supplier<Optional<T>> probe, String what) {
        return await(probe, what, Duration.ofSeconds(30));
    }

    /** Polls {@code probe} every 100 ms until it yields a value, at most {@code timeout}. */
    static <T> T await(Supplier<Optional<T>> probe, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
