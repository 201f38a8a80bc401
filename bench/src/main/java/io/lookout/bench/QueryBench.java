package io.lookout.bench;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures the read API of a running Lookout on the data {@link DataGenerator} wrote: picks
 * realistic parameters from the database (the view's busiest key values, a frequent, a medium and
 * a rare pair of tag values, the biggest group and a middle-sized one), warms up, then sends each
 * request N times one after the other and N times from C concurrent clients, and prints p50, p95,
 * p99 and max per operation with PASS or FAIL against the p95 target (50 ms). Bounded: at most N
 * requests and {@code --budget} seconds per operation and phase. Loopback only.
 *
 * <p>Two passes when {@code --fast-user} is given: as shipped (the admin user, whose PBKDF2 hash
 * with 210,000 iterations is slow by design: checked on every Basic-authenticated request before
 * commit 3edd7b1, once a minute per user since; its cost is in docs/benchmarks-queries.md), then the
 * same requests as an administrator whose hash has one iteration ({@link DataGenerator} creates
 * {@code bench}/{@code bench}), which leaves the cost of the queries themselves. A row "z" (list
 * the three views) shows the floor every authenticated request pays.
 *
 * <pre>
 * java -cp lookout-bench.jar:lib/* io.lookout.bench.QueryBench [--base=http://127.0.0.1:8180] [--user=admin]
 *     [--password=admin] [--db=jdbc:postgresql://127.0.0.1:5432/lookout_bench] [--db-user=postgres] [--db-password=]
 *     [--project=1] [--fast-user=bench --fast-password=bench] [--requests=200] [--clients=4] [--warmup=20]
 *     [--budget=8] [--target=50]
 * </pre>
 */
public final class QueryBench {

    /** Warm-up of one operation: at most this long (and {@code --warmup} requests). */
    private static final Duration WARMUP_BUDGET = Duration.ofSeconds(4);
    /** The pages' p95 target in ms (server rendering time at 1 M events). */
    private static final double PAGE_TARGET = 300;

    /**
     * One request to measure.
     *
     * @param page a JSF page, requested in a signed-in session (form login) instead of with HTTP Basic
     * @param target its p95 target in ms
     */
    record Operation(String id, String title, String path, String parameters, boolean page, double target) {

        Operation(String id, String title, String path, String parameters) {
            this(id, title, path, parameters, false, 0);
        }
    }

    record Result(
            Operation operation,
            int clients,
            long[] nanos,
            int errors,
            String firstError,
            boolean cutShort,
            int items,
            int bytes) {

        double percentile(double p) {
            if (nanos.length == 0) {
                return Double.NaN;
            }
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(p * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
        }

        double max() {
            return nanos.length == 0 ? Double.NaN : Arrays.stream(nanos).max().getAsLong() / 1e6;
        }
    }

    private final String base;
    private final String user;
    private final String password;
    private final String fastUser;
    private final String fastPassword;
    private final String db;
    private final String dbUser;
    private final String dbPassword;
    private final long project;
    private final int requests;
    private final int clients;
    private final int warmup;
    private final Duration budget;
    private final double target;
    private final HttpClient http;

    private QueryBench(Map<String, String> options) throws IOException {
        base = options.getOrDefault("base", "http://127.0.0.1:8180").replaceFirst("/+$", "");
        URI uri = URI.create(base);
        if (uri.getHost() == null || !InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
            throw new IllegalArgumentException(
                    "QueryBench only talks to a server on this machine (loopback), not " + base);
        }
        user = options.getOrDefault("user", "admin");
        password = options.getOrDefault("password", "admin");
        fastUser = options.get("fast-user");
        fastPassword = options.getOrDefault("fast-password", fastUser);
        db = options.getOrDefault("db", DataGenerator.DEFAULT_URL);
        dbUser = options.getOrDefault("db-user", "postgres");
        dbPassword = options.getOrDefault("db-password", "");
        project = Long.parseLong(options.getOrDefault("project", "1"));
        requests = Integer.parseInt(options.getOrDefault("requests", "200"));
        clients = Integer.parseInt(options.getOrDefault("clients", "4"));
        warmup = Integer.parseInt(options.getOrDefault("warmup", "20"));
        budget = Duration.ofSeconds(Long.parseLong(options.getOrDefault("budget", "8")));
        target = Double.parseDouble(options.getOrDefault("target", "50"));
        if (requests < 1 || requests > 10_000 || clients < 1 || clients > 16 || warmup < 0 || warmup > 1_000) {
            throw new IllegalArgumentException("need 1 <= requests <= 10000, 1 <= clients <= 16, 0 <= warmup <= 1000");
        }
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = DataGenerator.options(args);
        if (options.containsKey("help")) {
            System.out.println("QueryBench [--base=http://127.0.0.1:8180] [--user=admin] [--password=admin]"
                    + " [--db=" + DataGenerator.DEFAULT_URL + "] [--db-user=postgres] [--db-password=] [--project=1]"
                    + " [--fast-user=bench --fast-password=bench] [--requests=200] [--clients=4] [--warmup=20] [--budget=8]"
                    + " [--target=50]");
            return;
        }
        System.exit(new QueryBench(options).run() ? 0 : 1);
    }

    /** @return whether every operation met the target, as shipped, sequentially and without errors */
    private boolean run() throws Exception {
        List<Operation> operations = operations();
        System.out.printf(
                "QueryBench: %s, %d requests per operation sequentially and from %d clients, %d warm-up,"
                        + " at most %d s per phase, target p95 < %.0f ms%n",
                base, requests, clients, warmup, budget.toSeconds(), target);
        System.out.println("Parameters (picked from " + db + "):");
        for (Operation operation : operations) {
            System.out.printf(
                    "  %-3s %-40s GET %s%n      %s%n",
                    operation.id(), operation.title(), operation.path(), operation.parameters());
        }
        String shippedTitle = "as shipped: HTTP Basic as '" + user + "' (password hash: PBKDF2, 210,000 iterations)";
        List<Result> shipped = pass(shippedTitle, user, password, operations);
        List<Result> fast = null;
        String fastTitle = "queries only: HTTP Basic as '" + fastUser + "' (an administrator whose PBKDF2 hash has 1"
                + " iteration: the same requests without any password-hashing cost)";
        if (fastUser != null) {
            fast = pass(fastTitle, fastUser, fastPassword, operations);
        }
        System.out.println();
        boolean passed = table(shippedTitle, shipped);
        if (fast != null) {
            table(fastTitle, fast);
        }
        return passed;
    }

    private List<Result> pass(String title, String passUser, String passPassword, List<Operation> operations)
            throws InterruptedException, IOException {
        System.out.println();
        System.out.println("Pass " + title + " (load average " + loadAverage() + ")");
        String authorization = basic(passUser, passPassword);
        // pages: each client signs in once through the login form and keeps its session cookie
        List<HttpClient> sessions = new ArrayList<>();
        if (operations.stream().anyMatch(Operation::page)) {
            for (int i = 0; i < clients; i++) {
                sessions.add(signIn(passUser, passPassword));
            }
        }
        List<Result> results = new ArrayList<>();
        for (Operation operation : operations) {
            Result warm = measure(operation, authorization, sessions, 1, warmup, WARMUP_BUDGET);
            if (warm.errors() > 0) {
                System.out.printf(
                        "  %s warm-up: %d errors, first: %s%n", operation.id(), warm.errors(), warm.firstError());
            }
            Result sequential = measure(operation, authorization, sessions, 1, requests, budget);
            results.add(sequential);
            System.out.printf(
                    "  %-3s 1 client   %4d requests  p95 %8.1f ms  (%d items, %,d bytes)%n",
                    operation.id(),
                    sequential.nanos().length,
                    sequential.percentile(0.95),
                    sequential.items(),
                    sequential.bytes());
        }
        for (Operation operation : operations) {
            Result concurrent = measure(operation, authorization, sessions, clients, requests, budget);
            results.add(concurrent);
            System.out.printf(
                    "  %-3s %d clients  %4d requests  p95 %8.1f ms%n",
                    operation.id(), clients, concurrent.nanos().length, concurrent.percentile(0.95));
        }
        System.out.println("  (load average " + loadAverage() + ")");
        return results;
    }

    /** Prints the results as a Markdown table; whether every sequential result passed. */
    private boolean table(String title, List<Result> results) {
        System.out.printf(
                "Results, %s (%s, %s, ms):%n%n", title, Instant.now().toString().substring(0, 16) + "Z", base);
        System.out.println("| operation | clients | requests | p50 | p95 | p99 | max | p95 < target (ms) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---|");
        boolean allPassed = true;
        for (Result result : results) {
            double goal = target(result.operation());
            boolean passed = result.errors() == 0 && result.percentile(0.95) < goal;
            if (result.clients() == 1) {
                allPassed &= passed;
            }
            String verdict = (result.errors() > 0 ? "FAIL (" + result.errors() + " errors)" : passed ? "PASS" : "FAIL")
                    + " (" + (int) goal + ")";
            if (result.cutShort()) {
                verdict += " (time budget)";
            }
            System.out.printf(
                    Locale.ROOT,
                    "| %s %s | %d | %d | %.1f | %.1f | %.1f | %.1f | %s |%n",
                    result.operation().id(),
                    result.operation().title(),
                    result.clients(),
                    result.nanos().length,
                    result.percentile(0.5),
                    result.percentile(0.95),
                    result.percentile(0.99),
                    result.max(),
                    verdict);
        }
        for (Result result : results) {
            if (result.errors() > 0) {
                System.out.printf(
                        "%n%s (%d clients): %d errors, first: %s%n",
                        result.operation().id(), result.clients(), result.errors(), result.firstError());
            }
        }
        System.out.println();
        return allPassed;
    }

    private double target(Operation operation) {
        return operation.target() > 0 ? operation.target() : target;
    }

    /** The machine's 1, 5 and 15 minute load averages (others' work skews a 2-core benchmark), or "?". */
    static String loadAverage() {
        try {
            String[] fields = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                    .trim()
                    .split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends the operation's request {@code count} times from {@code clientCount} threads, within the
     * time budget: API requests with HTTP Basic, pages in the signed-in session of each client.
     */
    private Result measure(
            Operation operation,
            String authorization,
            List<HttpClient> sessions,
            int clientCount,
            int count,
            Duration budget)
            throws InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + operation.path()))
                .timeout(Duration.ofSeconds(30))
                .GET();
        HttpRequest request = operation.page()
                ? builder.header("Accept", "text/html").build()
                : builder.header("Authorization", authorization)
                        .header("Accept", "application/json")
                        .build();
        long deadline = System.nanoTime() + budget.toNanos();
        AtomicInteger started = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        AtomicReference<String> sample = new AtomicReference<>();
        ConcurrentLinkedQueue<Long> times = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clientCount; i++) {
            HttpClient session = operation.page() ? sessions.get(i) : http;
            Runnable client = () -> {
                while (System.nanoTime() < deadline && started.getAndIncrement() < count) {
                    long begin = System.nanoTime();
                    try {
                        HttpResponse<String> response = session.send(request, HttpResponse.BodyHandlers.ofString());
                        long elapsed = System.nanoTime() - begin;
                        if (response.statusCode() == 200
                                && !(operation.page() && response.body().contains("id=\"login\""))) {
                            times.add(elapsed);
                            sample.compareAndSet(null, response.body());
                        } else {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, response.statusCode() + " " + abbreviate(response.body()));
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e.toString());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            };
            Thread thread = new Thread(client, "bench-client-" + i);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long[] nanos = times.stream().mapToLong(Long::longValue).toArray();
        String body = sample.get() == null ? "" : sample.get();
        return new Result(
                operation,
                clientCount,
                nanos,
                errors.get(),
                firstError.get(),
                nanos.length + errors.get() < count,
                items(operation, body),
                body.getBytes(StandardCharsets.UTF_8).length);
    }

    /** The hidden field of a Faces form that carries its server-side view state id. */
    private static final Pattern VIEW_STATE = Pattern.compile(
            "<input[^>]*name=\"jakarta\\.faces\\.ViewState\"[^>]*value=\"([^\"]*)\"|<input[^>]*value=\"([^\"]*)\"[^>]*name=\"jakarta\\.faces\\.ViewState\"");

    /**
     * A client with its own cookie jar, signed in as a person would through {@code /login.xhtml}:
     * GET the form (the session cookie and the form's {@code jakarta.faces.ViewState}), then POST
     * the form's fields; {@code LookoutAuthenticationMechanism} checks the credential, gives the
     * session a new id (a new cookie) and redirects to the dashboard.
     */
    private HttpClient signIn(String name, String secret) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .build();
        URI login = URI.create(base + "/login.xhtml");
        HttpResponse<String> form = client.send(
                HttpRequest.newBuilder(login)
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher viewState = VIEW_STATE.matcher(form.body());
        if (form.statusCode() != 200 || !viewState.find()) {
            throw new IOException(
                    "no login form at " + login + ": " + form.statusCode() + " " + abbreviate(form.body()));
        }
        String state = viewState.group(1) != null ? viewState.group(1) : viewState.group(2);
        String fields =
                "login=login&" + encode("login:username") + "=" + encode(name) + "&" + encode("login:password") + "="
                        + encode(secret) + "&" + encode("login:submit") + "=&" + encode("jakarta.faces.ViewState") + "="
                        + encode(state.replace("&#58;", ":"));
        HttpResponse<String> answer = client.send(
                HttpRequest.newBuilder(login)
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(fields))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String location = answer.headers().firstValue("Location").orElse("");
        if (answer.statusCode() != 302 || location.contains("login.xhtml")) {
            throw new IOException("login as '" + name + "' failed: " + answer.statusCode() + " " + location + " "
                    + abbreviate(answer.body()));
        }
        return client;
    }

    /** How many events or groups the answer holds (to show the parameters hit data); rows for pages. */
    private static int items(Operation operation, String body) {
        Matcher matcher = Pattern.compile(operation.page() ? "<tr class=\"group\"|data-ri=\"" : "\"checksum\"")
                .matcher(body);
        int n = 0;
        while (matcher.find()) {
            n++;
        }
        return n;
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    // ------------------------------------------------------------------------------------------
    // parameters

    private List<Operation> operations() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", dbUser);
        properties.setProperty("password", dbPassword);
        List<Operation> operations = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(db, properties)) {
            long events = single(connection, "SELECT COUNT(*) FROM event WHERE project_id = ?", project);
            if (events == 0) {
                throw new IllegalStateException("project " + project + " has no events: run DataGenerator first");
            }

            // (a) a view's groups filtered by two tags: the view's two keys at their busiest values
            String slug = "all-by-server-environment";
            long viewId =
                    single(connection, "SELECT id FROM lookout_view WHERE project_id = ? AND slug = ?", project, slug);
            List<String> keys = keys(text(connection, "SELECT tag_keys FROM lookout_view WHERE id = ?", viewId));
            String k1 = text(
                    connection,
                    "SELECT k1 FROM view_group WHERE view_id = ? AND k1 IS NOT NULL GROUP BY k1"
                            + " ORDER BY SUM(times_seen) DESC, k1 LIMIT 1",
                    viewId);
            String k2 = text(
                    connection,
                    "SELECT k2 FROM view_group WHERE view_id = ? AND k1 = ? AND k2 IS NOT NULL"
                            + " GROUP BY k2 ORDER BY SUM(times_seen) DESC, k2 LIMIT 1",
                    viewId,
                    k1);
            long matching = single(
                    connection,
                    "SELECT COUNT(*) FROM view_group vg JOIN event_group g ON g.id = vg.group_id"
                            + " WHERE vg.view_id = ? AND vg.k1 = ? AND vg.k2 = ? AND g.status <> 'ignored'",
                    viewId,
                    k1,
                    k2);
            String query = term(keys.get(0), k1) + " " + term(keys.get(1), k2);
            operations.add(new Operation(
                    "a",
                    "view groups, 2 key tags",
                    "/api/" + project + "/groups?view=" + slug + "&query=" + encode(query),
                    "view " + slug + " keys " + keys + ", query [" + query + "]: " + matching
                            + " matching view groups"));

            // (a2) the same with one key of the view and one other tag (group_tag_value)
            String slug2 = "exceptions-by-url";
            long view2 =
                    single(connection, "SELECT id FROM lookout_view WHERE project_id = ? AND slug = ?", project, slug2);
            String key2 = keys(text(connection, "SELECT tag_keys FROM lookout_view WHERE id = ?", view2))
                    .get(0);
            String url = text(
                    connection,
                    "SELECT k1 FROM view_group WHERE view_id = ? AND k1 IS NOT NULL GROUP BY k1"
                            + " ORDER BY SUM(times_seen) DESC, k1 LIMIT 1",
                    view2);
            String browser = text(
                    connection,
                    "SELECT tag_value FROM tag_value WHERE project_id = ? AND tag_key = 'browser'"
                            + " ORDER BY times_seen DESC, tag_value LIMIT 1",
                    project);
            String query2 = term(key2, url) + " " + term("browser", browser);
            operations.add(new Operation(
                    "a2",
                    "view groups, key tag + other tag",
                    "/api/" + project + "/groups?view=" + slug2 + "&query=" + encode(query2),
                    "view " + slug2 + ", query [" + query2 + "]"));

            // (f) full-text (search, issue 21 item 5): the first word of the busiest group's search words, the
            // way a user types a class name; answered by the GIN index of event_group.search_words (V27, PostgreSQL
            // only)
            String word;
            try {
                word = text(
                        connection,
                        "SELECT split_part(search_words, ' ', 1) FROM event_group WHERE project_id = ?"
                                + " AND search_words <> '' ORDER BY times_seen DESC, id LIMIT 1",
                        project);
            } catch (IllegalStateException e) {
                word = null; // the words are not written yet (the backfill after start): no row
            }
            if (word != null) {
                operations.add(new Operation(
                        "f",
                        "groups, full-text word",
                        "/api/" + project + "/groups?query=" + encode(word),
                        "word [" + word + "]"));
            }

            // (b) the first page of events tagged A and B: a frequent, a medium and a rare pair
            List<long[]> frequent = new ArrayList<>();
            List<String[]> frequentText = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("SELECT id, tag_key, tag_value, times_seen"
                    + " FROM tag_value WHERE project_id = ? ORDER BY times_seen DESC, id LIMIT 20")) {
                statement.setLong(1, project);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next() && frequent.size() < 2) {
                        String key = rows.getString(2);
                        if (frequentText.stream().noneMatch(t -> t[0].equals(key))) {
                            frequent.add(new long[] {rows.getLong(1), rows.getLong(4)});
                            frequentText.add(new String[] {key, rows.getString(3)});
                        }
                    }
                }
            }
            operations.add(eventsOperation(
                    connection,
                    "b",
                    "events, frequent pair",
                    frequentText.get(0),
                    frequentText.get(1),
                    frequent.get(0)[0],
                    frequent.get(1)[0],
                    frequent.get(0)[1],
                    frequent.get(1)[1]));
            Operation medium =
                    pair(connection, "b2", "events, medium pair", events * 5 / 1000, events * 5 / 100, 100, 2_000);
            if (medium != null) {
                operations.add(medium);
            }
            Operation rare = pair(connection, "b3", "events, rare pair (< 1 page)", events / 1000, events / 100, 1, 49);
            if (rare != null) {
                operations.add(rare);
            }

            // (c) a group's detail: the biggest group, and one of about a thousand events
            long[] biggest = pairOf(
                    connection,
                    "SELECT id, times_seen FROM event_group WHERE project_id = ?"
                            + " ORDER BY times_seen DESC, id LIMIT 1",
                    project);
            operations.add(new Operation(
                    "c",
                    "group detail, biggest group",
                    "/api/" + project + "/groups/" + biggest[0],
                    "group " + biggest[0] + ": " + biggest[1] + " events, "
                            + single(connection, "SELECT COUNT(*) FROM group_tag_value WHERE group_id = ?", biggest[0])
                            + " group_tag_value rows"));
            long[] middle = pairOf(
                    connection,
                    "SELECT id, times_seen FROM event_group WHERE project_id = ?"
                            + " AND times_seen BETWEEN 500 AND 2000 ORDER BY times_seen DESC, id LIMIT 1",
                    project);
            if (middle != null) {
                operations.add(new Operation(
                        "c2",
                        "group detail, ~1k-event group",
                        "/api/" + project + "/groups/" + middle[0],
                        "group " + middle[0] + ": " + middle[1] + " events, "
                                + single(
                                        connection,
                                        "SELECT COUNT(*) FROM group_tag_value WHERE group_id = ?",
                                        middle[0])
                                + " group_tag_value rows"));
            }

            // the floor: an authenticated request that reads almost nothing (3 views)
            operations.add(
                    0,
                    new Operation(
                            "z",
                            "floor: list the views",
                            "/api/" + project + "/views",
                            "what every authenticated request costs before its own work"));

            // (d) the dashboard
            long views = single(connection, "SELECT COUNT(*) FROM lookout_view WHERE project_id = ?", project);
            long viewGroups = single(
                    connection,
                    "SELECT COUNT(*) FROM view_group vg JOIN lookout_view v ON v.id = vg.view_id"
                            + " WHERE v.project_id = ?",
                    project);
            operations.add(new Operation(
                    "d",
                    "dashboard",
                    "/api/" + project + "/dashboard",
                    views + " views, " + viewGroups
                            + " view groups, "
                            + single(connection, "SELECT COUNT(*) FROM event_group WHERE project_id = ?", project)
                            + " groups"));

            // the pages (issue: rendered in under 300 ms on the server at 1 M events), signed in through the form
            operations.add(new Operation(
                    "p1",
                    "page: dashboard (index.xhtml)",
                    "/index.xhtml",
                    "the landing page: every readable project, its types, its views' breakdowns with sparklines",
                    true,
                    PAGE_TARGET));
            operations.add(new Operation(
                    "p2",
                    "page: a view's groups (groups.xhtml)",
                    "/groups.xhtml?project=" + project + "&view=" + slug,
                    "first page (25 rows) of view " + slug + " by score",
                    true,
                    PAGE_TARGET));
            operations.add(new Operation(
                    "p3",
                    "page: a project's groups (groups.xhtml)",
                    "/groups.xhtml?project=" + project,
                    "first page (25 rows) of the project's groups by score",
                    true,
                    PAGE_TARGET));
            operations.add(new Operation(
                    "p4",
                    "page: the biggest group (group.xhtml)",
                    "/group.xhtml?project=" + project + "&id=" + biggest[0],
                    "group " + biggest[0] + " (" + biggest[1] + " events): its tags, hours and latest events",
                    true,
                    PAGE_TARGET));
            String latest = text(
                    connection,
                    "SELECT event_id FROM event WHERE group_id = ? ORDER BY received_at DESC, id DESC LIMIT 1",
                    biggest[0]);
            operations.add(new Operation(
                    "p5",
                    "page: an event (event.xhtml)",
                    "/event.xhtml?project=" + project + "&id=" + latest.trim(),
                    "the latest event of group " + biggest[0],
                    true,
                    PAGE_TARGET));
        }
        return operations;
    }

    /**
     * Two tag values of different keys, each on {@code min..max} events, that occur together on
     * {@code together} events within the bounds: candidates in a fixed order, the first fitting pair.
     */
    private Operation pair(Connection connection, String id, String title, long min, long max, long low, long high)
            throws SQLException {
        List<Object[]> candidates = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT id, tag_key, tag_value, times_seen"
                + " FROM tag_value WHERE project_id = ? AND times_seen BETWEEN ? AND ? AND tag_key NOT IN ('function', 'user')"
                + " ORDER BY times_seen DESC, id LIMIT 40")) {
            statement.setLong(1, project);
            statement.setLong(2, min);
            statement.setLong(3, max);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    candidates.add(
                            new Object[] {rows.getLong(1), rows.getString(2), rows.getString(3), rows.getLong(4)});
                }
            }
        }
        int tries = 0;
        for (int i = 0; i < candidates.size(); i++) {
            for (int j = candidates.size() - 1; j > i; j--) {
                Object[] a = candidates.get(i);
                Object[] b = candidates.get(j);
                if (a[1].equals(b[1]) || tries++ > 60) {
                    continue;
                }
                long together = single(
                        connection,
                        "SELECT COUNT(*) FROM event_tag a JOIN event_tag b ON b.event_id = a.event_id"
                                + " AND b.tag_value_id = ? WHERE a.tag_value_id = ?",
                        b[0],
                        a[0]);
                if (together >= low && together <= high) {
                    return eventsOperation(
                            connection,
                            id,
                            title,
                            new String[] {(String) a[1], (String) a[2]},
                            new String[] {(String) b[1], (String) b[2]},
                            (Long) a[0],
                            (Long) b[0],
                            (Long) a[3],
                            (Long) b[3]);
                }
            }
        }
        System.out.printf(
                "  (no tag value pair for %s: %d..%d events each, %d..%d together)%n", id, min, max, low, high);
        return null;
    }

    private Operation eventsOperation(
            Connection connection,
            String id,
            String title,
            String[] a,
            String[] b,
            long aId,
            long bId,
            long aCount,
            long bCount)
            throws SQLException {
        long together = single(
                connection,
                "SELECT COUNT(*) FROM event_tag a JOIN event_tag b ON b.event_id = a.event_id"
                        + " AND b.tag_value_id = ? WHERE a.tag_value_id = ?",
                bId,
                aId);
        String query = term(a[0], a[1]) + " " + term(b[0], b[1]);
        return new Operation(
                id,
                title,
                "/api/" + project + "/events?query=" + encode(query),
                "query [" + query + "]: " + aCount + " and " + bCount + " events, " + together
                        + " with both (tag_value ids " + aId + ", " + bId + ")");
    }

    /** {@code key:value}, quoted when the value holds whitespace or quotes (the query language). */
    static String term(String key, String value) {
        boolean plain = !value.isEmpty() && value.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"');
        return key + ":" + (plain ? value : "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static List<String> keys(String json) {
        List<String> keys = new ArrayList<>();
        Matcher matcher = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        while (matcher.find()) {
            keys.add(matcher.group(1));
        }
        return keys;
    }

    private static long single(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = bind(connection.prepareStatement(sql), parameters);
                ResultSet rows = statement.executeQuery()) {
            if (!rows.next()) {
                throw new IllegalStateException("no row for " + sql + " " + Arrays.toString(parameters));
            }
            return rows.getLong(1);
        }
    }

    private static String text(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = bind(connection.prepareStatement(sql), parameters);
                ResultSet rows = statement.executeQuery()) {
            if (!rows.next()) {
                throw new IllegalStateException("no row for " + sql + " " + Arrays.toString(parameters));
            }
            return rows.getString(1);
        }
    }

    private static long[] pairOf(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = bind(connection.prepareStatement(sql), parameters);
                ResultSet rows = statement.executeQuery()) {
            return rows.next() ? new long[] {rows.getLong(1), rows.getLong(2)} : null;
        }
    }

    private static PreparedStatement bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
