package io.lookout.event;

import io.lookout.JsonFactories;
import io.lookout.JsonText;
import io.lookout.processors.spi.RawEvent;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
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
        StringBuilder text = new StringBuilder(256);
        writeJson(text);
        try (JsonReader reader = JsonFactories.READERS.createReader(new StringReader(text.toString()))) {
            return reader.readObject();
        }
    }

    /** Appends {@link #toJson()}'s text: what travels on the queue, written without building it first. */
    public void writeJson(StringBuilder out) {
        out.append("{\"" + Fields.ID + "\":");
        JsonText.string(out, id);
        out.append(",\"" + Fields.TYPE + "\":");
        JsonText.string(out, type);
        out.append(",\"" + Fields.TIMESTAMP + "\":\"").append(timestamp).append('"');
        if (summary != null) {
            out.append(",\"" + Fields.MESSAGE + "\":");
            JsonText.string(out, summary);
        }
        if (severity != null) {
            out.append(",\"" + Fields.LEVEL + "\":");
            JsonText.string(out, severity);
        }
        out.append(",\"" + Fields.TAGS + "\":");
        JsonText.object(out, tags);
        out.append(",\"" + Fields.DATA + "\":");
        JsonText.write(out, data);
        if (duration != null) {
            out.append(",\"" + Fields.TIME_SPENT + "\":").append(JsonFactories.PROVIDER.createValue(duration));
        }
        if (correlationId != null) {
            out.append(",\"" + Fields.CORRELATION_ID + "\":");
            JsonText.string(out, correlationId);
        }
        if (fingerprint != null) {
            out.append(",\"" + Fields.FINGERPRINT + "\":");
            JsonText.array(out, fingerprint);
        }
        out.append('}');
    }
}
