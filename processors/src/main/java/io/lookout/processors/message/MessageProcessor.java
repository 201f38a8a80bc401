package io.lookout.processors.message;

import io.lookout.processors.spi.InvalidEventException;
import io.lookout.processors.spi.ProcessedEvent;
import io.lookout.processors.spi.Processor;
import io.lookout.processors.spi.RawEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Log messages ({@code type: "message"}).
 *
 * <p>Data: {@code {"message": "User %s failed login %d times", "params": ["bob", 3]}}, or a
 * formatted {@code message} alone; without data the event's own {@code message} is used.
 * With {@code params} the group is the template: every "User X failed login N times" is one
 * group. Without them the message's variable parts (numbers, ids, addresses, quoted strings,
 * timestamps) are replaced before hashing. The grouping description names the template and its
 * parameters left out, or the normalised message and each variable part taken out of it. Derived tags: {@code level} (default {@code info})
 * and {@code logger} when the sender gave one in data.
 */
@ApplicationScoped
public class MessageProcessor implements Processor {

    static final int MAX_MESSAGE_LENGTH = 8192;
    static final int MAX_PARAMS = 100;

    @Override
    public Set<String> types() {
        return Set.of("message");
    }

    @Override
    public void validate(RawEvent event) throws InvalidEventException {
        JsonObject data = event.data();
        JsonValue message = data.get("message");
        if (message == null || message.getValueType() == JsonValue.ValueType.NULL) {
            if (event.message().isEmpty()) {
                throw new InvalidEventException("data.message", "is required (or the event's message)");
            }
        } else if (message.getValueType() != JsonValue.ValueType.STRING) {
            throw new InvalidEventException("data.message", "must be a string");
        } else if (((JsonString) message).getString().isBlank()) {
            throw new InvalidEventException("data.message", "must not be blank");
        } else if (((JsonString) message).getString().length() > MAX_MESSAGE_LENGTH) {
            throw new InvalidEventException("data.message", "is longer than " + MAX_MESSAGE_LENGTH + " characters");
        }
        JsonValue params = data.get("params");
        if (params != null && params.getValueType() != JsonValue.ValueType.NULL) {
            if (params.getValueType() != JsonValue.ValueType.ARRAY) {
                throw new InvalidEventException("data.params", "must be an array");
            }
            if (params.asJsonArray().size() > MAX_PARAMS) {
                throw new InvalidEventException("data.params", "has more than " + MAX_PARAMS + " elements");
            }
        }
        JsonValue logger = data.get("logger");
        if (logger != null
                && logger.getValueType() != JsonValue.ValueType.STRING
                && logger.getValueType() != JsonValue.ValueType.NULL) {
            throw new InvalidEventException("data.logger", "must be a string");
        }
    }

    @Override
    public ProcessedEvent process(RawEvent event) {
        JsonObject data = event.data();
        String template = data.containsKey("message") && !data.isNull("message")
                ? data.getString("message")
                : event.message().orElseThrow();
        List<String> params = params(data);

        ProcessedEvent.Builder result = ProcessedEvent.builder();
        if (params.isEmpty()) {
            List<VariableParts.Stripped> stripped = new ArrayList<>();
            String normalized = VariableParts.normalize(template, stripped);
            result.checksumParts(normalized).groupedBy("message", normalized);
            VariableParts.describe(result, stripped);
            result.message(event.message().orElse(template));
        } else {
            result.checksumParts(template).groupedBy("template", template);
            for (int i = 0; i < params.size(); i++) {
                result.leftOut("parameter " + (i + 1), params.get(i), "a parameter of the template");
            }
            result.message(event.message().orElse(MessageFormat.format(template, params)));
        }
        String logger = data.containsKey("logger") && !data.isNull("logger") ? data.getString("logger") : null;
        if (logger != null) {
            result.tag("logger", logger);
            result.culprit(logger);
        }
        result.tag("level", event.level().orElse("info"));
        return result.build();
    }

    private static List<String> params(JsonObject data) {
        if (!data.containsKey("params") || data.isNull("params")) {
            return List.of();
        }
        JsonArray array = data.getJsonArray("params");
        List<String> params = new ArrayList<>(array.size());
        for (JsonValue value : array) {
            params.add(
                    switch (value.getValueType()) {
                        case STRING -> ((JsonString) value).getString();
                        case NUMBER -> ((JsonNumber) value).toString();
                        default -> value.toString();
                    });
        }
        return params;
    }
}
