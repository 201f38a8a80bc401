package io.lookout.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A flood sent by h2load (Debian's {@code nghttp2-client}) instead of the benchmark's own JVM
 * ({@link DashboardStormBench}'s {@code -Dstorm.flood=h2load}): the same kind of requests as
 * {@link IngestBench}'s flood (half single events, half batches of {@link IngestBench#BATCH}, at the asked
 * events a second), from a C program that spends a few hundredths of a core where the JVM's
 * {@code java.net.http} clients spent half of one of the machine's two: the closest this machine comes to
 * senders on another machine. Two h2load processes (one sending the single event, one the batch: h2load
 * posts one file), each with {@link #CLIENTS} connections over HTTP/1.1 paced at the same requests a
 * second; a connection waits for its answer before its next request (HTTP/1.1 with a body does not
 * pipeline), so at most 2 × {@link #CLIENTS} requests are unanswered at once, as the JVM's flood allows
 * {@link IngestBench#OPEN_IN_FLIGHT}. What was offered is what h2load reports having sent, not what was asked.
 */
final class H2loadFlood {

    /** Connections per process: refusals answered after up to a second's spread hold one each meanwhile. */
    static final int CLIENTS = 1000;

    private static final Pattern REQUESTS = Pattern.compile("requests: (\\d+) total, (\\d+) started, (\\d+) done");
    private static final Pattern STATUS =
            Pattern.compile("status codes: (\\d+) 2xx, (\\d+) 3xx, (\\d+) 4xx, (\\d+) 5xx");
    private static final Pattern FINISHED = Pattern.compile("finished in ([0-9.]+)s");

    private final List<Sender> senders = new ArrayList<>();

    /** One h2load process: the events in each of its requests, its process and its report's file. */
    private record Sender(int events, Process process, Path report) {}

    /**
     * Starts the flood on {@code url} (project 1's events endpoint) with the project's key: {@code
     * eventsPerSecond} for {@code seconds}, bodies taken from {@code bodies}.
     */
    static H2loadFlood start(String url, String key, IngestBench.Bodies bodies, double eventsPerSecond, int seconds)
            throws IOException {
        Path dir = Files.createTempDirectory("lookout-flood");
        dir.toFile().deleteOnExit();
        // a request holds (1 + BATCH) / 2 events on average; each process sends half of the requests
        double requestsPerSecond = eventsPerSecond / ((1 + IngestBench.BATCH) / 2.0);
        double perClient = requestsPerSecond / 2 / CLIENTS;
        H2loadFlood flood = new H2loadFlood();
        try {
            flood.add(dir, "single", bodies.singles()[0], 1, url, key, perClient, seconds);
            flood.add(dir, "batch", bodies.batches()[0], IngestBench.BATCH, url, key, perClient, seconds);
        } catch (IOException | RuntimeException e) {
            // the first process must not flood on alone for its whole duration
            flood.senders.forEach(sender -> sender.process().destroyForcibly());
            throw e;
        }
        return flood;
    }

    private void add(Path dir, String name, byte[] body, int events, String url, String key, double rps, int seconds)
            throws IOException {
        Path file = dir.resolve(name + ".json");
        Files.write(file, body);
        Path report = dir.resolve(name + ".txt");
        file.toFile().deleteOnExit();
        report.toFile().deleteOnExit();
        Process process = new ProcessBuilder(
                        "h2load",
                        "--h1",
                        "-c",
                        String.valueOf(CLIENTS),
                        "--rps",
                        String.format(Locale.ROOT, "%.4f", rps),
                        "-D",
                        String.valueOf(seconds),
                        "-d",
                        file.toString(),
                        "-H",
                        "Authorization: Bearer " + key,
                        "-H",
                        "Content-Type: application/json",
                        url)
                .redirectErrorStream(true)
                .redirectOutput(report.toFile())
                .start();
        senders.add(new Sender(events, process, report));
    }

    /** The CPU the h2load processes used so far (while they run). */
    Duration cpu() {
        return senders.stream()
                .map(sender -> sender.process().info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
    }

    /** Waits for both processes and reads their reports as a {@link IngestBench.Load}. */
    IngestBench.Load finish(int seconds) throws IOException, InterruptedException {
        AtomicLong requests = new AtomicLong();
        AtomicLong events = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong refusedEvents = new AtomicLong();
        double took = 0;
        for (Sender sender : senders) {
            if (!sender.process().waitFor(seconds + 60L, TimeUnit.SECONDS)) {
                sender.process().destroyForcibly();
                throw new IOException("h2load did not end within " + (seconds + 60) + " s");
            }
            String report = Files.readString(sender.report());
            Matcher done = REQUESTS.matcher(report);
            Matcher status = STATUS.matcher(report);
            Matcher finished = FINISHED.matcher(report);
            if (sender.process().exitValue() != 0 || !done.find() || !status.find() || !finished.find()) {
                throw new IOException("h2load failed (exit " + sender.process().exitValue() + "):\n" + report);
            }
            long ok = Long.parseLong(status.group(1));
            // the bodies and the key are valid: a 4xx here is the quota's or the proxy's 429
            long refusals = Long.parseLong(status.group(3));
            requests.addAndGet(ok);
            events.addAndGet(ok * sender.events());
            refused.addAndGet(refusals);
            refusedEvents.addAndGet(refusals * sender.events());
            errors.addAndGet(Long.parseLong(done.group(3)) - ok);
            took = Math.max(took, Double.parseDouble(finished.group(1)));
        }
        return new IngestBench.Load(requests, events, errors, refused, refusedEvents, new AtomicLong(), took);
    }
}
