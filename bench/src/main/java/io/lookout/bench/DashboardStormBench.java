package io.lookout.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The dashboard under a storm (issue 22, docs/benchmarks.md "Dashboard under a storm"): the p95 of
 * the dashboard page ({@code /index.xhtml}, signed in as the admin, who sees every project) idle,
 * then while one project (project 1) is sent {@code FACTOR} times the server's capacity, which its
 * quota throttles (its events a minute set to half the capacity, no spike rule: the rest is
 * answered {@code 429}), and the ratio of the two; after a phase at the quota's own rate, three such
 * storms, each once the one before has been stored: by senders that back off on a {@code 429} as the
 * Sentry SDKs do ({@link Senders#SDK}), by senders that ignore it but wait for each answer
 * ({@link Senders#HOSTILE}), and by a flood that waits for nothing ({@link Senders#FLOOD}). The capacity is measured first as the ingest
 * benchmark does ({@link IngestBench#capacity}: clients at full speed, paused above 150 queued
 * messages), which also gives the dashboard thousands of groups to show, or taken from the
 * arguments. The storm's clients are {@link IngestBench}'s (the same kind of events, half single, half
 * batches of 20), paced at the storm's rate, sending bodies built once before it ({@link #STORM_BODIES}
 * of each kind, the same bytes again and again: a runaway application's storm). Loopback only; the server runs with the per-key rate
 * limit off, so the quota is what throttles. With a {@code PROXY_URL} (a reverse proxy in front of
 * {@code BASE_URL}, bench/dashboard-storm.sh's {@code PROXY=nginx}) the pages and the senders go through
 * it; the capacity, the quota and the progress are still read at {@code BASE_URL}.
 *
 * <pre>java -cp ... io.lookout.bench.DashboardStormBench BASE_URL PROJECT_KEY ADMIN_PASSWORD [CAPACITY] [IDLE_SECONDS] [STORM_SECONDS] [FACTOR] [PROXY_URL]</pre>
 */
public final class DashboardStormBench {

    /** The capacity phase's clients, as the ingest benchmark's default. */
    static final int CAPACITY_CLIENTS = 8;
    /** The storm's clients: enough that 429s answered in a few ms keep up with the offered rate. */
    static final int STORM_CLIENTS = 16;
    /**
     * The storm's distinct bodies of each kind (single, batch of 20), built before it: its clients then
     * only send bytes (building 1-2 KB of JSON per event took a share of the two cores the server needs).
     */
    static final int STORM_BODIES = 64;
    /** The page reader's pause between two loads of the dashboard: one reader, a person's pace times a few. */
    static final Duration PAUSE = Duration.ofMillis(200);
    /** Page loads before the idle phase that are not counted (the first renders compile the page). */
    static final int WARM_UP_LOADS = 15;
    /** The storm's first seconds are not counted (its clients starting, the quota's first minute filling). */
    static final int STORM_SETTLE_SECONDS = 5;
    /** The slowest loads of each phase printed with their times. */
    static final int SLOWEST = 10;
    /** Between two phases, at most this long for what the first one queued to be stored. */
    static final int DRAIN_SECONDS = 60;

    /** Who sends the storm. */
    enum Senders {
        /**
         * Not a storm: orderly senders at the quota's own rate, which it admits in full: the load the
         * quota lets through, without the refusals (the floor of what a storm can cost the page).
         */
        QUOTA_RATE("no storm: senders at the quota's rate"),
        /**
         * Applications on the Sentry SDKs: a {@code 429} stops each client for the seconds its
         * {@code X-Sentry-Rate-Limits} names, its events meanwhile dropped unsent (the SDKs' rate limiter).
         */
        SDK("senders that back off as the SDKs do"),
        /**
         * A runaway or hostile sender that ignores every {@code 429} and sends on at its rate, each of its
         * clients waiting for one answer before its next request (a slow answer slows it).
         */
        HOSTILE("senders that ignore the 429s"),
        /**
         * A flood: senders that ignore every {@code 429} and do not wait for answers either, each client
         * starting its requests at its rate whatever the server answers and when (at most
         * {@link IngestBench#OPEN_IN_FLIGHT} unanswered at once): the offered rate stays what was asked.
         */
        FLOOD("senders that ignore the 429s and do not wait for answers");

        final String label;

        Senders(String label) {
            this.label = label;
        }
    }

    private static final Pattern VIEW_STATE = Pattern.compile(
            "<input[^>]*name=\"jakarta\\.faces\\.ViewState\"[^>]*value=\"([^\"]*)\"|<input[^>]*value=\"([^\"]*)\"[^>]*name=\"jakarta\\.faces\\.ViewState\"");

    private final String base;
    /** Where the senders send: {@link #base}, or a proxy in front of it. */
    private final String front;
    /**
     * Where the pages are read: {@link #front}, or {@link #base} with {@code -Dstorm.pages-direct=true}
     * (the reader past the proxy while the senders go through it: what the proxy adds to a page).
     */
    private final String pages;

    private final String adminPassword;
    /** Who sends the flood: the benchmark's own JVM, or h2load ({@link H2loadFlood}). */
    private final boolean floodByH2load = "h2load".equals(System.getProperty("storm.flood", "java"));
    /**
     * Seconds of load before the capacity is measured (a fresh server's JIT warms up meanwhile: cold,
     * it stores a third of what it stores a minute later), from {@code -Dstorm.warm-up}.
     */
    private final int warmUpSeconds = Integer.getInteger("storm.warm-up", 60);
    /**
     * Project 1's quota in events a minute, from {@code -Dstorm.quota-per-minute}; 0: half the capacity
     * (30 × its events a second). 12,000 is what the shipped defaults admit to a project whose normal rate
     * is under 1,200 a minute (the spike rule's floor, docs/architecture.md, "Quotas").
     */
    private final long quotaPerMinute = Long.getLong("storm.quota-per-minute", 0);

    private final IngestBench ingest;
    /** The senders: {@link #ingest}, or one sending through the proxy. */
    private final IngestBench sending;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    DashboardStormBench(String base, String key, String adminPassword, String front) {
        this.base = base;
        this.front = front;
        this.pages = Boolean.getBoolean("storm.pages-direct") ? base : front;
        this.adminPassword = adminPassword;
        this.ingest = new IngestBench(base, key, adminPassword);
        this.sending = front.equals(base) ? ingest : new IngestBench(front, key, adminPassword);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println(
                    "usage: DashboardStormBench BASE_URL PROJECT_KEY ADMIN_PASSWORD [CAPACITY] [IDLE_SECONDS]"
                            + " [STORM_SECONDS] [FACTOR] [PROXY_URL]");
            System.exit(2);
        }
        double capacity = args.length > 3 ? Double.parseDouble(args[3]) : 0;
        int idleSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 30;
        int stormSeconds = args.length > 5 ? Integer.parseInt(args[5]) : 45;
        double factor = args.length > 6 ? Double.parseDouble(args[6]) : 10;
        String front = args.length > 7 ? args[7] : args[0];
        new DashboardStormBench(args[0], args[1], args[2], front).run(capacity, idleSeconds, stormSeconds, factor);
    }

    void run(double givenCapacity, int idleSeconds, int stormSeconds, double factor) throws Exception {
        double capacity = givenCapacity;
        if (capacity <= 0) {
            if (warmUpSeconds > 0) {
                System.out.printf(Locale.ROOT, "warm-up: %d s of the capacity's load, not counted%n", warmUpSeconds);
                ingest.capacity(CAPACITY_CLIENTS, warmUpSeconds);
            }
            capacity = ingest.capacity(CAPACITY_CLIENTS).processedRate();
            System.out.printf(
                    Locale.ROOT, "capacity (measured as the ingest benchmark does): %.0f events/s%n", capacity);
        } else {
            System.out.printf(Locale.ROOT, "capacity (given): %.0f events/s%n", capacity);
        }
        long perMinute = quotaPerMinute > 0 ? quotaPerMinute : Math.max(60, Math.round(capacity * 30));
        HttpResponse<String> quota = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/admin/projects/1/quota"))
                        .header("Authorization", basic())
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30))
                        .PUT(HttpRequest.BodyPublishers.ofString(
                                "{\"eventsPerMinute\": " + perMinute + ", \"spikeFactor\": 0}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (quota.statusCode() != 200) {
            throw new IOException("setting the quota: " + quota.statusCode() + " " + quota.body());
        }
        System.out.printf(
                Locale.ROOT,
                "project 1's quota: %d events a minute (%s), no spike rule%n",
                perMinute,
                quotaPerMinute > 0 ? "given" : "half the capacity");
        if (sending != ingest) {
            System.out.println((pages.equals(front) ? "pages and senders" : "senders (the pages direct)")
                    + " through the proxy at " + front);
        }

        HttpClient reader = signIn("admin", adminPassword);
        for (int i = 0; i < WARM_UP_LOADS; i++) {
            load(reader);
        }
        List<Long> idle = read(reader, idleSeconds, "idle");

        double rate = capacity * factor;
        IngestBench.Bodies bodies = sending.bodies(STORM_BODIES);
        long idleP95 = percentile(idle, 0.95);
        List<Storm> storms = new ArrayList<>();
        for (Senders senders : Senders.values()) {
            if (!storms.isEmpty()) {
                ingest.awaitDrained(Duration.ofSeconds(DRAIN_SECONDS));
            }
            double asked = senders == Senders.QUOTA_RATE ? perMinute / 60.0 : rate;
            storms.add(storm(reader, senders, bodies, capacity, factor, asked, stormSeconds, idleP95));
        }
        System.out.printf(
                Locale.ROOT, "%n| phase | dashboard loads | p50 ms | p95 ms | max ms |%n|---|---|---|---|---|%n");
        System.out.printf(
                Locale.ROOT,
                "| idle | %d | %d | %d | %d |%n",
                idle.size(),
                percentile(idle, 0.5),
                idleP95,
                idle.get(idle.size() - 1));
        storms.forEach(storm -> System.out.println(storm.row()));
        System.out.println();
        storms.forEach(storm -> System.out.println(storm.senders()));
        storms.forEach(storm -> System.out.println(storm.summary()));
    }

    /** What one storm printed: its row of the table, its line about the senders, its summary line. */
    record Storm(String row, String senders, String summary) {}

    /**
     * One storm on project 1 while the dashboard is read, by {@link #STORM_CLIENTS} of one kind of
     * {@link Senders}.
     */
    private Storm storm(
            HttpClient reader,
            Senders senders,
            IngestBench.Bodies bodies,
            double capacity,
            double factor,
            double rate,
            int stormSeconds,
            long idleP95)
            throws Exception {
        AtomicReference<IngestBench.Load> sent = new AtomicReference<>();
        AtomicReference<Exception> failed = new AtomicReference<>();
        double processedBefore = ingest.progress().processed();
        H2loadFlood external = senders == Senders.FLOOD && floodByH2load
                ? H2loadFlood.start(front + "/api/1/events", sending.key(), bodies, rate, stormSeconds)
                : null;
        Thread storm = new Thread(() -> {
            try {
                if (external != null) {
                    sent.set(external.finish(stormSeconds));
                    return;
                }
                sent.set(sending.load(
                        "/api/1/events",
                        STORM_CLIENTS,
                        stormSeconds,
                        null,
                        rate,
                        null,
                        bodies,
                        senders == Senders.SDK || senders == Senders.QUOTA_RATE,
                        senders == Senders.FLOOD));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                failed.set(e);
            }
        });
        storm.start();
        Thread.sleep(STORM_SETTLE_SECONDS * 1000L);
        Instant counted = Instant.now();
        Cpu before = Cpu.now();
        Duration floodBefore = external == null ? Duration.ZERO : external.cpu();
        List<Long> loud = read(reader, stormSeconds - STORM_SETTLE_SECONDS - 2, senders.name());
        Cpu used = Cpu.now().since(before);
        double floodCores =
                external == null ? 0 : external.cpu().minus(floodBefore).toNanos() / (double) used.wallNanos();
        Instant end = Instant.now();
        storm.join();
        if (failed.get() != null) {
            throw failed.get();
        }
        double processed = ingest.progress().processed() - processedBefore;
        IngestBench.Load load = sent.get();
        long stormP95 = percentile(loud, 0.95);
        String label = external == null ? senders.label : senders.label + ", sent by h2load";
        double offered = (load.events().get()
                        + load.refusedEvents().get()
                        + load.backedOff().get())
                / load.seconds();
        String row = String.format(
                Locale.ROOT,
                "| %s | %d | %d | %d | %d |",
                senders == Senders.QUOTA_RATE
                        ? label
                        : String.format(Locale.ROOT, "storm at %.0f× the capacity, %s", factor, label),
                loud.size(),
                percentile(loud, 0.5),
                stormP95,
                loud.get(loud.size() - 1));
        String line = String.format(
                Locale.ROOT,
                "%s: %.0f events/s asked (%.1f× %.0f), %.0f offered (%d clients), %.0f accepted,"
                        + " %.0f refused with 429 (%d requests), %.0f dropped by the clients while told to wait,"
                        + " %d other errors; %.0f events/s stored during it; pages counted from %s to %s;"
                        + " meanwhile the machine's CPU busy %.2f of %d cores, the benchmark's own JVM"
                        + " (senders and page reader) %.2f of them%s",
                label,
                rate,
                rate / capacity,
                capacity,
                offered,
                external == null ? STORM_CLIENTS : 2 * H2loadFlood.CLIENTS,
                load.eventsPerSecond(),
                load.refusedEvents().get() / load.seconds(),
                load.refused().get(),
                load.backedOff().get() / load.seconds(),
                load.errors().get() - load.refused().get(),
                processed / load.seconds(),
                counted,
                end,
                used.machineCores(),
                Runtime.getRuntime().availableProcessors(),
                used.ownCores(),
                external == null ? "" : String.format(Locale.ROOT, ", h2load (the flood) %.2f", floodCores));
        String summary = String.format(
                Locale.ROOT,
                "dashboard-storm (%s): p95 idle %d ms, during %.1f× the capacity (%.0f events/s offered)"
                        + " %d ms: ratio %.2f (target under 2)",
                label,
                idleP95,
                offered / capacity,
                offered,
                stormP95,
                idleP95 <= 0 ? Double.NaN : (double) stormP95 / idleP95);
        return new Storm(row, line, summary);
    }

    /**
     * CPU time so far: the machine's busy time (all processes, from {@code /proc/stat}, 0 where there is
     * none) and this JVM's, with the wall clock; {@link #since} turns two into cores used in between.
     */
    record Cpu(long wallNanos, long machineNanos, long ownNanos) {
        static Cpu now() {
            long machine = 0;
            try {
                // cpu  user nice system idle iowait irq softirq steal ...: in USER_HZ (100 a second)
                String[] fields =
                        Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                    machine += Long.parseLong(fields[i]) * 10_000_000L;
                }
            } catch (IOException | RuntimeException e) {
                machine = 0;
            }
            long own = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            return new Cpu(System.nanoTime(), machine, own);
        }

        Cpu since(Cpu before) {
            return new Cpu(
                    wallNanos - before.wallNanos, machineNanos - before.machineNanos, ownNanos - before.ownNanos);
        }

        double machineCores() {
            return (double) machineNanos / wallNanos;
        }

        double ownCores() {
            return (double) ownNanos / wallNanos;
        }
    }

    /**
     * Loads the dashboard every {@link #PAUSE} for a time; the times in ms, sorted. Prints the phase's
     * {@link #SLOWEST} slowest loads with the time each started (to set beside the server's log or a
     * recording).
     */
    private List<Long> read(HttpClient reader, int seconds, String phase) throws Exception {
        List<Long> times = new ArrayList<>();
        List<Map.Entry<Instant, Long>> started = new ArrayList<>();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < end) {
            Instant at = Instant.now();
            long millis = load(reader);
            times.add(millis);
            started.add(Map.entry(at, millis));
            Thread.sleep(PAUSE.toMillis());
        }
        Collections.sort(times);
        System.out.println(phase + ": slowest loads: "
                + started.stream()
                        .sorted(Map.Entry.<Instant, Long>comparingByValue().reversed())
                        .limit(SLOWEST)
                        .map(load -> LocalTime.ofInstant(load.getKey(), ZoneOffset.UTC) + " " + load.getValue() + " ms")
                        .collect(Collectors.joining(", ")));
        return times;
    }

    /** One load of the dashboard in the signed-in session: its time in ms. */
    private long load(HttpClient reader) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> page = reader.send(
                HttpRequest.newBuilder(URI.create(pages + "/index.xhtml"))
                        .timeout(Duration.ofSeconds(60))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (page.statusCode() != 200
                || page.body().contains("id=\"login\"")
                || !page.body().contains("section class=\"project\"")) {
            throw new IOException("the dashboard did not answer with its projects: " + page.statusCode());
        }
        return millis;
    }

    private String basic() {
        return "Basic "
                + Base64.getEncoder().encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8));
    }

    /** A client with its own cookie jar, signed in through the login form (as QueryBench does). */
    private HttpClient signIn(String name, String secret) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .build();
        URI login = URI.create(pages + "/login.xhtml");
        HttpResponse<String> form = client.send(
                HttpRequest.newBuilder(login)
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher viewState = VIEW_STATE.matcher(form.body());
        if (form.statusCode() != 200 || !viewState.find()) {
            throw new IOException("no login form at " + login + ": " + form.statusCode());
        }
        String state = viewState.group(1) != null ? viewState.group(1) : viewState.group(2);
        String fields = "login=login&" + encode("login:username") + "=" + encode(name) + "&" + encode("login:password")
                + "=" + encode(secret) + "&" + encode("login:submit") + "=&" + encode("jakarta.faces.ViewState") + "="
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
            throw new IOException("login as '" + name + "' failed: " + answer.statusCode() + " " + location);
        }
        return client;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
