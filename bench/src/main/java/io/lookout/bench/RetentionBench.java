package io.lookout.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The retention benchmark (docs/benchmarks.md, "Retention at 1 M expired events"), against a running
 * Lookout on PostgreSQL whose database holds expired events (DataGenerator --ending-days-ago):
 * <ol>
 * <li>sizes and dead tuples of the event tables, expired events;</li>
 * <li>capacity: the end-to-end ingest rate at full load (IngestBench's events, from concurrent clients
 *     that pause while the queue holds more than 200 messages, so that the consumer is saturated),
 *     measured after a 5 s warm-up;</li>
 * <li>normal: the end-to-end rate when driven at a fixed fraction (default half) of that capacity;</li>
 * <li>cleanup: the same fixed-rate load while {@code POST /api/admin/retention/run} is called again
 *     and again until a run reports that nothing expired is left; the end-to-end rate during it, as
 *     a percentage of normal; the time, rows per second;</li>
 * <li>sizes and dead tuples after, and again after a plain {@code VACUUM}.</li>
 * </ol>
 * Prints a summary line beginning with {@code retention:}. Every option is {@code --name=value}:
 * base, key, password, db, db-user, db-password, clients [8], capacity-seconds [40],
 * normal-seconds [60], fraction [0.5], rate (events/s; skips the capacity phase), max-cleanup-seconds [3600].
 */
public final class RetentionBench {

    static final List<String> TABLES = List.of(
            "event",
            "event_tag",
            "tag_value",
            "event_group",
            "group_tag_value",
            "group_hourly",
            "view_group",
            "view_group_hourly");
    /** Queue depth (messages) above which the full-speed clients pause. */
    private static final int QUEUE_CAP = 200;

    private static final long WARM_UP_NANOS = 5_000_000_000L;
    private static final Pattern NUMBER = Pattern.compile("\"(\\w+)\":(-?[0-9.]+|true|false)");

    private final String base;
    private final String key;
    private final String basic;
    private final String db;
    private final String dbUser;
    private final String dbPassword;
    private final IngestBench events;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private RetentionBench(Map<String, String> options) {
        base = options.getOrDefault("base", "http://127.0.0.1:8380");
        key = options.getOrDefault("key", DataGenerator.PROJECT_KEY);
        basic = "Basic "
                + Base64.getEncoder()
                        .encodeToString(("admin:" + options.getOrDefault("password", "admin"))
                                .getBytes(StandardCharsets.UTF_8));
        db = options.getOrDefault("db", "jdbc:postgresql://127.0.0.1:5432/lookout_retention_bench");
        dbUser = options.getOrDefault("db-user", "postgres");
        dbPassword = options.getOrDefault("db-password", "");
        events = new IngestBench(base, key, "unused");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = DataGenerator.options(args);
        RetentionBench bench = new RetentionBench(options);
        int clients = Integer.parseInt(options.getOrDefault("clients", "8"));
        int capacitySeconds = Integer.parseInt(options.getOrDefault("capacity-seconds", "40"));
        int normalSeconds = Integer.parseInt(options.getOrDefault("normal-seconds", "60"));
        double fraction = Double.parseDouble(options.getOrDefault("fraction", "0.5"));
        int maxCleanupSeconds = Integer.parseInt(options.getOrDefault("max-cleanup-seconds", "3600"));
        String rate = options.get("rate");
        System.exit(bench.run(
                clients,
                capacitySeconds,
                normalSeconds,
                fraction,
                rate == null ? -1 : Double.parseDouble(rate),
                maxCleanupSeconds));
    }

    int run(
            int clients,
            int capacitySeconds,
            int normalSeconds,
            double fraction,
            double fixedRate,
            int maxCleanupSeconds)
            throws Exception {
        Map<String, long[]> before = sizes();
        long expiredBefore = expired();
        long eventsBefore = count("SELECT COUNT(*) FROM event");
        System.out.printf(
                Locale.ROOT,
                "before: %,d events, %,d of them expired (older than their project's retention); load average %s%n",
                eventsBefore,
                expiredBefore,
                load());
        printSizes("before", before, null);

        double capacity;
        if (fixedRate > 0) {
            capacity = fixedRate / fraction;
            System.out.printf(
                    Locale.ROOT,
                    "%ncapacity: not measured, taken as %.0f events/s (--rate=%.0f at fraction %.2f)%n",
                    capacity,
                    fixedRate,
                    fraction);
        } else {
            System.out.printf(
                    Locale.ROOT,
                    "%n== capacity: %d clients at full speed for %d s (load average %s)%n",
                    clients,
                    capacitySeconds,
                    load());
            Phase full = drive(clients, Double.MAX_VALUE, capacitySeconds, null);
            capacity = full.processedPerSecond();
            System.out.printf(
                    Locale.ROOT,
                    "capacity: %.0f events/s end to end (%.0f accepted/s; %,d events processed in the last %.1f s,"
                            + " the consumer saturated: clients paused above %d queued messages); errors %d%n",
                    capacity,
                    full.acceptedPerSecond(),
                    full.processed,
                    full.seconds,
                    QUEUE_CAP,
                    full.errors);
        }
        double target = capacity * fraction;

        System.out.printf(
                Locale.ROOT,
                "%n== normal: %.0f events/s (%.0f %% of capacity) for %d s (load average %s)%n",
                target,
                fraction * 100,
                normalSeconds,
                load());
        Phase normal = drive(clients, target, normalSeconds, null);
        System.out.printf(
                Locale.ROOT,
                "normal: %.0f events/s end to end (%.0f accepted/s); queue depth at the end %.0f; "
                        + "slowest 5 s: %.0f events/s; errors %d%n",
                normal.processedPerSecond(),
                normal.acceptedPerSecond(),
                normal.queueAtEnd,
                normal.slowestWindow(),
                normal.errors);

        System.out.printf(
                Locale.ROOT, "%n== cleanup under the same load (%.0f events/s; load average %s)%n", target, load());
        List<String> reports = new ArrayList<>();
        AtomicBoolean cleanupDone = new AtomicBoolean();
        long[] cleanupNanos = new long[2];
        Thread cleaner = new Thread(() -> cleanup(reports, cleanupDone, cleanupNanos, maxCleanupSeconds));
        Phase during = drive(clients, target, -1, () -> {
            cleaner.start();
            return cleanupDone;
        });
        cleaner.join();
        double cleanupSeconds = (cleanupNanos[1] - cleanupNanos[0]) / 1e9;
        long expiredAfter = expired();
        long deleted = expiredBefore - expiredAfter;
        double percent = 100 * during.processedPerSecond() / normal.processedPerSecond();
        System.out.printf(
                Locale.ROOT,
                "during cleanup: %.0f events/s end to end (%.0f accepted/s) = %.0f %% of normal;"
                        + " queue depth at the end %.0f; slowest 5 s: %.0f events/s; errors %d%n",
                during.processedPerSecond(),
                during.acceptedPerSecond(),
                percent,
                during.queueAtEnd,
                during.slowestWindow(),
                during.errors);
        System.out.printf(
                Locale.ROOT,
                "cleanup: %,d expired events deleted in %.1f s = %.0f rows/s, %d runs, %,d left expired%n",
                deleted,
                cleanupSeconds,
                deleted / cleanupSeconds,
                reports.size(),
                expiredAfter);

        Map<String, long[]> after = sizes();
        printSizes("after the cleanup", after, before);
        long vacuumStart = System.nanoTime();
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            statement.execute("VACUUM (ANALYZE)");
        }
        double vacuumSeconds = (System.nanoTime() - vacuumStart) / 1e9;
        Map<String, long[]> vacuumed = sizes();
        printSizes(String.format(Locale.ROOT, "after a plain VACUUM (%.1f s)", vacuumSeconds), vacuumed, before);

        long sizeBefore = total(before, 0);
        long sizeAfter = total(after, 0);
        long sizeVacuumed = total(vacuumed, 0);
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "retention: %,d expired events deleted in %.0f s (%.0f rows/s) while ingesting at %.0f events/s"
                        + " (%.0f %% of capacity %.0f/s): ingest during cleanup %.0f %% of normal (%.0f vs %.0f events/s, %s);"
                        + " event tables %d MB before, %d MB after, %d MB after VACUUM; dead tuples after %,d; load average %s%n",
                deleted,
                cleanupSeconds,
                deleted / cleanupSeconds,
                target,
                fraction * 100,
                capacity,
                percent,
                during.processedPerSecond(),
                normal.processedPerSecond(),
                percent >= 80 ? "PASS >= 80 %" : "FAIL < 80 %",
                sizeBefore >> 20,
                sizeAfter >> 20,
                sizeVacuumed >> 20,
                total(after, 4),
                load());
        return 0;
    }

    /** Calls run-now until a run holds the lease and reports nothing expired left, or the time is up. */
    private void cleanup(List<String> reports, AtomicBoolean done, long[] nanos, int maxSeconds) {
        nanos[0] = System.nanoTime();
        try {
            while (System.nanoTime() - nanos[0] < Duration.ofSeconds(maxSeconds).toNanos()) {
                HttpResponse<String> reply = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/api/admin/retention/run"))
                                .header("Authorization", basic)
                                .timeout(Duration.ofMinutes(30))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                Map<String, String> report = fields(reply.body());
                reports.add(reply.body());
                System.out.printf(
                        Locale.ROOT,
                        "  run %d at %.0f s: %d %s%n",
                        reports.size(),
                        (System.nanoTime() - nanos[0]) / 1e9,
                        reply.statusCode(),
                        reply.body());
                if (reply.statusCode() != 200) {
                    Thread.sleep(1000);
                } else if ("true".equals(report.get("skipped"))) {
                    Thread.sleep(1000);
                } else if ("true".equals(report.get("complete"))) {
                    break;
                }
            }
        } catch (Exception e) {
            System.out.println("  cleanup failed: " + e);
        } finally {
            nanos[1] = System.nanoTime();
            done.set(true);
        }
    }

    /** What one phase of load achieved. */
    record Phase(
            long accepted,
            long processed,
            long errors,
            double seconds,
            double acceptSeconds,
            double queueAtEnd,
            List<double[]> windows) {
        double processedPerSecond() {
            return processed / seconds;
        }

        double acceptedPerSecond() {
            return accepted / acceptSeconds;
        }

        /** The lowest processed rate of a 5-second window. */
        double slowestWindow() {
            return windows.stream().mapToDouble(w -> w[1]).min().orElse(Double.NaN);
        }
    }

    interface Until {
        AtomicBoolean start() throws Exception;
    }

    /**
     * Drives load at {@code rate} events/s (or as fast as the clients go) for {@code seconds}, or,
     * when {@code until} is given, until the flag it returns is set. At full speed, the processed
     * rate counts until the queue is drained; at a fixed rate, it counts within the window only.
     */
    private Phase drive(int clients, double rate, int seconds, Until until) throws Exception {
        boolean full = rate == Double.MAX_VALUE;
        AtomicLong accepted = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        // at full speed the edge outruns the consumer: the clients pause while the queue holds more
        // than QUEUE_CAP messages, so the consumer stays saturated without a backlog to drain for minutes
        AtomicBoolean throttled = new AtomicBoolean();
        double processedBefore = metric("lookout_events_processed_total");
        long start = System.nanoTime();
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            Random random = new Random(System.nanoTime() + c);
            Thread client = new Thread(() -> {
                try {
                    long n = 0;
                    while (!stop.get()) {
                        if (full && throttled.get()) {
                            Thread.sleep(20);
                            continue;
                        }
                        if (!full) {
                            double allowed = rate * (System.nanoTime() - start) / 1e9;
                            if (accepted.get() >= allowed) {
                                Thread.sleep(2);
                                continue;
                            }
                        }
                        boolean batch = (n++ & 1) == 1;
                        int count = batch ? IngestBench.BATCH : 1;
                        StringBuilder body = new StringBuilder(count * 1600).append(batch ? "[" : "");
                        for (int i = 0; i < count; i++) {
                            body.append(i == 0 ? "" : ",").append(IngestBench.event(events.group(random), random));
                        }
                        body.append(batch ? "]" : "");
                        try {
                            HttpResponse<String> response = http.send(
                                    HttpRequest.newBuilder(URI.create(base + "/api/1/events"))
                                            .header("Authorization", "Bearer " + key)
                                            .header("Content-Type", "application/json")
                                            .timeout(Duration.ofSeconds(30))
                                            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() == 202) {
                                accepted.addAndGet(count);
                            } else {
                                errors.incrementAndGet();
                            }
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
            client.setDaemon(true);
            client.start();
        }
        AtomicBoolean finished = until == null ? null : until.start();
        List<double[]> windows = new ArrayList<>();
        double last = processedBefore;
        long lastAt = start;
        long end = seconds > 0 ? start + Duration.ofSeconds(seconds).toNanos() : Long.MAX_VALUE;
        double warm = processedBefore;
        long warmAt = start;
        while (System.nanoTime() < end && (finished == null || !finished.get())) {
            Thread.sleep(Math.max(1, Math.min(1000, (end - System.nanoTime()) / 1_000_000)));
            double now = metric("lookout_events_processed_total");
            long at = System.nanoTime();
            if (full) {
                throttled.set(metric("lookout_queue_depth") > QUEUE_CAP);
                if (at - start < WARM_UP_NANOS) {
                    warm = now;
                    warmAt = at;
                }
            }
            if (at - lastAt >= 4_500_000_000L) {
                windows.add(new double[] {(at - start) / 1e9, (now - last) / ((at - lastAt) / 1e9)});
                last = now;
                lastAt = at;
            }
        }
        stop.set(true);
        double acceptSeconds = (System.nanoTime() - start) / 1e9;
        double processedAtStop = metric("lookout_events_processed_total");
        double queue = metric("lookout_queue_depth");
        done.await();
        double processed = processedAtStop;
        double seconds_ = acceptSeconds;
        long processedFrom = (long) processedBefore;
        if (full) {
            // the consumer's rate while saturated, after the warm-up
            processedFrom = (long) warm;
            seconds_ = (System.nanoTime() - warmAt) / 1e9;
            processed = metric("lookout_events_processed_total");
        }
        // let the backlog of this phase drain before the next one starts
        long deadline = System.nanoTime() + Duration.ofSeconds(600).toNanos();
        while (metric("lookout_queue_depth") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        StringBuilder trace = new StringBuilder("  5 s windows (s: events/s):");
        for (double[] window : windows) {
            trace.append(String.format(Locale.ROOT, " %.0f:%.0f", window[0], window[1]));
        }
        System.out.println(trace);
        return new Phase(
                accepted.get(),
                (long) processed - processedFrom,
                errors.get(),
                seconds_,
                acceptSeconds,
                queue,
                windows);
    }

    // ---- database ----

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(db, dbUser, dbPassword);
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private long expired() throws SQLException {
        return count("SELECT COUNT(*) FROM event e JOIN project p ON p.id = e.project_id"
                + " WHERE e.occurred_at < now() - p.retention_days * INTERVAL '1 day'");
    }

    /** Per table: total size, heap, indexes, live tuples, dead tuples. */
    private Map<String, long[]> sizes() throws SQLException {
        Map<String, long[]> sizes = new LinkedHashMap<>();
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_stat_clear_snapshot()");
            for (String table : TABLES) {
                try (ResultSet row =
                        statement.executeQuery("SELECT pg_total_relation_size('" + table + "'), pg_relation_size('"
                                + table + "'), pg_indexes_size('" + table
                                + "'), n_live_tup, n_dead_tup FROM pg_stat_user_tables"
                                + " WHERE relname = '" + table + "'")) {
                    row.next();
                    sizes.put(table, new long[] {
                        row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4), row.getLong(5)
                    });
                }
            }
        }
        return sizes;
    }

    private static long total(Map<String, long[]> sizes, int column) {
        return sizes.values().stream().mapToLong(v -> v[column]).sum();
    }

    private static void printSizes(String title, Map<String, long[]> sizes, Map<String, long[]> before) {
        System.out.printf(
                Locale.ROOT,
                "%n%s:%n| table | total MB | heap MB | indexes MB | live tuples | dead tuples |%s%n",
                title,
                before == null ? "" : " total vs before |");
        System.out.println("|---|---:|---:|---:|---:|---:|" + (before == null ? "" : "---:|"));
        for (Map.Entry<String, long[]> table : sizes.entrySet()) {
            long[] v = table.getValue();
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %,d | %,d | %,d | %,d | %,d |%s%n",
                    table.getKey(),
                    v[0] >> 20,
                    v[1] >> 20,
                    v[2] >> 20,
                    v[3],
                    v[4],
                    before == null
                            ? ""
                            : String.format(Locale.ROOT, " %.0f %% |", 100.0 * v[0] / before.get(table.getKey())[0]));
        }
        System.out.printf(
                Locale.ROOT,
                "| all | %,d | %,d | %,d | %,d | %,d |%s%n",
                total(sizes, 0) >> 20,
                total(sizes, 1) >> 20,
                total(sizes, 2) >> 20,
                total(sizes, 3),
                total(sizes, 4),
                before == null
                        ? ""
                        : String.format(Locale.ROOT, " %.0f %% |", 100.0 * total(sizes, 0) / total(before, 0)));
    }

    // ---- server ----

    private double metric(String name) throws Exception {
        int port = Integer.parseInt(base.replaceFirst(".*:(\\d+)$", "$1")) + 1910;
        String text = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/prometheus"))
                                .GET()
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        for (String line : text.split("\n")) {
            if (line.startsWith(name)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private static Map<String, String> fields(String json) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher matcher = NUMBER.matcher(json);
        while (matcher.find()) {
            fields.put(matcher.group(1), matcher.group(2));
        }
        return fields;
    }

    private static String load() {
        try {
            return String.join(
                    " ",
                    List.of(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                                    .split(" "))
                            .subList(0, 3));
        } catch (Exception e) {
            return "?";
        }
    }
}
