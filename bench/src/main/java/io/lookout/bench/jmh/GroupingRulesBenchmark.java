package io.lookout.bench.jmh;

import io.lookout.event.IncomingEvent;
import io.lookout.processing.ProcessedResult;
import io.lookout.processing.Processing;
import io.lookout.processing.rules.GroupingRules;
import io.lookout.processing.rules.RuleSyntaxException;
import io.lookout.processors.exception.ExceptionProcessor;
import io.lookout.processors.message.MessageProcessor;
import io.lookout.processors.query.QueryProcessor;
import io.lookout.processors.request.RequestProcessor;
import io.lookout.processors.spi.Processor;
import io.lookout.project.ProjectSnapshot;
import io.lookout.scrubbing.ScrubbingRules;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * {@code Processing.process} per event for the four built-in types, without grouping rules and with
 * 20 realistic ones (docs/grouping.md): most match no event, a strip rule matches half the messages;
 * the main prints the ratio "with rules / without" per type.
 *
 * <pre>./mvnw -q -ntp -DskipTests package -pl bench -am &amp;&amp; java -cp "bench/target/lookout-bench.jar:bench/target/lib/*" io.lookout.bench.jmh.GroupingRulesBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class GroupingRulesBenchmark {

    /** Twenty rules of a shop: ids, wrappers, frameworks' frames, routes, statements, levels, tags. */
    static final String RULES = """
            # ids in messages
            message:"*user-*" -> strip "user-\\d+"
            message:"Payment *" -> strip "ms \\('note \\d+'\\)"
            message:"*session ????????*" -> strip "session [0-9a-f]{8}"
            # wrappers and timeouts
            error.type:com.acme.WrapperException -> fingerprint {{ default }}
            error.type:java.util.concurrent.TimeoutException -> fingerprint timeouts {{ tags.url }}
            error.value:"*Connection refused*" -> fingerprint connection-refused
            message:"*OutOfMemoryError*" -> fingerprint oom
            error.type:*Exception stack.function:checkout -> fingerprint checkout {{ error.type }}
            # frameworks' frames
            stack.module:org.hibernate.* -> -app
            stack.module:sun.reflect.* -> -app
            stack.module:jdk.internal.* -> -app
            stack.function:lambda$* stack.module:com.acme.* -> +app
            # requests and queries
            type:request tags.url:/health* -> fingerprint health
            type:request tags.status:404 -> fingerprint not-found {{ tags.url }}
            tags.url:/api/v1/* -> fingerprint legacy-api {{ default }}
            type:query tags.statement:delete -> fingerprint deletes {{ default }}
            type:query message:*pg_catalog* -> fingerprint catalog
            # levels and tags
            level:fatal -> fingerprint {{ default }} fatal
            tags.env:staging -> fingerprint staging {{ default }}
            type:message tags.logger:org.apache.kafka.* -> fingerprint kafka {{ message }}
            """;

    @Param({"none", "rules20"})
    public String rules;

    private Processing processing;
    private ProjectSnapshot project;
    private GroupingRules compiled;
    private List<IncomingEvent> exceptions;
    private List<IncomingEvent> messages;
    private List<IncomingEvent> queries;
    private List<IncomingEvent> requests;
    private int next;

    @Setup
    public void setUp() throws RuleSyntaxException {
        Map<String, Processor> processors = new TreeMap<>();
        for (Processor processor : List.of(
                new ExceptionProcessor(), new MessageProcessor(), new QueryProcessor(), new RequestProcessor())) {
            processor.types().forEach(type -> processors.put(type, processor));
        }
        processing = new Processing(type -> Optional.ofNullable(processors.get(type)));
        compiled = rules.equals("none") ? GroupingRules.NONE : GroupingRules.parse(RULES);
        if (!rules.equals("none") && compiled.rules().size() != 20) {
            throw new IllegalStateException(
                    "20 rules expected, not " + compiled.rules().size());
        }
        project = new ProjectSnapshot(1, "shop", "k".repeat(32), List.of(), ScrubbingRules.DEFAULT, compiled);
        SampleData data = SampleData.generate();
        exceptions =
                data.exceptions().stream().map(json -> event("exception", json)).toList();
        messages = data.messages().stream().map(json -> event("message", json)).toList();
        requests = data.requests().stream().map(json -> event("request", json)).toList();
        queries = data.queries().stream().map(json -> event("query", json)).toList();
    }

    private static IncomingEvent event(String type, String data) {
        JsonObject json = Json.createReader(new StringReader(data)).readObject();
        return new IncomingEvent("0".repeat(32), type, Instant.EPOCH, null, null, Map.of(), json, 12.0, null, null);
    }

    private ProcessedResult run(List<IncomingEvent> events) {
        IncomingEvent event = events.get(next++ % events.size());
        return processing.process(event, event.fingerprint(), project, compiled);
    }

    @Benchmark
    public ProcessedResult exception() {
        return run(exceptions);
    }

    @Benchmark
    public ProcessedResult message() {
        return run(messages);
    }

    @Benchmark
    public ProcessedResult query() {
        return run(queries);
    }

    @Benchmark
    public ProcessedResult request() {
        return run(requests);
    }

    /**
     * Runs the benchmark and prints events per second with and without the rules, and their ratio;
     * with {@code --interleaved}, the A/B measurement instead (see {@link #interleaved}).
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--interleaved")) {
            interleaved(args.length > 1 ? Integer.parseInt(args[1]) : 400);
            return;
        }
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                        .include(GroupingRulesBenchmark.class.getName())
                        .build())
                .run();
        Map<String, double[]> byType = new TreeMap<>();
        for (RunResult result : results) {
            String label = result.getParams().getBenchmark();
            String type = label.substring(label.lastIndexOf('.') + 1);
            boolean withRules = "rules20".equals(result.getParams().getParam("rules"));
            byType.computeIfAbsent(type, t -> new double[4]);
            double[] row = byType.get(type);
            row[withRules ? 1 : 0] = result.getPrimaryResult().getScore();
            row[withRules ? 3 : 2] = result.getPrimaryResult().getScoreError();
        }
        System.out.println();
        System.out.println("| type | no rules (events/s) | 20 rules (events/s) | 20 rules / none |");
        System.out.println("|---|---|---|---|");
        byType.forEach((type, row) -> System.out.printf(
                "| %s | %,.0f ± %,.0f | %,.0f ± %,.0f | %.3f |%n",
                type, row[0], row[2], row[1], row[3], row[1] / row[0]));
    }

    /**
     * An A/B measurement for a shared, noisy machine, where load changes faster than JMH's runs of
     * one parameter after the other: per type, blocks of 2,000 events alternate between no rules and
     * the 20 rules ({@code rounds} pairs after 100 pairs of warm-up); each pair gives a ratio of the
     * two blocks' times, measured seconds apart at most, and the median of those ratios is printed
     * with the interquartile range.
     */
    static void interleaved(int rounds) throws RuleSyntaxException {
        GroupingRulesBenchmark none = new GroupingRulesBenchmark();
        none.rules = "none";
        none.setUp();
        GroupingRulesBenchmark with = new GroupingRulesBenchmark();
        with.rules = "rules20";
        with.setUp();
        System.out.println(
                "| type | ns per event, no rules (median) | ns per event, 20 rules (median) | 20 rules / none:"
                        + " median ratio (quartiles) |");
        System.out.println("|---|---|---|---|");
        for (String type : List.of("exception", "message", "query", "request")) {
            double[] ratios = new double[rounds];
            double[] plain = new double[rounds];
            double[] ruled = new double[rounds];
            for (int round = -100; round < rounds; round++) {
                boolean rulesFirst = (round & 1) == 1;
                long a = block(rulesFirst ? with : none, type);
                long b = block(rulesFirst ? none : with, type);
                long withNanos = rulesFirst ? a : b;
                long noneNanos = rulesFirst ? b : a;
                if (round >= 0) {
                    ratios[round] = (double) withNanos / noneNanos;
                    plain[round] = noneNanos / (double) BLOCK;
                    ruled[round] = withNanos / (double) BLOCK;
                }
            }
            java.util.Arrays.sort(ratios);
            java.util.Arrays.sort(plain);
            java.util.Arrays.sort(ruled);
            System.out.printf(
                    "| %s | %,.0f | %,.0f | %.3f (%.3f–%.3f) |%n",
                    type,
                    plain[rounds / 2],
                    ruled[rounds / 2],
                    ratios[rounds / 2],
                    ratios[rounds / 4],
                    ratios[3 * rounds / 4]);
        }
    }

    private static final int BLOCK = 2000;
    private static volatile Object sink;

    private static long block(GroupingRulesBenchmark bench, String type) {
        long start = System.nanoTime();
        Object last = null;
        for (int i = 0; i < BLOCK; i++) {
            last = switch (type) {
                case "exception" -> bench.exception();
                case "message" -> bench.message();
                case "query" -> bench.query();
                default -> bench.request();
            };
        }
        sink = last;
        return System.nanoTime() - start;
    }
}
