package io.lookout.it.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.grouping.Recount;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A node of a two-node cluster killed with SIGKILL (as {@code kill -9}) and started again while
 * events arrive through the balancer (docs/scaling.md): every event the balancer answered {@code 202}
 * is stored exactly once, and a user signed in through the balancer on the killed node is still signed
 * in afterwards. The cluster is the one {@code deploy/cluster/cluster.sh} starts: the broker pair, two
 * nodes on one PostgreSQL database, the WildFly balancer. Senders send again what was not answered
 * {@code 202}, with the same event ids, as a client does. PostgreSQL only: nodes share one database.
 */
class ClusterFailoverIT {

    private static final int PORT_OFFSET = Integer.getInteger("lookout.port-offset", 0) + 130;
    private static final int SENDERS = 3;
    /** Events answered in each phase: before the kill, while the node is down, after its restart. */
    private static final int PHASE = 300;

    private static final Pattern VIEW_STATE =
            Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"");

    private Cluster cluster;

    @AfterEach
    void stopEverything() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aKilledNodeLosesNoAnsweredEventAndNoSignedInUser() throws Exception {
        Assumptions.assumeTrue(Databases.postgres(), "nodes share one database: PostgreSQL only");
        cluster = Cluster.prepare("cluster-failover", 2, PORT_OFFSET).start();
        String address = cluster.address();
        Api api = new Api(address);

        // a user signs in through the balancer; their session lives on one node, which is the one killed
        User user = new User(address);
        user.signIn("admin", ServerProcess.ADMIN_PASSWORD);
        assertTrue(user.signedIn(), "signed in through the balancer");
        int node = user.node();
        long pageStarted = System.nanoTime();
        assertTrue(user.signedIn(), "a page on the user's node");
        double pageSeconds = (System.nanoTime() - pageStarted) / 1e9;

        List<String> answered = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, Integer> notAccepted = new ConcurrentHashMap<>();
        AtomicBoolean enough = new AtomicBoolean();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < SENDERS; t++) {
            int sender = t;
            done.add(senders.submit(() -> {
                long stopAt = System.nanoTime() + Duration.ofMinutes(10).toNanos();
                for (int i = 0; !enough.get() && System.nanoTime() < stopAt; i++) {
                    String id = UUID.randomUUID().toString().replace("-", "");
                    String body = """
                            {"id": "%s", "type": "message", "message": "cluster %s", "tags": {"sender": "s%d"}}""".formatted(id, "abcdefgh".charAt(i % 8), sender);
                    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                    while (true) {
                        Api.Reply reply = api.send(body);
                        if (reply.status() == 202) {
                            answered.add(id);
                            break;
                        }
                        // not answered 202 (the node died under the request): sent again, as a client would
                        notAccepted.merge(reply.status(), 1, Integer::sum);
                        assertTrue(System.nanoTime() < deadline, "event " + id + " accepted within 120 s: " + reply);
                        ServerProcess.sleep(200);
                    }
                    ServerProcess.sleep(20);
                }
                return null;
            }));
        }
        awaitAnswered(answered, PHASE, "events answered before the kill");
        cluster.killNode(node);
        int atKill = answered.size();

        // the user's next page comes from the other node, which signs them in again from their login token
        long restoreStarted = System.nanoTime();
        assertTrue(user.signedIn(), "still signed in after node-" + node + " died");
        double restoreSeconds = (System.nanoTime() - restoreStarted) / 1e9;
        assertEquals(3 - node, user.node(), "the balancer sent the user to the node that lives");
        awaitAnswered(answered, atKill + PHASE, "events answered while node-" + node + " is down");

        cluster.startNode(node);
        int atRestart = answered.size();
        awaitAnswered(answered, atRestart + PHASE, "events answered after node-" + node + " restarted");
        enough.set(true);
        senders.shutdown();
        for (Future<?> sender : done) {
            sender.get(300, TimeUnit.SECONDS);
        }
        assertTrue(user.signedIn(), "still signed in after node-" + node + " restarted");

        // every answered event stored, each once (the consumers of both nodes drain the queue)
        Map<String, Integer> stored = Map.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (System.nanoTime() < deadline) {
            stored = storedEvents();
            if (stored.keySet().containsAll(answered)) {
                break;
            }
            ServerProcess.sleep(500);
        }
        Map<String, Integer> found = stored;
        // a node's death must not dead-letter what it was delivering (the broker counts those deliveries)
        Api.Reply letters = api.get("/api/admin/dead-letters?limit=10");
        List<String> missing =
                answered.stream().filter(id -> !found.containsKey(id)).toList();
        List<String> twice = found.entrySet().stream()
                .filter(entry -> entry.getValue() > 1)
                .map(Map.Entry::getKey)
                .toList();
        String restartedLog = Files.readString(cluster.log(node));
        System.out.printf(
                "cluster-failover: %d events answered (%d before the kill of node-%d, %d before its restart),"
                        + " not accepted by status %s, %d missing, %d stored twice, %d stored;"
                        + " a page on the user's node %.3f s, the first page after its death (another node, signed"
                        + " in again from the login token) %.3f s%n",
                answered.size(),
                atKill,
                node,
                atRestart,
                notAccepted,
                missing.size(),
                twice.size(),
                stored.size(),
                pageSeconds,
                restoreSeconds);
        assertEquals(200, letters.status(), letters.body());
        assertEquals(List.of(), letters.json().getJsonArray("messages"), "nothing dead-lettered: " + letters.body());
        assertEquals(List.of(), missing, "every answered event is stored");
        assertEquals(List.of(), twice, "no event is stored twice");
        assertEquals(answered.size(), stored.size(), "nothing is stored that was not answered");
        try (Connection connection = cluster.database().connect()) {
            assertEquals(List.of(), Recount.mismatches(connection), "the aggregates equal a recount from the events");
        }
        assertTrue(restartedLog.contains("WFLYSRV0025"), "node-" + node + " started again");
        assertTrue(
                Files.readString(cluster.log(3 - node)).contains("LOOKOUT0136: User admin signed in again"),
                "node-" + (3 - node) + " signed the user in again from the login token (LOOKOUT0136)");
        assertTrue(!notAccepted.containsKey(500), "no answer was a 500: " + notAccepted);
    }

    private static void awaitAnswered(List<String> answered, int count, String what) {
        ServerProcess.await(() -> answered.size() >= count ? true : null, Duration.ofSeconds(300), count + " " + what);
    }

    /** Event id to how many rows have it. */
    private Map<String, Integer> storedEvents() throws Exception {
        Map<String, Integer> stored = new HashMap<>();
        try (Connection connection = cluster.database().connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT event_id, COUNT(*) FROM event GROUP BY event_id")) {
            while (rows.next()) {
                stored.put(rows.getString(1).trim(), rows.getInt(2));
            }
        }
        return stored;
    }

    /** A browser as far as the pages care: cookies, the login form, a page. */
    private static final class User {

        private final String address;
        private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        private final HttpClient http;

        User(String address) {
            this.address = address;
            this.http = HttpClient.newBuilder()
                    .cookieHandler(cookies)
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
        }

        void signIn(String username, String password) throws IOException, InterruptedException {
            HttpResponse<String> form = get("/login.xhtml");
            Matcher state = VIEW_STATE.matcher(form.body());
            assertTrue(state.find(), "the login page has a view state: " + form.body());
            String body = "login=login&login%3Ausername=" + encode(username) + "&login%3Apassword=" + encode(password)
                    + "&login%3Asubmit=&jakarta.faces.ViewState=" + encode(state.group(1));
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create(address + "/login.xhtml"))
                            .timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .header("Origin", address)
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(answer.statusCode() < 400, "signing in: " + answer.statusCode());
        }

        /** Whether the start page shows (not the login page a stranger is sent to). */
        boolean signedIn() throws IOException, InterruptedException {
            HttpResponse<String> page = get("/index.xhtml");
            return page.statusCode() == 200 && !page.uri().getPath().endsWith("/login.xhtml");
        }

        /** The node of the user's session: its route, the session id's suffix {@code .node-N}. */
        int node() {
            for (HttpCookie cookie : cookies.getCookieStore().getCookies()) {
                if (cookie.getName().equals("JSESSIONID") && cookie.getValue().matches(".*\\.node-\\d")) {
                    return cookie.getValue().charAt(cookie.getValue().length() - 1) - '0';
                }
            }
            throw new AssertionError("no session cookie with a route: "
                    + cookies.getCookieStore().getCookies());
        }

        private HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return http.send(
                    HttpRequest.newBuilder(URI.create(address + path))
                            .timeout(Duration.ofSeconds(60))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        private static String encode(String text) {
            return URLEncoder.encode(text, StandardCharsets.UTF_8);
        }
    }
}
