package io.lookout.event;

import io.lookout.JsonFactories;
import io.lookout.processors.spi.RawEvent;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * An event as accepted: shape-checked, with its id and timestamp settled. This is what travels on
 * the queue ({@link #toJson()}) and what processors see.
 */
public record IncomingEvent(
        String id,
        String type,
        Instant timestamp,
        String summary,
        String severity,
        Map<String, String> tags,
        JsonObject data,
        Double duration,
        String correlationId,
        List<String> fingerprint)
        implements RawEvent {

    @Override
    public Optional<String> message() {
        return Optional.ofNullable(summary);
    }

    @Override
    public Optional<String> level() {
        return Optional.ofNullable(severity);
    }

    @Override
    public OptionalDouble timeSpent() {
        return duration == null ? OptionalDouble.empty() : OptionalDouble.of(duration);
    }

    /** The event in the native JSON format, with id and timestamp always present. */
    public JsonObject toJson() {
        JsonObjectBuilder json = JsonFactories.BUILDERS
                .createObjectBuilder()
                .add(Fields.ID, id)
                .add(Fields.TYPE, type)
                .add(Fields.TIMESTAMP, timestamp.toString());
        if (summary != null) {
            json.add(Fields.MESSAGE, summary);
        }
        if (severity != null) {
            json.add(Fields.LEVEL, severity);
        }
        JsonObjectBuilder tagsJson = JsonFactories.BUILDERS.createObjectBuilder();
        tags.forEach((key, value) -> {
            if (value == null) {
                tagsJson.addNull(key);
            } else {
                tagsJson.add(key, value);
            }
        });
        json.add(Fields.TAGS, tagsJson).add(Fields.DATA, data);
        if (duration != null) {
            json.add(Fields.TIME_SPENT, duration);
        }
        if (correlationId != null) {
            json.add(Fields.CORRELATION_ID, correlationId);
        }
        if (fingerprint != null) {
            JsonArrayBuilder parts = JsonFactories.BUILDERS.createArrayBuilder();
            fingerprint.forEach(parts::add);
            json.add(Fields.FINGERPRINT, parts);
        }
        return json.build();
    }
}
