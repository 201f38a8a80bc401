import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The share of a server's Java execution samples spent in a package: a within-run ratio, so a
 * neighbour's load does not skew it the way it skews wall-clock figures.
 *
 * <pre>java bench/JfrShare.java server.jfr io.lookout.alerts. [io.lookout.consume.]</pre>
 *
 * Counts the samples whose stack holds a frame of the package (H2 runs inside the calling thread,
 * so its work for the package counts too), of all samples outside the benchmark's own endpoints
 * ({@code io.lookout.bench}), and, with a second package, of the samples in that one (the
 * consumer's batch work). Also names the package's outermost methods with the most samples.
 * Needs a recording with deep stacks: {@code -XX:FlightRecorderOptions=stackdepth=256}.
 */
public class JfrShare {
    public static void main(String[] args) throws Exception {
        String pkg = args[1];
        String within = args.length > 2 ? args[2] : null;
        long all = 0, in = 0, withinAll = 0, withinIn = 0, truncated = 0;
        Map<String, Long> entries = new TreeMap<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.stream().anyMatch(f -> type(f).startsWith("io.lookout.bench"))) {
                continue;
            }
            truncated += event.getStackTrace().isTruncated() ? 1 : 0;
            all++;
            String outermost = null;
            for (RecordedFrame f : frames) {
                if (type(f).startsWith(pkg)) {
                    outermost = type(f).substring(type(f).lastIndexOf('.') + 1) + "." + f.getMethod().getName();
                }
            }
            boolean isWithin = within != null && frames.stream().anyMatch(f -> type(f).startsWith(within));
            withinAll += isWithin ? 1 : 0;
            if (outermost != null) {
                in++;
                withinIn += isWithin ? 1 : 0;
                entries.merge(outermost, 1L, Long::sum);
            }
        }
        System.out.printf("samples: %d outside the benchmark's endpoints (%d with truncated stacks)%n", all, truncated);
        System.out.printf("%s: %d samples, %.1f %% of all%n", pkg, in, 100.0 * in / Math.max(1, all));
        if (within != null) {
            System.out.printf("%s within %s: %d of %d samples, %.1f %%%n",
                    pkg, within, withinIn, withinAll, 100.0 * withinIn / Math.max(1, withinAll));
        }
        long total = all;
        entries.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(8)
                .forEach(e -> System.out.printf("  %6d  %.1f %%  %s%n", e.getValue(), 100.0 * e.getValue() / Math.max(1, total), e.getKey()));
    }

    private static String type(RecordedFrame f) {
        return f.getMethod() == null ? "" : f.getMethod().getType().getName();
    }
}
