package io.lookout.processors.spi.testing;

import io.lookout.processors.spi.InvalidEventException;
import io.lookout.processors.spi.ProcessedEvent;
import io.lookout.processors.spi.Processor;
import io.lookout.processors.spi.RawEvent;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Builds the {@link RawEvent} a processor is handed, for a processor's unit tests: shipped in the
 * SPI's test jar ({@code io.lookout:lookout-processors-spi}, classifier {@code tests}).
 *
 * <pre>{@code
 * RawEvent event = RawEventBuilder.event("deploy")
 *         .data("{\"service\": \"cart\", \"version\": \"1.2.3\"}")
 *         .tag("server", "web-1")
 *         .build();
 * processor.validate(event);
 * ProcessedEvent result = processor.process(event);
 * }</pre>
 *
 * <p>Unset, an event has no message, level, tags or time spent, empty data, and the timestamp
 * {@link #DEFAULT_TIMESTAMP}, so that a test's results do not depend on the clock. The built event
 * is immutable; a builder can be changed and built again.
 */
public final class RawEventBuilder {

    /** The timestamp of an event whose builder was not given one. */
    public static final Instant DEFAULT_TIMESTAMP = Instant.parse("2026-11-28T12:00:00Z");

    private final String type;
    private Instant timestamp = DEFAULT_TIMESTAMP;
    private String message;
    private String level;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private JsonObject data = JsonValue.EMPTY_JSON_OBJECT;
    private Double timeSpent;

    private RawEventBuilder(String type) {
        this.type = required(type, "type");
    }

    /** A builder of an event of this type (the type that selected the processor). */
    public static RawEventBuilder event(String type) {
        return new RawEventBuilder(type);
    }

    public RawEventBuilder timestamp(Instant timestamp) {
        this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
        return this;
    }

    /** The sender's one-line summary; {@code null} for none. */
    public RawEventBuilder message(String message) {
        this.message = message;
        return this;
    }

    /** The level as Lookout hands it on ({@code debug}, {@code info}, {@code warning}, {@code error}, {@code fatal}); {@code null} for none. */
    public RawEventBuilder level(String level) {
        this.level = level;
        return this;
    }

    /** A tag of the sender; the value may be {@code null} (a null tag equals a missing one). */
    public RawEventBuilder tag(String key, String value) {
        tags.put(required(key, "tag key"), value);
        return this;
    }

    /** Tags of the sender, added to those set before; values may be {@code null}. */
    public RawEventBuilder tags(Map<String, String> tags) {
        Objects.requireNonNull(tags, "tags").forEach(this::tag);
        return this;
    }

    /** The type-specific data. */
    public RawEventBuilder data(JsonObject data) {
        this.data = Objects.requireNonNull(data, "data");
        return this;
    }

    /**
     * The type-specific data as JSON text, which must be one object; needs a JSON-P implementation
     * (such as Eclipse Parsson) on the test class path.
     *
     * @throws IllegalArgumentException when the text is not a JSON object
     */
    public RawEventBuilder data(String json) {
        Objects.requireNonNull(json, "data");
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new IllegalArgumentException(
                        "data must be a JSON object, not " + value.getValueType() + ": " + json);
            }
            this.data = value.asJsonObject();
        } catch (JsonException e) {
            throw new IllegalArgumentException("data is not valid JSON (" + e.getMessage() + "): " + json, e);
        }
        return this;
    }

    /**
     * The duration the event measured, in milliseconds.
     *
     * @throws IllegalArgumentException when negative, infinite or NaN: Lookout refuses such events
     *         before any processor sees them
     */
    public RawEventBuilder timeSpent(double milliseconds) {
        if (!Double.isFinite(milliseconds) || milliseconds < 0) {
            throw new IllegalArgumentException(
                    "timeSpent must be a finite number of milliseconds, at least 0, not " + milliseconds);
        }
        this.timeSpent = milliseconds;
        return this;
    }

    /** No time spent (the default). */
    public RawEventBuilder noTimeSpent() {
        this.timeSpent = null;
        return this;
    }

    /**
     * The event built and handed to {@code processor} as Lookout hands it over: validated first,
     * then processed.
     */
    public ProcessedEvent processedBy(Processor processor) throws InvalidEventException {
        RawEvent event = build();
        processor.validate(event);
        return processor.process(event);
    }

    public RawEvent build() {
        return new Built(
                type,
                timestamp,
                Optional.ofNullable(message),
                Optional.ofNullable(level),
                Collections.unmodifiableMap(new LinkedHashMap<>(tags)),
                data,
                timeSpent == null ? OptionalDouble.empty() : OptionalDouble.of(timeSpent));
    }

    private static String required(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be " + (value == null ? "null" : "blank"));
        }
        return value;
    }

    private record Built(
            String type,
            Instant timestamp,
            Optional<String> message,
            Optional<String> level,
            Map<String, String> tags,
            JsonObject data,
            OptionalDouble timeSpent)
            implements RawEvent {}
}
