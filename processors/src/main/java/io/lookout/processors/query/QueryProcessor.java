package io.lookout.processors.query;

import io.lookout.processors.spi.InvalidEventException;
import io.lookout.processors.spi.ProcessedEvent;
import io.lookout.processors.spi.Processor;
import io.lookout.processors.spi.RawEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Set;

/**
 * SQL query logs ({@code type: "query"}), typically slow queries with their {@code timeSpent}.
 *
 * <p>Data: {@code {"query": "SELECT ...", "engine": "postgresql"}}; {@code engine} is optional
 * ({@code postgresql} or {@code mysql}; without it both dialects' syntax is accepted). The group
 * is the statement's fingerprint (see {@link SqlNormalizer}): every {@code SELECT * FROM users
 * WHERE id = ...} is one group, whatever the id, the spacing, the case or the comments. The
 * engine is not part of the group (it is a tag). Message: the fingerprint; culprit: the verb
 * and the first table ({@code select users}); derived tags: {@code statement} ({@code select},
 * {@code insert}, {@code update}, {@code delete}, {@code other}) and {@code engine} when given.
 * The stored data is the sender's with {@code "normalized"} (the fingerprint) added. The grouping
 * description names the fingerprint (and the engine, left out).
 */
@ApplicationScoped
public class QueryProcessor implements Processor {

    /** The longest query accepted; the event body limit makes longer ones impossible anyway. */
    static final int MAX_QUERY_LENGTH = 1 << 20;
    /** The message and checksum of a query that holds only comments or semicolons. */
    static final String EMPTY_STATEMENT = "(empty statement)";

    /** Created on first use: looking the JSON-P provider up is costly. */
    private static final class Builders {
        static final JsonBuilderFactory FACTORY = Json.createBuilderFactory(Map.of());
    }

    @Override
    public Set<String> types() {
        return Set.of("query");
    }

    @Override
    public void validate(RawEvent event) throws InvalidEventException {
        JsonObject data = event.data();
        JsonValue query = data.get("query");
        if (query == null || query.getValueType() == JsonValue.ValueType.NULL) {
            throw new InvalidEventException("data.query", "is required");
        }
        if (query.getValueType() != JsonValue.ValueType.STRING) {
            throw new InvalidEventException("data.query", "must be a string");
        }
        String text = ((JsonString) query).getString();
        if (text.isBlank()) {
            throw new InvalidEventException("data.query", "must not be blank");
        }
        if (text.length() > MAX_QUERY_LENGTH) {
            throw new InvalidEventException("data.query", "is longer than " + MAX_QUERY_LENGTH + " characters");
        }
        JsonValue engine = data.get("engine");
        if (engine != null && engine.getValueType() != JsonValue.ValueType.NULL) {
            if (engine.getValueType() != JsonValue.ValueType.STRING) {
                throw new InvalidEventException("data.engine", "must be a string");
            }
            String name = ((JsonString) engine).getString();
            if (!name.equals("postgresql") && !name.equals("mysql")) {
                throw new InvalidEventException("data.engine", "must be \"postgresql\" or \"mysql\"");
            }
        }
    }

    @Override
    public ProcessedEvent process(RawEvent event) {
        JsonObject data = event.data();
        String engine = data.containsKey("engine") && !data.isNull("engine") ? data.getString("engine") : null;
        NormalizedQuery query = SqlNormalizer.normalize(data.getString("query"), Dialect.ofEngine(engine));
        String fingerprint = query.sql().isEmpty() ? EMPTY_STATEMENT : query.sql();

        ProcessedEvent.Builder result = ProcessedEvent.builder()
                .checksumParts(fingerprint)
                .message(fingerprint)
                .culprit(query.culprit())
                .tag("statement", query.statement())
                .groupedBy("normalised query", fingerprint);
        if (engine != null) {
            result.tag("engine", engine).leftOut("engine", engine, "a tag, not part of the group");
        }
        result.data(Builders.FACTORY
                .createObjectBuilder(data)
                .add("normalized", query.sql())
                .build());
        return result.build();
    }
}
