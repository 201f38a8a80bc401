package io.lookout.bench.jmh;

import io.lookout.processors.exception.ExceptionProcessor;
import io.lookout.processors.message.MessageProcessor;
import io.lookout.processors.query.QueryProcessor;
import io.lookout.processors.request.RequestProcessor;
import io.lookout.processors.spi.ProcessedEvent;
import io.lookout.processors.spi.Processor;
import io.lookout.processors.spi.RawEvent;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Events per second per core of each built-in processor ({@code validate} then {@code process}, as
 * the consumer runs them) over realistic inputs; the query processor over the 267-statement corpus
 * that is compared with pt-fingerprint (processors/src/test/resources/query/corpus.sql).
 *
 * <pre>./mvnw -q -ntp -DskipTests package -pl bench -am &amp;&amp; java -cp "bench/target/lookout-bench.jar:bench/target/lib/*" org.openjdk.jmh.Main ProcessorsBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class ProcessorsBenchmark {

    record Event(String type, Optional<String> message, Optional<String> level, JsonObject data) implements RawEvent {
        public Instant timestamp() {
            return Instant.EPOCH;
        }

        public Map<String, String> tags() {
            return Map.of();
        }

        public OptionalDouble timeSpent() {
            return OptionalDouble.of(12);
        }
    }

    private final Processor exception = new ExceptionProcessor();
    private final Processor message = new MessageProcessor();
    private final Processor query = new QueryProcessor();
    private final Processor request = new RequestProcessor();
    private List<Event> exceptions;
    private List<Event> messages;
    private List<Event> queries;
    private List<Event> requests;
    private int next;

    @Setup
    public void events() {
        SampleData data = SampleData.generate();
        exceptions =
                data.exceptions().stream().map(json -> event("exception", json)).toList();
        messages = data.messages().stream().map(json -> event("message", json)).toList();
        requests = data.requests().stream().map(json -> event("request", json)).toList();
        queries = new ArrayList<>();
        for (String line : corpus()) {
            int bar = line.indexOf('|');
            String engine = line.substring(0, bar).equals("pg") ? "postgresql" : "mysql";
            queries.add(new Event(
                    "query",
                    Optional.empty(),
                    Optional.empty(),
                    Json.createObjectBuilder()
                            .add("query", line.substring(bar + 1))
                            .add("engine", engine)
                            .build()));
        }
    }

    private static Event event(String type, String data) {
        return new Event(
                type,
                Optional.empty(),
                Optional.empty(),
                Json.createReader(new StringReader(data)).readObject());
    }

    /** The corpus statements: each starts with pg| or my| and ends at a line ending in ';'. */
    private static List<String> corpus() {
        Path file = Path.of(System.getProperty("lookout.corpus", "processors/src/test/resources/query/corpus.sql"));
        try {
            List<String> statements = new ArrayList<>();
            StringBuilder current = null;
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith("##") || (current == null && line.isBlank())) {
                    continue;
                }
                if (current == null) {
                    current = new StringBuilder(line);
                } else {
                    current.append('\n').append(line);
                }
                if (line.stripTrailing().endsWith(";")) {
                    statements.add(current.toString());
                    current = null;
                }
            }
            return statements;
        } catch (IOException e) {
            throw new UncheckedIOException("run from the project root, or set -Dlookout.corpus", e);
        }
    }

    private ProcessedEvent run(Processor processor, List<Event> events) throws Exception {
        Event event = events.get(next++ % events.size());
        processor.validate(event);
        return processor.process(event);
    }

    @Benchmark
    public ProcessedEvent exception() throws Exception {
        return run(exception, exceptions);
    }

    @Benchmark
    public ProcessedEvent message() throws Exception {
        return run(message, messages);
    }

    @Benchmark
    public ProcessedEvent query() throws Exception {
        return run(query, queries);
    }

    @Benchmark
    public ProcessedEvent request() throws Exception {
        return run(request, requests);
    }
}
