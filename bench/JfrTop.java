import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a server's CPU samples go (docs/benchmarks.md, issue 24's profiles): the methods on top of
 * the stacks (self), the packages anywhere on them (inclusive, each counted once per sample), the
 * threads by name pattern, and the monitors and parks the threads waited on longest. Within-run
 * shares, so a neighbour's load skews them less than wall-clock figures.
 *
 * <pre>java [-Dfrom=INSTANT -Dto=INSTANT] bench/JfrTop.java server.jfr [ROWS]</pre>
 *
 * With {@code from} and {@code to} (ISO-8601 instants, e.g. the storm's start and end that
 * {@code DashboardStormBench} prints), only the events that started between them are read.
 *
 * Samples of the benchmark's own endpoints ({@code io.lookout.bench}) are left out. Needs a
 * recording with deep stacks ({@code JFR=file bench/ingest-bench.sh} makes one).
 */
public class JfrTop {
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: java bench/JfrTop.java RECORDING.jfr [ROWS]");
            System.exit(2);
        }
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> packages = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        Map<String, Long> waits = new HashMap<>();
        long samples = 0;
        Instant from = Instant.parse(System.getProperty("from", "1970-01-01T00:00:00Z"));
        Instant to = Instant.parse(System.getProperty("to", "9999-12-31T00:00:00Z"));
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (event.getStartTime().isBefore(from) || event.getStartTime().isAfter(to)) {
                continue;
            }
            String type = event.getEventType().getName();
            if (type.equals("jdk.ExecutionSample") && event.getStackTrace() != null) {
                List<RecordedFrame> frames = event.getStackTrace().getFrames();
                if (frames.isEmpty() || frames.stream().anyMatch(f -> owner(f).startsWith("io.lookout.bench"))) {
                    continue;
                }
                samples++;
                RecordedFrame top = frames.get(0);
                self.merge(owner(top) + "." + top.getMethod().getName(), 1L, Long::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame f : frames) {
                    String pkg = pkg(owner(f));
                    if (seen.add(pkg)) {
                        packages.merge(pkg, 1L, Long::sum);
                    }
                }
                String thread = event.getThread("sampledThread") == null
                        ? "?"
                        : event.getThread("sampledThread").getJavaName();
                threads.merge(thread == null ? "?" : thread.replaceAll("[0-9]+", "#"), 1L, Long::sum);
            } else if ((type.equals("jdk.JavaMonitorEnter") || type.equals("jdk.ThreadPark"))
                    && event.getStackTrace() != null
                    && !event.getStackTrace().getFrames().isEmpty()) {
                String where = event.getStackTrace().getFrames().stream()
                        .filter(f -> !owner(f).startsWith("java.") && !owner(f).startsWith("jdk.")
                                && !owner(f).startsWith("sun."))
                        .findFirst()
                        .map(f -> owner(f) + "." + f.getMethod().getName())
                        .orElse("(JDK)");
                waits.merge(type.substring(4) + " " + where, event.getDuration().toMillis(), Long::sum);
            }
        }
        System.out.printf("%,d execution samples%n", samples);
        print("self (top of stack)", self, samples, rows);
        print("packages (anywhere on the stack)", packages, samples, rows);
        print("threads", threads, samples, rows);
        print("waits (ms in total; monitor enter and park events over JFR's threshold)", waits, 0, rows);
    }

    private static void print(String title, Map<String, Long> counts, long total, int rows) {
        System.out.println();
        System.out.println("| " + title + " | " + (total > 0 ? "samples | share |" : "ms |"));
        System.out.println(total > 0 ? "|---|---|---|" : "|---|---|");
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(rows)
                .forEach(e -> System.out.println(total > 0
                        ? String.format("| %s | %,d | %.1f %% |", e.getKey(), e.getValue(), 100.0 * e.getValue() / total)
                        : String.format("| %s | %,d |", e.getKey(), e.getValue())));
    }

    private static String owner(RecordedFrame f) {
        return f.getMethod() == null || f.getMethod().getType() == null ? "?" : f.getMethod().getType().getName();
    }

    /** The first three parts of a class's package (org.h2.mvstore, io.lookout.grouping). */
    private static String pkg(String type) {
        String[] parts = type.split("\\.");
        int n = Math.min(3, parts.length - 1);
        return n <= 0 ? type : String.join(".", java.util.Arrays.copyOf(parts, n));
    }
}
