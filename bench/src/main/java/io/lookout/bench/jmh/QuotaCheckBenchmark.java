package io.lookout.bench.jmh;

import io.lookout.quota.QuotaLedger;
import io.lookout.quota.QuotaLimits;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the edge's quota check costs per request (issue 22: "the quota check adds under 5 % to
 * ingest"): {@link QuotaLedger#acquire} as {@code Quotas.check} calls it, from two threads on one
 * project (they share its lock, as the edge's request threads do), with limits that never refuse
 * (what the ingest benchmark runs with), with limits that have room (the shipped defaults' shape),
 * and with limits that refuse every request (a project under a storm). The database side of the
 * quotas is one statement a second per node ({@code QuotaTimer}), whatever the rate.
 *
 * <pre>./mvnw -q -ntp -DskipTests package -pl bench -am &amp;&amp; java -cp "bench/target/lookout-bench.jar:bench/target/lib/*" org.openjdk.jmh.Main QuotaCheckBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(2)
public class QuotaCheckBenchmark {

    /** {@code off}: every limit 0; {@code room}: limits far from reached; {@code refusing}: one event a minute. */
    @Param({"off", "room", "refusing"})
    public String limits;

    private final QuotaLedger ledger = new QuotaLedger();
    private QuotaLimits quotaLimits;

    @Setup
    public void setUp() {
        quotaLimits = switch (limits) {
            case "off" -> new QuotaLimits(0, 0, 0, 0);
            case "room" -> new QuotaLimits(Long.MAX_VALUE / 4, Long.MAX_VALUE / 4, 10, Long.MAX_VALUE / 4);
            case "refusing" -> new QuotaLimits(1, 1, 0, 0);
            default -> throw new IllegalArgumentException(limits);
        };
    }

    /** One request of 10 events (the ingest benchmark's mean: half single events, half batches of 20). */
    @Benchmark
    public QuotaLedger.Decision check() {
        return ledger.acquire(1L, 10, quotaLimits, Instant.now());
    }
}
