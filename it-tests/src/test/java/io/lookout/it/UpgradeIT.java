package io.lookout.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.grouping.Recount;
import io.lookout.it.process.Consistency;
import io.lookout.it.process.Databases;
import io.lookout.it.process.ServerProcess;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Upgrades lose nothing: a database written by an earlier release (a fixture of
 * {@code src/test/resources/upgrade}, see its README) is restored into a fresh database, today's
 * Lookout starts on it and migrates it, and every event, group, status and view reads back as that
 * release answered; new events with the content of old ones join the old groups, and every
 * aggregate still equals a recount from the events. Runs on H2 and, with {@code -Ppostgresql}, on
 * PostgreSQL, from every kept fixture.
 */
class UpgradeIT {

    /** The fixtures' own credentials (the bootstrap of today's release does not run: the database is not empty). */
    private static final String FIXTURE_KEY = "0123456789abcdef0123456789abcdef";

    private static final String FIXTURE_ADMIN_PASSWORD = "fixture-admin-pw";
    /** The test's own server, beside the managed one (CrashIT's is at +50). */
    private static final int PORT_OFFSET = Integer.getInteger("lookout.port-offset", 0) + 60;

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private record Reply(int status, String body) {
        JsonObject json() {
            return Json.createReader(new StringReader(body)).readObject();
        }
    }

    @ParameterizedTest(name = "from the {0} fixture")
    @ValueSource(strings = {"v7", "v11"})
    void anUpgradeKeepsEveryEventGroupStatusAndView(String fixture) throws Exception {
        String database = Databases.postgres() ? "postgresql" : "h2";
        JsonObject expected = resourceJson("upgrade/" + fixture + "-" + database + ".expected.json")
                .asJsonObject();
        JsonArray sent = resourceJson("upgrade/events.json").asJsonArray();

        try (ServerProcess server = ServerProcess.prepare("upgrade-" + fixture, PORT_OFFSET)) {
            restore(server, "upgrade/" + fixture + "-" + database + ".sql.gz");
            server.start();
            String base = server.baseUrl();

            JsonObject system = get(base, "/api/admin/system").json();
            assertTrue(
                    Integer.parseInt(system.getString("schemaVersion"))
                            >= Integer.parseInt(expected.getString("schemaVersion")),
                    "schema version " + system.getString("schemaVersion") + " after migrating from "
                            + expected.getString("schemaVersion"));

            checkEvents(base, expected.getJsonObject("events"));
            checkGroups(base, expected.getJsonObject("groups"));
            checkViews(base, expected.getJsonObject("views"));
            checkCorrelations(base, sent);

            Map<Long, JsonObject> regrouped = sendAgain(base, sent, expected, fixture);
            checkNewEventsJoinedTheirGroups(base, expected, regrouped);

            server.stop();
            try (Connection connection = server.database().connect()) {
                List<String> problems = new ArrayList<>(Consistency.problems(connection));
                problems.addAll(failedMigrations(connection));
                assertEquals(
                        List.of(), problems, "aggregates that differ from a recount after the upgrade from " + fixture);
                assertEquals(sent.size() + regrouped.size(), Recount.rows(connection, "event"));
            }
        }
    }

    /** Every fixture event is readable, in the group and with the checksum the old release gave it. */
    private static void checkEvents(String base, JsonObject events) {
        List<String> wrong = new ArrayList<>();
        for (String id : events.keySet()) {
            JsonObject want = events.getJsonObject(id);
            Reply reply = get(base, "/api/1/events/" + id);
            if (reply.status() != 200) {
                wrong.add(id + ": " + reply.status() + " " + reply.body());
                continue;
            }
            JsonObject have = reply.json();
            if (have.getJsonNumber("groupId").longValue() != want.getInt("groupId")
                    || !have.getString("checksum").equals(want.getString("checksum"))
                    || !have.getString("type").equals(want.getString("type"))
                    || !instant(have, "timestamp").equals(instant(want, "timestamp"))
                    || !have.getString("correlationId", "").equals(want.getString("correlationId", ""))) {
                wrong.add(
                        id + ": was " + want + ", is group " + have.get("groupId") + " checksum " + have.get("checksum")
                                + " at " + have.get("timestamp") + " correlation " + have.get("correlationId"));
            }
            if (have.containsKey("grouping")) {
                wrong.add(id + ": stored before Lookout kept why, yet answers grouping " + have.get("grouping"));
            }
        }
        assertEquals(List.of(), wrong, "fixture events not read back as the old release stored them");
    }

    /** Every group keeps its checksum, count, first and last seen, status, summary and time spent. */
    private static void checkGroups(String base, JsonObject groups) {
        List<String> wrong = new ArrayList<>();
        for (String id : groups.keySet()) {
            JsonObject want = groups.getJsonObject(id);
            JsonObject have = get(base, "/api/1/groups/" + id).json();
            boolean same = have.getString("type").equals(want.getString("type"))
                    && have.getString("checksum").equals(want.getString("checksum"))
                    && have.getString("status").equals(want.getString("status"))
                    && have.getJsonNumber("count").longValue() == want.getInt("count")
                    && instant(have, "firstSeen").equals(instant(want, "firstSeen"))
                    && instant(have, "lastSeen").equals(instant(want, "lastSeen"))
                    && String.valueOf(instantOrNull(have, "resolvedAt"))
                            .equals(String.valueOf(instantOrNull(want, "resolvedAt")))
                    && have.getString("message").equals(want.getString("message"))
                    && have.getString("culprit", "").equals(want.getString("culprit", ""))
                    && sameTimeSpent(have.getJsonObject("timeSpent"), want.getJsonObject("timeSpent"));
            if (!same) {
                wrong.add(id + ": was " + want + ", is " + have);
            }
        }
        assertEquals(List.of(), wrong, "groups changed by the upgrade");
    }

    /** Every view keeps its definition and every view group its key, group, count, first and last seen. */
    private static void checkViews(String base, JsonObject views) {
        for (String slug : views.keySet()) {
            JsonObject want = views.getJsonObject(slug);
            JsonObject definition = get(base, "/api/1/views/" + slug).json();
            assertEquals(want.getString("name"), definition.getString("name"), slug);
            assertEquals(want.get("types"), definition.get("types"), slug);
            assertEquals(want.get("keys"), definition.get("keys"), slug);
            assertEquals("done", definition.getJsonObject("backfill").getString("state"), slug);

            Map<Long, String> wanted = new TreeMap<>();
            for (JsonValue value : want.getJsonArray("viewGroups")) {
                wanted.put(value.asJsonObject().getJsonNumber("id").longValue(), viewGroup(value.asJsonObject()));
            }
            Map<Long, String> listed = new TreeMap<>();
            for (String status : List.of("unresolved", "resolved", "ignored")) {
                String cursor = null;
                do {
                    JsonObject page = get(
                                    base,
                                    "/api/1/groups?view=" + slug + "&status=" + status + "&limit=500"
                                            + (cursor == null
                                                    ? ""
                                                    : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)))
                            .json();
                    for (JsonValue value : page.getJsonArray("groups")) {
                        listed.put(
                                value.asJsonObject().getJsonNumber("id").longValue(), viewGroup(value.asJsonObject()));
                    }
                    cursor = page.isNull("nextCursor") ? null : page.getString("nextCursor");
                } while (cursor != null);
            }
            assertEquals(wanted, listed, "the view groups of " + slug);
        }
    }

    /** Every correlation id still finds exactly the fixture events that carried it. */
    private static void checkCorrelations(String base, JsonArray sent) {
        Map<String, Set<String>> byCorrelation = new TreeMap<>();
        for (JsonValue value : sent) {
            JsonObject event = value.asJsonObject();
            byCorrelation
                    .computeIfAbsent(event.getString("correlationId"), c -> new TreeSet<>())
                    .add(event.getString("id"));
        }
        for (Map.Entry<String, Set<String>> correlation : byCorrelation.entrySet()) {
            Set<String> found =
                    get(base, "/api/1/correlations/" + correlation.getKey()).json().getJsonArray("events").stream()
                            .map(e -> e.asJsonObject().getString("id"))
                            .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(correlation.getValue(), found, "the events of correlation " + correlation.getKey());
        }
    }

    /**
     * Sends, for every group, a new event with the content of one of its fixture events (a new id,
     * the time now) and returns each group's new event as read back.
     */
    private static Map<Long, JsonObject> sendAgain(String base, JsonArray sent, JsonObject expected, String fixture) {
        JsonObject events = expected.getJsonObject("events");
        Map<Long, JsonObject> firstOfGroup = new TreeMap<>();
        for (JsonValue value : sent) {
            JsonObject event = value.asJsonObject();
            firstOfGroup.putIfAbsent(
                    events.getJsonObject(event.getString("id"))
                            .getJsonNumber("groupId")
                            .longValue(),
                    event);
        }
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        var batch = Json.createArrayBuilder();
        Map<Long, String> newIds = new TreeMap<>();
        int n = 0;
        for (Map.Entry<Long, JsonObject> entry : firstOfGroup.entrySet()) {
            String id = UUID.nameUUIDFromBytes(("upgrade-" + fixture + "-" + n++).getBytes(StandardCharsets.UTF_8))
                    .toString()
                    .replace("-", "");
            newIds.put(entry.getKey(), id);
            batch.add(Json.createObjectBuilder(entry.getValue()).add("id", id).add("timestamp", now));
        }
        Reply reply = send(base, batch.build().toString());
        assertEquals(202, reply.status(), reply.body());

        Map<Long, JsonObject> stored = new TreeMap<>();
        for (Map.Entry<Long, String> entry : newIds.entrySet()) {
            stored.put(
                    entry.getKey(),
                    LookoutClient.await(
                            () -> {
                                Reply read = get(base, "/api/1/events/" + entry.getValue());
                                return read.status() == 200 ? Optional.of(read.json()) : Optional.empty();
                            },
                            "the new event " + entry.getValue() + " to be stored"));
        }
        return stored;
    }

    /** Each new event is in its old group; the group counts it; the resolved group regressed, the ignored one stays ignored. */
    private static void checkNewEventsJoinedTheirGroups(
            String base, JsonObject expected, Map<Long, JsonObject> regrouped) {
        JsonObject groups = expected.getJsonObject("groups");
        assertEquals(groups.size(), regrouped.size(), "one new event per fixture group");
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<Long, JsonObject> entry : regrouped.entrySet()) {
            JsonObject want = groups.getJsonObject(Long.toString(entry.getKey()));
            JsonObject event = entry.getValue();
            JsonObject group = get(base, "/api/1/groups/" + entry.getKey()).json();
            String expectedStatus =
                    "resolved".equals(want.getString("status")) ? "unresolved" : want.getString("status");
            if (event.getJsonNumber("groupId").longValue() != entry.getKey()
                    || !event.getString("checksum").equals(want.getString("checksum"))
                    || group.getJsonNumber("count").longValue() != want.getInt("count") + 1
                    || !instant(group, "firstSeen").equals(instant(want, "firstSeen"))
                    || !instant(group, "lastSeen").equals(instant(event, "timestamp"))
                    || !group.getString("status").equals(expectedStatus)
                    || event.getJsonArray("grouping") == null
                    || event.getJsonArray("grouping").isEmpty()) {
                wrong.add("group " + entry.getKey() + " was " + want + "; the new event " + event + "; the group now "
                        + group);
            }
        }
        assertEquals(List.of(), wrong, "new events that did not join the fixture's groups");
        JsonObject regressed =
                get(base, "/api/1/groups/" + expected.getInt("resolvedGroup")).json();
        assertEquals("unresolved", regressed.getString("status"), "a new event reopens the resolved group");
        assertNotNull(
                instantOrNull(regressed, "regressedAt"), "the resolved group records its regression: " + regressed);
        assertNull(instantOrNull(regressed, "resolvedAt"), "a regressed group is no longer resolved: " + regressed);
        assertEquals(
                "ignored",
                get(base, "/api/1/groups/" + expected.getInt("ignoredGroup"))
                        .json()
                        .getString("status"));
    }

    /** Migrations Flyway recorded as failed (the deployment would have failed, but say which). */
    private static List<String> failedMigrations(Connection connection) throws SQLException {
        List<String> failed = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT \"version\", \"script\" FROM \"flyway_schema_history\" WHERE NOT \"success\"")) {
            while (rows.next()) {
                failed.add("migration " + rows.getString(1) + " (" + rows.getString(2) + ") failed");
            }
        }
        return failed;
    }

    /**
     * Restores a fixture into the server's fresh database before it starts: on H2 with the H2
     * WildFly ships ({@code RUNSCRIPT}, creating the file), which the releases of the fixtures ran
     * on, so the server opens a file an older H2 wrote; on PostgreSQL with {@code psql} as an
     * operator restores a plain {@code pg_dump}.
     */
    private static void restore(ServerProcess server, String resource)
            throws IOException, SQLException, InterruptedException {
        Path script = server.dataDir().resolveSibling("fixture.sql");
        try (InputStream in = new GZIPInputStream(resource(resource))) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Databases.Target target = server.database();
        if (!target.postgres()) {
            Properties credentials = new Properties();
            credentials.setProperty("user", target.user());
            credentials.setProperty("password", target.password());
            try (Connection connection = Databases.wildflyH2Driver().connect(target.url(), credentials);
                    Statement statement = connection.createStatement()) {
                statement.execute("RUNSCRIPT FROM '" + script.toString().replace("'", "''") + "'");
            }
            return;
        }
        URI url = URI.create(target.url().substring("jdbc:".length()));
        ProcessBuilder psql = new ProcessBuilder(
                        "psql",
                        "-h",
                        url.getHost(),
                        "-p",
                        Integer.toString(url.getPort() < 0 ? 5432 : url.getPort()),
                        "-U",
                        target.user(),
                        "-d",
                        url.getPath().substring(1),
                        "-v",
                        "ON_ERROR_STOP=1",
                        "-q",
                        "-f",
                        script.toString())
                .redirectErrorStream(true)
                .redirectOutput(
                        server.dataDir().resolveSibling("fixture-restore.log").toFile());
        psql.environment().put("PGPASSWORD", target.password());
        Process process = psql.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "psql restoring " + resource + " did not finish");
        assertEquals(
                0,
                process.exitValue(),
                "psql restoring " + resource + ": "
                        + Files.readString(server.dataDir().resolveSibling("fixture-restore.log")));
    }

    private static String viewGroup(JsonObject group) {
        return "group " + group.getJsonNumber("groupId").longValue() + " key " + group.get("key") + " count "
                + group.getJsonNumber("count").longValue() + " " + instant(group, "firstSeen") + ".."
                + instant(group, "lastSeen");
    }

    private static boolean sameTimeSpent(JsonObject have, JsonObject want) {
        return have.getJsonNumber("count").longValue()
                        == want.getJsonNumber("count").longValue()
                && Math.abs(have.getJsonNumber("total").doubleValue()
                                - want.getJsonNumber("total").doubleValue())
                        <= 1e-9 * Math.abs(want.getJsonNumber("total").doubleValue());
    }

    private static Instant instant(JsonObject json, String field) {
        return Instant.parse(json.getString(field));
    }

    private static Instant instantOrNull(JsonObject json, String field) {
        return json.containsKey(field) && !json.isNull(field) ? instant(json, field) : null;
    }

    private static Reply get(String base, String path) {
        String basic = Base64.getEncoder()
                .encodeToString(("admin:" + FIXTURE_ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        return execute(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Basic " + basic)
                .GET());
    }

    private static Reply send(String base, String body) {
        return execute(HttpRequest.newBuilder(URI.create(base + "/api/1/events"))
                .header("Authorization", "Bearer " + FIXTURE_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static Reply execute(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = UpgradeIT.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is not on the test class path");
        }
        return in;
    }

    private static JsonValue resourceJson(String name) throws IOException {
        try (InputStream in = resource(name);
                var reader = Json.createReader(in)) {
            return reader.readValue();
        }
    }
}
