package io.lookout.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ingest benchmark (docs/benchmarks.md): realistic mixed events (exception, message, query,
 * request; 1–2 KB; 10,000 distinct checksums with a Zipf-like skew; 10 tags each) from concurrent
 * clients, half single events and half batches of 20, against a running Lookout, with the two
 * ceilings measured in the same run: the edge (a no-op endpoint with the same payloads) and the
 * storage (plain JDBC batch inserts into the same database). Bounded in time; loopback only.
 *
 * <pre>java -cp ... io.lookout.bench.IngestBench BASE_URL PROJECT_KEY ADMIN_PASSWORD SERVER_PID [SECONDS] [CLIENTS] [HALF_RATE]</pre>
 *
 * <p>{@code SERVER_PID}: the server's process id, or the parts of a cluster whose CPU time the table
 * reports per stored event, {@code NAME=PID[+PID...]} separated by commas; the value {@code postgres}
 * stands for every process named {@code postgres} on the machine (the database server's backends and
 * its background writers), e.g. {@code nodes=4711+4712,brokers=4700+4701,balancer=4720,postgresql=postgres}
 * ({@code bench/cluster-bench.sh}). With a broker that the server cannot see into (a remote one: the
 * progress endpoint answers a queue depth of -1), the capacity phase estimates the queued messages
 * from the events accepted and stored, and a burst that the time budget cannot drain is waited for
 * instead of purged.
 *
 * <p>{@code HALF_RATE}: the latency phase's offered events/s; 0 (the default) is half of the
 * capacity the run measured (see {@link #capacity}). A fixed rate compares two versions of the
 * server at one offered load.
 */
public final class IngestBench {

    static final int GROUPS = 10_000;
    static final int BATCH = 20;
    /** A flood's requests that may be unanswered at once (a connection each). */
    static final int OPEN_IN_FLIGHT = 2000;

    static final int STORAGE_EVENTS = 50_000;
    /**
     * Queued messages above which the capacity phase's clients pause: enough to keep every consumer
     * busy (one and a half to three seconds of its work), and under the broker's paging threshold
     * (about 390 of these messages fill the event address's 10 MB) with what the edge accepts in
     * the 100 ms between two reads of the count.
     */
    static final int QUEUE_CAP = 150;
    /**
     * The capacity phase follows the burst, on a warm server; its first 10 s are not counted (the
     * consumer finishing what it held when the burst's drain ended, the throttle finding its level);
     * on a fresh server the capacity rises for more than a minute (docs/benchmarks.md).
     */
    static final int CAPACITY_SECONDS = 35;

    static final int CAPACITY_WARM_UP_SECONDS = 10;
    static final int CAPACITY_DRAIN_SECONDS = 20;
    static final int HALF_DRAIN_SECONDS = 20;
    static final int SAMPLES_PER_SECOND = 20;
    /**
     * The run's time, from the edge ceiling to the end of the full-load phase's drain: with the
     * build, the server's start and its stop, {@code bench/ingest-bench.sh} takes at most five
     * minutes (the drain of the burst is cut short when it would not; the table then says how much
     * of it was stored).
     */
    static final Duration BUDGET =
            Duration.ofSeconds(Long.parseLong(System.getenv().getOrDefault("BUDGET_SECONDS", "235")));

    static final Duration MIN_DRAIN = Duration.ofSeconds(10);
    static final Duration MAX_DRAIN = Duration.ofSeconds(180);
    static final Pattern IDS = Pattern.compile("\"([0-9a-f]{32})\"");

    private final String base;
    private final String key;
    private final String basic;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final double[] zipf = new double[GROUPS];
    /** Events accepted by {@code /api/} in all phases: with a remote broker, what is queued is this less what is stored. */
    private final AtomicLong acceptedEvents = new AtomicLong();

    IngestBench(String base, String key, String adminPassword) {
        this.base = base;
        this.key = key;
        this.basic = "Basic "
                + Base64.getEncoder().encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8));
        double sum = 0;
        for (int i = 0; i < GROUPS; i++) {
            sum += 1 / Math.pow(i + 1, 1.1);
            zipf[i] = sum;
        }
        for (int i = 0; i < GROUPS; i++) {
            zipf[i] /= sum;
        }
    }

    /** The project key the senders send with. */
    String key() {
        return key;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println(
                    "usage: IngestBench BASE_URL PROJECT_KEY ADMIN_PASSWORD SERVER_PID [SECONDS] [CLIENTS] [HALF_RATE]");
            System.exit(2);
        }
        int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 60;
        int clients = args.length > 5 ? Integer.parseInt(args[5]) : 8;
        double halfRate = args.length > 6 ? Double.parseDouble(args[6]) : 0;
        IngestBench bench = new IngestBench(args[0], args[1], args[2]);
        // -Dwarm-up.capacity=N (bench/ingest-bench.sh's RESTART=1): the warm-up of a restarted server,
        // for SECONDS, beside the capacity N the run measured before the restart
        double capacityBefore = Double.parseDouble(System.getProperty("warm-up.capacity", "0"));
        if (capacityBefore > 0) {
            bench.warmUp(clients, capacityBefore, seconds);
        } else {
            bench.run(Part.parse(args[3]), seconds, clients, halfRate);
        }
    }

    void run(List<Part> parts, int seconds, int clients, double halfRate) throws Exception {
        long deadline = System.nanoTime() + BUDGET.toNanos();
        System.out.printf(
                Locale.ROOT,
                "ingest-bench: %d clients, %d s, payloads: half single events, half batches of %d%n",
                clients,
                seconds,
                BATCH);
        int rules = Integer.parseInt(System.getenv().getOrDefault("ALERT_RULES", "0"));
        if (rules > 0) {
            createAlertRules(rules);
            System.out.printf(
                    Locale.ROOT,
                    "alert rules: %d on the project (new-group, regression, frequency, view-frequency;"
                            + " scopes by type and tags; a webhook nobody answers)%n",
                    rules);
        }
        int groupingRules = Integer.parseInt(System.getenv().getOrDefault("GROUPING_RULES", "0"));
        if (groupingRules > 0) {
            putGroupingRules(groupingRules);
            System.out.printf(
                    Locale.ROOT,
                    "grouping rules: %d on the project (strip, -app/+app, fingerprint; most match some events,"
                            + " none changes how many groups the load makes)%n",
                    groupingRules);
        }
        int edgeSeconds = Math.max(10, seconds / 4);
        Load edge = load("/lookout-bench/noop", clients, edgeSeconds, null, 0, null);
        System.out.printf(
                Locale.ROOT,
                "edge ceiling (no-op endpoint): %.0f events/s (%.0f requests/s)%n",
                edge.eventsPerSecond(),
                edge.requestsPerSecond());

        String storage = post(
                        "/lookout-bench/storage?events=" + STORAGE_EVENTS + "&tags=10&batch=1000&dataChars=1000",
                        "",
                        basic,
                        Duration.ofMinutes(5))
                .body();
        double storageRate = Double.parseDouble(field(storage, "eventsPerSecond"));
        System.out.printf(
                Locale.ROOT,
                "storage ceiling (JDBC batches, %,d events with 10 tag links each): %.0f events/s%n",
                STORAGE_EVENTS,
                storageRate);

        // the burst, first: what the clients send at full speed is more than the consumer stores (on
        // H2, minutes more), so its drain gets the run's time budget less what the two phases after
        // it need; it also warms the server up (docs/benchmarks.md, Ingest)
        int halfSeconds = Math.max(20, seconds / 2);
        Duration drainLimit = Duration.ofNanos(deadline - System.nanoTime())
                .minusSeconds(seconds
                        + CAPACITY_SECONDS
                        + CAPACITY_DRAIN_SECONDS
                        + halfSeconds
                        + HALF_DRAIN_SECONDS
                        + edgeSeconds);
        // the server's CPU time per stored event: less sensitive than a rate to what else runs on the
        // machine (a neighbour takes wall-clock time from the server, not CPU time per event)
        double processed0 = progress().processed();
        long[] cpu0 = Part.cpuMillis(parts);
        Phase full = phase(
                clients,
                seconds,
                0,
                drainLimit.compareTo(MIN_DRAIN) < 0
                        ? MIN_DRAIN
                        : drainLimit.compareTo(MAX_DRAIN) > 0 ? MAX_DRAIN : drainLimit);
        double processed1 = progress().processed();
        long[] cpu1 = Part.cpuMillis(parts);
        long left = 0;
        String drained = "";
        if (full.processed() < full.load().events().get()) {
            // the next phases measure without a backlog: what still waits is removed from the queue
            HttpResponse<String> purged = post("/lookout-bench/purge", "", basic, Duration.ofSeconds(30));
            if (purged.statusCode() != 200) {
                // a remote broker: the queue is not the server's to empty; the drain goes on
                double stored = awaitProcessed(processed0 + full.load().events().get(), MAX_DRAIN);
                drained = String.format(
                        Locale.ROOT,
                        "; the queue could not be emptied (a remote broker), so the next phase waited"
                                + " for the rest of the drain: %.0f of %d stored",
                        stored - processed0,
                        full.load().events().get());
            } else {
                left = Long.parseLong(field(purged.body(), "removed"));
            }
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (progress().queueDepth() > QUEUE_CAP && System.nanoTime() < until) {
                Thread.sleep(250); // what the consumer still held when its delivery stopped
            }
        }
        // the maximum load the server sustains with its load driver on the same cores
        Capacity capacity = capacity(clients);
        // accept→visible at half of the maximum load: paced clients at half the capacity just
        // measured, or at the rate asked for; no backlog builds up in either phase
        Phase half = phase(
                clients,
                halfSeconds,
                halfRate > 0 ? halfRate : capacity.processedRate() / 2,
                Duration.ofSeconds(HALF_DRAIN_SECONDS));
        double processed2 = progress().processed();
        long[] cpu2 = Part.cpuMillis(parts);
        // the edge ceiling again, on the warm server with the queue empty: the first was measured on a
        // server and clients just started (their JIT still compiling), four to five times lower, which
        // flattered the ratio; the capacity is compared with the higher of the two (docs/benchmarks.md,
        // session 26)
        Load edgeWarm = load("/lookout-bench/noop", clients, edgeSeconds, null, 0, null);
        System.out.printf(
                Locale.ROOT,
                "edge ceiling again, warm: %.0f events/s (%.0f requests/s)%n",
                edgeWarm.eventsPerSecond(),
                edgeWarm.requestsPerSecond());
        double edgeCeiling = Math.max(edge.eventsPerSecond(), edgeWarm.eventsPerSecond());
        double[] cpuFullByPart = new double[parts.size()];
        double[] cpuLaterByPart = new double[parts.size()];
        for (int i = 0; i < parts.size(); i++) {
            cpuFullByPart[i] = (cpu1[i] - cpu0[i]) / Math.max(1, processed1 - processed0);
            cpuLaterByPart[i] = (cpu2[i] - cpu1[i]) / Math.max(1, processed2 - processed1);
        }
        double cpuFull = java.util.Arrays.stream(cpuFullByPart).sum();
        double cpuLater = java.util.Arrays.stream(cpuLaterByPart).sum();
        long rss = parts.stream().mapToLong(Part::rssMegabytes).sum();

        System.out.println();
        System.out.println("| measure | value |");
        System.out.println("|---|---|");
        System.out.printf(
                Locale.ROOT,
                "| accepted (full load) | %.0f events/s (%d events, %.0f requests/s) |%n",
                full.load().eventsPerSecond(),
                full.load().events().get(),
                full.load().requestsPerSecond());
        System.out.printf(
                Locale.ROOT,
                "| processed end to end (full load) | %.0f events/s (%.0f of %d stored in %.1f s%s) |%n",
                full.processedRate(),
                full.processed(),
                full.load().events().get(),
                full.seconds(),
                left > 0
                        ? "; the run's time budget ended the drain, and the " + left
                                + " messages still queued were removed"
                        : drained);
        System.out.printf(
                Locale.ROOT,
                "| processed while the clients sent (full load) | %.0f events/s |%n",
                full.processedWhileLoadingRate());
        System.out.printf(
                Locale.ROOT,
                "| accept → visible (full load) | p50 %d ms, p99 %d ms (%d samples) |%n",
                full.p50(),
                full.p99(),
                full.samples());
        System.out.printf(
                Locale.ROOT,
                "| capacity (clients at full speed, paused above %d queued messages) | %.0f events/s processed"
                        + " (%.0f accepted/s) |%n",
                QUEUE_CAP,
                capacity.processedRate(),
                capacity.load().eventsPerSecond());
        System.out.printf(
                Locale.ROOT,
                "| half load%s: offered, processed | %.0f events/s, %.0f events/s |%n",
                halfRate > 0 ? " (HALF_RATE " + Math.round(halfRate) + ")" : "",
                half.load().eventsPerSecond(),
                half.processedRate());
        System.out.printf(
                Locale.ROOT,
                "| accept → visible (half load) | p50 %d ms, p99 %d ms (%d samples) |%n",
                half.p50(),
                half.p99(),
                half.samples());
        System.out.printf(
                Locale.ROOT,
                "| edge ceiling | %.0f events/s (%.0f at the start, %.0f warm after the load) |%n",
                edgeCeiling,
                edge.eventsPerSecond(),
                edgeWarm.eventsPerSecond());
        System.out.printf(
                Locale.ROOT, "| capacity / edge ceiling | %.1f %% |%n", 100 * capacity.processedRate() / edgeCeiling);
        System.out.printf(Locale.ROOT, "| storage ceiling | %.0f events/s |%n", storageRate);
        if (parts.size() == 1) {
            System.out.printf(Locale.ROOT, "| server RSS | %d MB |%n", rss);
            System.out.printf(
                    Locale.ROOT,
                    "| server CPU per stored event | %.2f ms in the full-load phase (its groups new), %.2f ms in the"
                            + " capacity and half-load phases |%n",
                    cpuFull,
                    cpuLater);
        } else {
            System.out.printf(Locale.ROOT, "| RSS of the parts but PostgreSQL | %d MB |%n", rss);
            for (int i = 0; i < parts.size(); i++) {
                System.out.printf(
                        Locale.ROOT,
                        "| CPU per stored event: %s | %.2f ms in the full-load phase (%.0f %%), %.2f ms in the capacity"
                                + " and half-load phases (%.0f %%) |%n",
                        parts.get(i).name(),
                        cpuFullByPart[i],
                        100 * cpuFullByPart[i] / Math.max(1e-9, cpuFull),
                        cpuLaterByPart[i],
                        100 * cpuLaterByPart[i] / Math.max(1e-9, cpuLater));
            }
            System.out.printf(
                    Locale.ROOT,
                    "| CPU per stored event: all parts | %.2f ms in the full-load phase, %.2f ms after |%n",
                    cpuFull,
                    cpuLater);
        }
        System.out.printf(
                Locale.ROOT,
                "| errors | %d |%n",
                full.load().errors().get()
                        + capacity.load().errors().get()
                        + half.load().errors().get()
                        + edge.errors().get()
                        + edgeWarm.errors().get());
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "ingest: %.0f events/s end-to-end (%.0f%% of storage ceiling, %.0f%% of edge ceiling), capacity %.0f"
                        + " events/s (%.1f%% of edge ceiling), p99 accept→visible %d ms, RSS %d MB%n",
                full.processedRate(),
                100 * full.processedRate() / storageRate,
                100 * full.processedRate() / edgeCeiling,
                capacity.processedRate(),
                100 * capacity.processedRate() / edgeCeiling,
                half.p99(),
                rss);
        System.out.printf(
                Locale.ROOT,
                "cpu: %.2f ms per stored event at full load (new groups), %.2f ms after (known groups)%n",
                cpuFull,
                cpuLater);
    }

    /** One load phase and its drain: what was accepted, what reached its group, how fast it became visible. */
    record Phase(
            Load load,
            double processed,
            double seconds,
            double processedWhileLoading,
            long p50,
            long p99,
            int samples) {
        double processedRate() {
            return processed / seconds;
        }

        /** Events/s that reached their groups while the clients were sending (the consumer sharing the cores with them). */
        double processedWhileLoadingRate() {
            return processedWhileLoading / load.seconds();
        }
    }

    /**
     * The capacity phase: what was sent, the events/s that reached their groups after the warm-up, and
     * the events/s stored in each {@link #SLICE_SECONDS} s from the start.
     */
    record Capacity(Load load, double processedRate, List<Double> slices) {}

    /** The capacity phase's slices, whose stored events/s it prints. */
    static final int SLICE_SECONDS = 5;

    /** A restarted server is warm once one slice stores this share of its warm rate ({@link #warmUp}). */
    static final double WARM_SHARE = 0.8;

    /**
     * The maximum load the server sustains on this machine: the clients send as fast as they go but
     * pause while more than {@link #QUEUE_CAP} messages are queued, so the consumer is saturated
     * while the edge accepts only about what it takes (at full speed the edge accepts three to four
     * times as much and takes the cores from the consumer; with the backlog drained alone, the
     * consumer has them to itself, which no sender on the same machine leaves it). Processed
     * events/s after a warm-up; returns once what it sent is stored.
     */
    Capacity capacity(int clients) throws Exception {
        return capacity(clients, CAPACITY_SECONDS);
    }

    /** {@link #capacity(int)} for a number of seconds. */
    Capacity capacity(int clients, int seconds) throws Exception {
        AtomicBoolean throttle = new AtomicBoolean();
        AtomicReference<Load> sent = new AtomicReference<>();
        double before = progress().processed();
        long acceptedBefore = acceptedEvents.get();
        Thread driver = new Thread(() -> {
            try {
                sent.set(load("/api/1/events", clients, seconds, null, 0, throttle));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long start = System.nanoTime();
        driver.start();
        double warm = before;
        long warmAt = start;
        double processed = before;
        long at = start;
        // the stored events/s of each 5 s, printed: whether the warm-up was long enough shows
        List<Double> slices = new ArrayList<>();
        double sliceStart = before;
        long sliceAt = start;
        while (driver.isAlive()) {
            Thread.sleep(100);
            Progress now = progress();
            at = System.nanoTime();
            processed = now.processed();
            // a remote broker's depth is not known here: the accepted events not yet stored, in messages
            double queued = now.queueDepth() >= 0
                    ? now.queueDepth()
                    : (acceptedEvents.get() - acceptedBefore - (processed - before)) / ((1 + BATCH) / 2.0);
            throttle.set(queued > QUEUE_CAP);
            if (at - start < Duration.ofSeconds(CAPACITY_WARM_UP_SECONDS).toNanos()) {
                warm = processed;
                warmAt = at;
            }
            if (at - sliceAt >= SLICE_SECONDS * 1_000_000_000L) {
                slices.add((processed - sliceStart) / ((at - sliceAt) / 1e9));
                sliceStart = processed;
                sliceAt = at;
            }
        }
        driver.join();
        System.out.printf(
                Locale.ROOT,
                "capacity: events/s stored in each %d s (the first %d s not counted):%s%n",
                SLICE_SECONDS,
                CAPACITY_WARM_UP_SECONDS,
                slices.stream()
                        .map(rate -> String.format(Locale.ROOT, " %.0f", rate))
                        .collect(java.util.stream.Collectors.joining()));
        awaitProcessed(before + sent.get().events().get(), Duration.ofSeconds(CAPACITY_DRAIN_SECONDS));
        return new Capacity(sent.get(), (processed - warm) / ((at - warmAt) / 1e9), slices);
    }

    /**
     * The warm-up of a server just restarted on the data of a run (bench/ingest-bench.sh's
     * {@code RESTART=1}; issue 24: 80 % of the warm capacity within 20 s): the capacity phase from its
     * first second, for {@code seconds}; its warm rate is the mean of the slices of the second half (the
     * same server on the same data, so the machine's drift between runs does not enter), and the first
     * slice that stores {@link #WARM_SHARE} of it is when it was warm. The capacity the run measured before
     * the restart is printed beside it.
     */
    void warmUp(int clients, double capacityBefore, int seconds) throws Exception {
        List<Double> slices = capacity(clients, seconds).slices();
        if (slices.size() < 4) {
            throw new IllegalArgumentException("too short to tell a warm-up: " + seconds + " s");
        }
        double warm = slices.subList(slices.size() / 2, slices.size()).stream()
                .mapToDouble(Double::doubleValue)
                .average()
                .orElseThrow();
        // some slice of the second half is at least its mean, so one is found
        int first = 0;
        while (slices.get(first) < WARM_SHARE * warm) {
            first++;
        }
        int warmAfter = (first + 1) * SLICE_SECONDS;
        System.out.printf(
                Locale.ROOT,
                "warm-up after a restart on the run's data: warm rate %.0f events/s (the mean of the last %d s;"
                        + " the run measured a capacity of %.0f before the restart), %.0f %% of it first stored in the"
                        + " %d s ending %d s after the load began (target: 20)%n",
                warm,
                (slices.size() - slices.size() / 2) * SLICE_SECONDS,
                capacityBefore,
                WARM_SHARE * 100,
                SLICE_SECONDS,
                warmAfter);
    }

    /**
     * Waits until the event queue is empty, at most {@code max} (with a remote broker, whose depth the
     * server does not know, until the processed count has not moved for a second).
     */
    void awaitDrained(Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        Progress last = progress();
        int unchanged = 0;
        while (System.nanoTime() < deadline) {
            Thread.sleep(250);
            Progress now = progress();
            if (now.queueDepth() >= 0) {
                if (now.queueDepth() == 0) {
                    return;
                }
            } else {
                unchanged = now.processed() == last.processed() ? unchanged + 1 : 0;
                if (unchanged >= 4) {
                    return;
                }
            }
            last = now;
        }
    }

    /** Waits until the server has processed {@code target} events in all, at most {@code max}; the count reached. */
    private double awaitProcessed(double target, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        double processed = progress().processed();
        while (processed < target && System.nanoTime() < deadline) {
            // 4 reads a second of two values, not a Prometheus scrape of the whole registry (what
            // that cost: docs/benchmarks.md, Ingest); a drain's end known to 250 ms
            Thread.sleep(250);
            processed = progress().processed();
        }
        return processed;
    }

    /**
     * Sends events for a time ({@code eventsPerSecond} 0: as fast as the clients go), then waits
     * (at most {@code drainLimit}) until every accepted event reached its group.
     */
    private Phase phase(int clients, int seconds, double eventsPerSecond, Duration drainLimit) throws Exception {
        double processedBefore = progress().processed();
        ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        Thread sampler = sampler(samples, latencies);
        long start = System.nanoTime();
        Load load = load("/api/1/events", clients, seconds, samples, eventsPerSecond, null);
        double processedWhileLoading = progress().processed() - processedBefore;
        double processed = awaitProcessed(processedBefore + load.events().get(), drainLimit);
        double elapsed = (System.nanoTime() - start) / 1e9;
        Thread.sleep(500); // the sampler's last look: every stored event is visible now
        sampler.interrupt();
        sampler.join();
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Phase(
                load,
                processed - processedBefore,
                elapsed,
                processedWhileLoading,
                percentile(sorted, 0.50),
                percentile(sorted, 0.99),
                sorted.size());
    }

    /**
     * Requests accepted and events in them, by concurrent clients for a time; {@code errors} are the
     * other answers and failures, {@code refused} the requests of those answered {@code 429} and
     * {@code refusedEvents} their events; {@code backedOff} the events a client that honours the rate
     * limit's answer dropped itself, unsent, while the limit lasted (as the Sentry SDKs do).
     */
    record Load(
            AtomicLong requests,
            AtomicLong events,
            AtomicLong errors,
            AtomicLong refused,
            AtomicLong refusedEvents,
            AtomicLong backedOff,
            double seconds) {
        double eventsPerSecond() {
            return events.get() / seconds;
        }

        double requestsPerSecond() {
            return requests.get() / seconds;
        }
    }

    /**
     * Request bodies built once before a load (the storm's, {@link DashboardStormBench}): its clients then
     * spend no CPU on building JSON, which shares the cores with the server. {@code singles[i]} holds one
     * event, {@code batches[i]} a batch of {@link #BATCH}; client {@code c}'s {@code n}-th request takes
     * entry {@code (c * 7 + n / 2) % size} of the kind its turn asks for.
     */
    record Bodies(byte[][] singles, byte[][] batches) {
        byte[] body(int client, long n, boolean batch) {
            byte[][] kind = batch ? batches : singles;
            return kind[(int) ((client * 7L + n / 2) % kind.length)];
        }
    }

    /** {@code size} single events and {@code size} batches, of the load's events (same groups, tags and sizes). */
    Bodies bodies(int size) {
        Random random = new Random(4242);
        byte[][] singles = new byte[size][];
        byte[][] batches = new byte[size][];
        for (int i = 0; i < size; i++) {
            singles[i] = event(group(random), random).getBytes(StandardCharsets.UTF_8);
            StringBuilder batch = new StringBuilder(BATCH * 1600).append('[');
            for (int e = 0; e < BATCH; e++) {
                batch.append(e == 0 ? "" : ",").append(event(group(random), random));
            }
            batches[i] = batch.append(']').toString().getBytes(StandardCharsets.UTF_8);
        }
        return new Bodies(singles, batches);
    }

    /** @param throttle when given and set, the clients pause (20 ms at a time) */
    Load load(
            String path,
            int clients,
            int seconds,
            ConcurrentLinkedQueue<long[]> samples,
            double eventsPerSecond,
            AtomicBoolean throttle)
            throws InterruptedException {
        return load(path, clients, seconds, samples, eventsPerSecond, throttle, null);
    }

    /**
     * @param throttle when given and set, the clients pause (20 ms at a time)
     * @param bodies when given, the requests' bodies are taken from it; else each is built before it is sent
     */
    Load load(
            String path,
            int clients,
            int seconds,
            ConcurrentLinkedQueue<long[]> samples,
            double eventsPerSecond,
            AtomicBoolean throttle,
            Bodies bodies)
            throws InterruptedException {
        return load(path, clients, seconds, samples, eventsPerSecond, throttle, bodies, false, false);
    }

    /**
     * @param backOff each client honours a {@code 429} as the Sentry SDKs do: for the seconds its
     *     {@code X-Sentry-Rate-Limits} (else {@code Retry-After}, else 60) names, the events it would
     *     send are dropped unsent and counted in {@link Load#backedOff}; else it sends on regardless
     * @param open the clients do not wait for answers: each starts its requests at its pace whatever
     *     the server answers and when, at most {@link #OPEN_IN_FLIGHT} unanswered at once (a flood;
     *     no latency samples are taken)
     */
    Load load(
            String path,
            int clients,
            int seconds,
            ConcurrentLinkedQueue<long[]> samples,
            double eventsPerSecond,
            AtomicBoolean throttle,
            Bodies bodies,
            boolean backOff,
            boolean open)
            throws InterruptedException {
        Semaphore unanswered = new Semaphore(OPEN_IN_FLIGHT);
        // paced: each client sends a request every interval (a request holds (1 + BATCH) / 2 events on average)
        long interval = eventsPerSecond <= 0 ? 0 : (long) (clients * (1 + BATCH) / 2.0 / eventsPerSecond * 1e9);
        AtomicLong requests = new AtomicLong();
        AtomicLong events = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong refusedEvents = new AtomicLong();
        AtomicLong backedOff = new AtomicLong();
        AtomicLong nextSample = new AtomicLong(System.nanoTime());
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        CountDownLatch done = new CountDownLatch(clients);
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            Random random = new Random(42 + c);
            int clientIndex = c;
            Thread client = new Thread(() -> {
                try {
                    long n = 0;
                    long limitedUntil = System.nanoTime();
                    long next = System.nanoTime() + (interval > 0 ? random.nextLong(interval) : 0);
                    while (System.nanoTime() < end) {
                        if (throttle != null && throttle.get()) {
                            try {
                                Thread.sleep(20);
                            } catch (InterruptedException e) {
                                return;
                            }
                            continue;
                        }
                        if (interval > 0) {
                            long wait = next - System.nanoTime();
                            if (wait > 0) {
                                try {
                                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                            next += interval;
                        }
                        boolean batch = (n & 1) == 1;
                        int count = batch ? BATCH : 1;
                        if (backOff && System.nanoTime() - limitedUntil < 0) {
                            backedOff.addAndGet(count);
                            n++;
                            continue;
                        }
                        byte[] body = bodies != null ? bodies.body(clientIndex, n, batch) : build(count, random);
                        n++;
                        if (open) {
                            try {
                                unanswered.acquire();
                            } catch (InterruptedException e) {
                                return;
                            }
                            http.sendAsync(request(path, body), HttpResponse.BodyHandlers.ofString())
                                    .whenComplete((response, failure) -> {
                                        unanswered.release();
                                        if (failure == null && response.statusCode() == 202) {
                                            requests.incrementAndGet();
                                            events.addAndGet(count);
                                            if (path.startsWith("/api/")) {
                                                acceptedEvents.addAndGet(count);
                                            }
                                            return;
                                        }
                                        errors.incrementAndGet();
                                        if (failure == null && response.statusCode() == 429) {
                                            refused.incrementAndGet();
                                            refusedEvents.addAndGet(count);
                                        }
                                    });
                            continue;
                        }
                        try {
                            long sent = System.nanoTime();
                            HttpResponse<String> response = post(path, body, "Bearer " + key);
                            if (response.statusCode() == 202) {
                                requests.incrementAndGet();
                                events.addAndGet(count);
                                if (path.startsWith("/api/")) {
                                    acceptedEvents.addAndGet(count);
                                }
                                if (samples != null && !batch && sampleDue(nextSample)) {
                                    Matcher id = IDS.matcher(response.body());
                                    if (id.find()) {
                                        samples.add(new long[] {
                                            sent,
                                            Long.parseUnsignedLong(id.group(1).substring(0, 16), 16),
                                            Long.parseUnsignedLong(id.group(1).substring(16), 16)
                                        });
                                    }
                                }
                            } else {
                                errors.incrementAndGet();
                                if (response.statusCode() == 429) {
                                    refused.incrementAndGet();
                                    refusedEvents.addAndGet(count);
                                    if (backOff) {
                                        limitedUntil = System.nanoTime() + retryAfterSeconds(response) * 1_000_000_000L;
                                    }
                                }
                            }
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
            client.start();
        }
        done.await();
        double took = (System.nanoTime() - start) / 1e9;
        // a flood's last answers (their time is not the load's)
        if (!unanswered.tryAcquire(OPEN_IN_FLIGHT, 35, TimeUnit.SECONDS)) {
            System.err.println("ingest-bench: a flood's requests still unanswered after 35 s");
        }
        return new Load(requests, events, errors, refused, refusedEvents, backedOff, took);
    }

    /**
     * How long a {@code 429} asks the sender to wait, read as the Sentry SDKs read it: the first
     * entry's seconds of {@code X-Sentry-Rate-Limits}, else {@code Retry-After}, else 60.
     */
    static long retryAfterSeconds(HttpResponse<?> response) {
        try {
            String limits =
                    response.headers().firstValue("X-Sentry-Rate-Limits").orElse("");
            if (!limits.isBlank()) {
                return Math.max(1, Long.parseLong(limits.split(":", 2)[0].trim()));
            }
            return response.headers()
                    .firstValue("Retry-After")
                    .map(value -> Math.max(1, Long.parseLong(value.trim())))
                    .orElse(60L);
        } catch (NumberFormatException e) {
            return 60;
        }
    }

    /** A request's body of {@code count} events (a batch when more than one), built now. */
    private byte[] build(int count, Random random) {
        StringBuilder body = new StringBuilder(count * 1600);
        if (count > 1) {
            body.append('[');
        }
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ",").append(event(group(random), random));
        }
        if (count > 1) {
            body.append(']');
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Whether a response's event becomes a latency sample: at most {@link #SAMPLES_PER_SECOND}, whatever
     * the load. Each sample costs the server one to a few API reads until it is visible; sampling
     * every single event of the half-load phase made the
     * sampler's reads a load of their own that the consumer competed with on the same cores.
     */
    private static boolean sampleDue(AtomicLong next) {
        long now = System.nanoTime();
        long due = next.get();
        return now >= due && next.compareAndSet(due, now + 1_000_000_000L / SAMPLES_PER_SECOND);
    }

    /** Polls sampled events until visible and records accept→visible latency. */
    private Thread sampler(ConcurrentLinkedQueue<long[]> samples, List<Long> latencies) {
        Thread thread = new Thread(() -> {
            List<long[]> pending = new ArrayList<>();
            while (!Thread.currentThread().isInterrupted()) {
                long[] next;
                while ((next = samples.poll()) != null) {
                    pending.add(next);
                }
                // oldest first, and only until one is not visible yet: the queue is first in, first out,
                // so the younger ones are not either (polling every pending sample each round made the
                // sampler itself a load of thousands of queries a second on a backlog)
                for (Iterator<long[]> it = pending.iterator();
                        it.hasNext() && !Thread.currentThread().isInterrupted(); ) {
                    long[] sample = it.next();
                    String id = String.format("%016x%016x", sample[1], sample[2]);
                    boolean visible = false;
                    try {
                        HttpResponse<String> reply = http.send(
                                HttpRequest.newBuilder(URI.create(base + "/api/1/events/" + id))
                                        .header("Authorization", basic)
                                        .timeout(Duration.ofSeconds(10))
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        visible = reply.statusCode() == 200;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt(); // the phase is over
                    } catch (Exception e) {
                        // counts as not visible yet
                    }
                    if (visible) {
                        latencies.add((System.nanoTime() - sample[0]) / 1_000_000);
                        it.remove();
                    } else if (System.nanoTime() - sample[0]
                            > Duration.ofSeconds(60).toNanos()) {
                        it.remove();
                    } else {
                        break;
                    }
                }
                // every 20 ms, or every twentieth of the oldest sample's age (a latency known to 5 %):
                // through a backlog of a minute, polling the oldest every 20 ms was 50 reads a second
                // for the server beside the consumer
                long pause = 20;
                if (!pending.isEmpty()) {
                    pause = Math.max(20, Math.min(1000, (System.nanoTime() - pending.get(0)[0]) / 20_000_000));
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        thread.start();
        return thread;
    }

    int group(Random random) {
        double u = random.nextDouble();
        int lo = 0;
        int hi = GROUPS - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (zipf[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** A name made of letters: processors leave it alone, so each group index is its own group. */
    static String name(int index) {
        StringBuilder name = new StringBuilder();
        int n = index;
        do {
            name.append((char) ('a' + n % 26));
            n /= 26;
        } while (n > 0);
        return name.toString();
    }

    /**
     * {@code n} alert rules on the project (issue 17's "20 rules per project"), cycling through a mix of
     * triggers and scopes over the events' types and tags. Their webhook goes to a port nobody listens
     * on, so every delivery fails and is retried: the bench pays for the rules' whole life, not only
     * their evaluation.
     */
    void createAlertRules(int n) throws Exception {
        String[][] templates = {
            {"new-group", null, null},
            {"new-group", "type:exception", null},
            {"new-group", "environment:prod", null},
            {"new-group", "type:exception environment:prod region:r1", null},
            {"regression", null, null},
            {"regression", "type:exception", null},
            {"regression", "environment:staging", null},
            {"regression", "has:release", null},
            {"frequency", "type:exception", "1000,5"},
            {"frequency", "environment:prod", "500,10"},
            {"frequency", null, "2000,5"},
            {"frequency", "browser:b3", "300,1"},
            {"frequency", "type:query", "1000,60"},
            {"view-frequency", "type:exception", "5000,5"},
            {"view-frequency", "environment:prod type:request", "2000,5"},
            {"view-frequency", null, "10000,10"},
            {"view-frequency", "region:r2", "1000,1"},
            {"view-frequency", "!environment:dev", "3000,15"},
            {"new-group", "type:message", null},
            {"frequency", "tenant:t7", "100,5"},
        };
        for (int i = 0; i < n; i++) {
            String[] t = templates[i % templates.length];
            StringBuilder rule =
                    new StringBuilder("{\"name\": \"bench rule " + i + "\", \"trigger\": \"" + t[0] + "\"");
            if (t[1] != null) {
                rule.append(", \"query\": \"").append(t[1]).append('"');
            }
            if (t[2] != null) {
                String[] threshold = t[2].split(",");
                rule.append(", \"threshold\": {\"events\": ")
                        .append(threshold[0])
                        .append(", \"minutes\": ")
                        .append(threshold[1])
                        .append('}');
            }
            rule.append(", \"webhook\": {\"url\": \"http://127.0.0.1:9/lookout-bench\"}}");
            HttpResponse<String> reply = post("/api/1/alerts", rule.toString(), basic);
            if (reply.statusCode() != 201) {
                throw new IllegalStateException(
                        "alert rule " + i + " not created: " + reply.statusCode() + " " + reply.body());
            }
        }
    }

    /**
     * {@code n} grouping rules on the project (issue 20's "20 rules"), a mix of every matcher and action that
     * the load's events meet: frames marked as they already are, ids stripped where the processor has
     * already replaced them, fingerprints set for tag values the load never sends. So the rules are
     * evaluated on every event, and some apply, without changing the groups the load makes: the
     * comparison with no rules measures the rules, not a different number of groups.
     */
    void putGroupingRules(int n) throws Exception {
        String[] templates = {
            "stack.module:org.framework.* -> -app",
            "stack.module:com.acme.* -> +app",
            "type:message message:\"Job * failed*\" -> strip \"order-[0-9a-f]{12}\"",
            "error.type:com.acme.*Exception error.value:\"*order*\" -> strip \"user-\\d+\"",
            "tags.tenant:none-such -> fingerprint {{ default }} tenant-none",
            "tags.environment:qa -> fingerprint {{ default }} {{ tags.environment }}",
            "type:query message:\"*FROM audit_*\" -> fingerprint audit-queries",
            "type:request tags.region:r9 -> fingerprint {{ default }} r9",
            "stack.function:handle* !stack.module:com.acme.* -> +app",
            "level:fatal -> fingerprint {{ default }} fatal",
            "stack.module:org.springframework.* -> -app",
            "stack.module:jdk.internal.* -> -app",
            "error.type:jakarta.ejb.EJBException -> fingerprint {{ error.type }} wrapped",
            "message:\"*session [0-9a-f]*\" -> strip \"session [0-9a-f]+\"",
            "tags.browser:b11 -> fingerprint {{ default }} b11",
            "type:exception stack.module:org.hibernate.* -> -app",
            "tags.feature:f99 tags.version:v99 -> fingerprint feature-99",
            "type:request message:\"*/internal/*\" -> fingerprint internal-requests",
            "stack.module:com.acme.generated.* -> -app",
            "tags.server:web-999 -> fingerprint {{ default }} web-999",
        };
        StringBuilder rules = new StringBuilder("# the ingest benchmark's grouping rules\n");
        for (int i = 0; i < n; i++) {
            rules.append(templates[i % templates.length]).append('\n');
        }
        String body = "{\"rules\": " + jsonString(rules.toString()) + "}";
        HttpResponse<String> reply = put("/api/admin/projects/1/grouping-rules", body, basic);
        if (reply.statusCode() != 200 && reply.statusCode() != 204) {
            throw new IllegalStateException("grouping rules not saved: " + reply.statusCode() + " " + reply.body());
        }
    }

    private static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** One event of group {@code g}, 1–2 KB, with 10 tags. */
    static String event(int g, Random random) {
        String n = name(g);
        String tags = String.format(
                Locale.ROOT,
                "{\"server\": \"web-%d\", \"environment\": \"%s\", \"release\": \"1.%d.0\","
                        + " \"url\": \"/shop/%s/%d\", \"browser\": \"b%d\", \"region\": \"r%d\", \"user\": \"u%d\","
                        + " \"tenant\": \"t%d\", \"version\": \"v%d\", \"feature\": \"f%d\"}",
                random.nextInt(50),
                new String[] {"prod", "staging", "dev"}[random.nextInt(3)],
                random.nextInt(20),
                name(random.nextInt(500)),
                random.nextInt(1000),
                random.nextInt(10),
                random.nextInt(5),
                random.nextInt(1000),
                random.nextInt(100),
                random.nextInt(30),
                random.nextInt(40));
        String pad = "x".repeat(400 + random.nextInt(600));
        return switch (g % 4) {
            case 0 -> {
                StringBuilder frames = new StringBuilder();
                for (int i = 0; i < 6; i++) {
                    frames.append(i == 0 ? "" : ",")
                            .append(String.format(
                                    Locale.ROOT,
                                    "{\"module\": \"org.framework.Layer%s\", \"function\": \"invoke\", \"filename\": \"Layer.java\", \"lineno\": %d, \"inApp\": false}",
                                    name(i),
                                    100 + i));
                }
                frames.append(String.format(
                        Locale.ROOT,
                        ",{\"module\": \"com.acme.%s\", \"function\": \"handle%s\", \"filename\": \"Shop.java\", \"lineno\": %d, \"inApp\": true}",
                        name(g % 97),
                        n,
                        10 + random.nextInt(300)));
                yield String.format(
                        Locale.ROOT,
                        "{\"type\": \"exception\", \"tags\": %s, \"data\": {\"type\": \"com.acme.%sException\","
                                + " \"value\": \"failed for order %d (%s)\", \"frames\": [%s]}}",
                        tags,
                        n,
                        random.nextInt(1_000_000),
                        pad,
                        frames);
            }
            case 1 ->
                String.format(
                        Locale.ROOT,
                        "{\"type\": \"message\", \"level\": \"warning\", \"tags\": %s,"
                                + " \"data\": {\"message\": \"Job %s failed after %%d attempts: %%s\", \"params\": [%d, \"%s\"], \"logger\": \"com.acme.jobs\"}}",
                        tags,
                        n,
                        random.nextInt(10),
                        pad);
            case 2 ->
                String.format(
                        Locale.ROOT,
                        "{\"type\": \"query\", \"timeSpent\": %d, \"tags\": %s, \"data\": {\"engine\": \"postgresql\","
                                + " \"query\": \"SELECT id, name, price FROM %s WHERE id = %d AND note <> '%s' AND tag IN (1, 2, 3)\"}}",
                        1 + random.nextInt(500),
                        tags,
                        n,
                        random.nextInt(100_000),
                        pad);
            default ->
                String.format(
                        Locale.ROOT,
                        "{\"type\": \"request\", \"timeSpent\": %d, \"tags\": %s, \"data\": {\"method\": \"GET\","
                                + " \"url\": \"https://shop.example/%s/items/%d?q=%s\", \"status\": %d}}",
                        1 + random.nextInt(2000),
                        tags,
                        n,
                        random.nextInt(100_000),
                        pad.substring(0, 200),
                        random.nextBoolean() ? 200 : 500);
        };
    }

    private HttpResponse<String> put(String path, String body, String authorization) throws Exception {
        return send("PUT", path, HttpRequest.BodyPublishers.ofString(body), authorization, Duration.ofSeconds(30));
    }

    private HttpResponse<String> post(String path, String body, String authorization) throws Exception {
        return post(path, body, authorization, Duration.ofSeconds(30));
    }

    private HttpResponse<String> post(String path, byte[] body, String authorization) throws Exception {
        return send("POST", path, HttpRequest.BodyPublishers.ofByteArray(body), authorization, Duration.ofSeconds(30));
    }

    private HttpResponse<String> post(String path, String body, String authorization, Duration timeout)
            throws Exception {
        return send("POST", path, HttpRequest.BodyPublishers.ofString(body), authorization, timeout);
    }

    /** A POST of the load's events with the project key. */
    private HttpRequest request(String path, byte[] body) {
        return request(
                "POST", path, HttpRequest.BodyPublishers.ofByteArray(body), "Bearer " + key, Duration.ofSeconds(30));
    }

    private HttpResponse<String> send(
            String method, String path, HttpRequest.BodyPublisher body, String authorization, Duration timeout)
            throws Exception {
        return http.send(request(method, path, body, authorization, timeout), HttpResponse.BodyHandlers.ofString());
    }

    /** Every request of the benchmark's: JSON with an authorization. */
    private HttpRequest request(
            String method, String path, HttpRequest.BodyPublisher body, String authorization, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .timeout(timeout)
                .method(method, body)
                .build();
    }

    /** The events the server has processed so far and the messages queued (lookout-bench.war, see io.lookout.bench.endpoints.BenchResource). */
    record Progress(double processed, double queueDepth) {}

    Progress progress() throws Exception {
        String json = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/lookout-bench/ingest"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return new Progress(
                Double.parseDouble(field(json, "processed")), Double.parseDouble(field(json, "queueDepth")));
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":([0-9.Ee+-]+)").matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return matcher.group(1);
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    /**
     * A process, or several, whose CPU time the table reports per stored event: the server, or one
     * part of a cluster (its nodes, its brokers, its balancer, the database server).
     *
     * @param postgres every process named {@code postgres} on the machine, found at each reading
     */
    record Part(String name, List<Long> pids, boolean postgres) {

        /** {@code PID} (one part, "server"), or {@code NAME=PID[+PID...]} or {@code NAME=postgres}, comma-separated. */
        static List<Part> parse(String spec) {
            if (spec.matches("[0-9]+")) {
                return List.of(new Part("server", List.of(Long.parseLong(spec)), false));
            }
            List<Part> parts = new ArrayList<>();
            for (String item : spec.split(",")) {
                String[] nameAndPids = item.split("=", 2);
                if (nameAndPids.length != 2 || nameAndPids[0].isBlank()) {
                    throw new IllegalArgumentException("a part is NAME=PID[+PID...] or NAME=postgres, not " + item);
                }
                if (nameAndPids[1].equals("postgres")) {
                    parts.add(new Part(nameAndPids[0], List.of(), true));
                } else {
                    List<Long> pids = new ArrayList<>();
                    for (String pid : nameAndPids[1].split("\\+")) {
                        pids.add(Long.parseLong(pid));
                    }
                    parts.add(new Part(nameAndPids[0], List.copyOf(pids), false));
                }
            }
            return List.copyOf(parts);
        }

        static long[] cpuMillis(List<Part> parts) throws Exception {
            long[] millis = new long[parts.size()];
            for (int i = 0; i < parts.size(); i++) {
                millis[i] = parts.get(i).cpuMillis();
            }
            return millis;
        }

        /** The user and system CPU time of the part's processes so far, in ms. */
        long cpuMillis() throws Exception {
            long sum = 0;
            for (long pid : postgres ? postgresPids() : pids) {
                sum += Math.max(0, IngestBench.cpuMillis(pid));
            }
            return sum;
        }

        long rssMegabytes() {
            long sum = 0;
            for (long pid : pids) {
                try {
                    sum += Math.max(0, IngestBench.rssMegabytes(pid));
                } catch (Exception e) {
                    // gone: nothing to add
                }
            }
            return sum;
        }

        private static List<Long> postgresPids() throws Exception {
            List<Long> pids = new ArrayList<>();
            try (var processes = Files.list(Path.of("/proc"))) {
                for (Path process : (Iterable<Path>) processes::iterator) {
                    String name = process.getFileName().toString();
                    if (name.matches("[0-9]+")) {
                        try {
                            if (Files.readString(process.resolve("comm")).trim().equals("postgres")) {
                                pids.add(Long.parseLong(name));
                            }
                        } catch (java.io.IOException gone) {
                            // the process ended while the list was read
                        }
                    }
                }
            }
            return pids;
        }
    }

    /** The process's user and system CPU time in ms ({@code /proc/PID/stat}, clock ticks of 10 ms); -1 when unknown. */
    private static long cpuMillis(long pid) {
        try {
            String text = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            // after the command: state (3rd field of the file) first; utime and stime are the 14th and 15th fields
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        } catch (java.io.IOException gone) {
            return -1;
        }
    }

    private static long rssMegabytes(long pid) throws Exception {
        Path status = Path.of("/proc/" + pid + "/status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }
}
