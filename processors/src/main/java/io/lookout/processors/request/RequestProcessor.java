package io.lookout.processors.request;

import io.lookout.processors.spi.InvalidEventException;
import io.lookout.processors.spi.ProcessedEvent;
import io.lookout.processors.spi.Processor;
import io.lookout.processors.spi.RawEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * HTTP requests and page views ({@code type: "request"}).
 *
 * <p>Data: {@code {"method": "GET", "url": "https://shop.example.com/items/123?x=1", "status": 500}};
 * the event's {@code timeSpent} is the request's duration. The group is the method and the
 * {@linkplain PathTemplate path template} ({@code GET /items/{id}}): ids in the path are
 * templated, the host, the query and the fragment are ignored, and so is the status. The grouping
 * description names the method and the route template, and the path as sent, the status and the host
 * left out.
 *
 * <p>Summary: the event's message, or {@code "GET /items/{id}"}; the culprit is the template.
 * Derived tags: {@code url} (the template), {@code method}, {@code status} (when given),
 * {@code host} (of an absolute URL) and {@code level}: the event's, else {@code error} for a
 * status of 500 and above, {@code warning} for 4xx and {@code info} otherwise. The stored data is
 * the sender's with the method upper-cased, the template added as {@code template} and any
 * {@code user:password@} removed from the URL. See {@code docs/processors-exception-request.md}.
 */
@ApplicationScoped
public class RequestProcessor implements Processor {

    /** Longest method accepted. */
    static final int MAX_METHOD_LENGTH = 32;
    /** Characters of a tag value. */
    static final int MAX_TAG_LENGTH = 200;

    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";
    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());

    @Override
    public Set<String> types() {
        return Set.of("request");
    }

    @Override
    public void validate(RawEvent event) throws InvalidEventException {
        JsonObject data = event.data();
        String method = requiredString(data, "method");
        if (method.length() > MAX_METHOD_LENGTH) {
            throw new InvalidEventException("data.method", "is longer than " + MAX_METHOD_LENGTH + " characters");
        }
        if (!isToken(method)) {
            throw new InvalidEventException(
                    "data.method", "must be an HTTP method such as GET (letters, digits, " + TOKEN_SYMBOLS + ")");
        }
        try {
            RequestUrl.parse(requiredString(data, "url"));
        } catch (RequestUrl.InvalidUrlException e) {
            throw new InvalidEventException("data.url", e.getMessage());
        }
        JsonValue status = data.get("status");
        if (status != null && status.getValueType() != JsonValue.ValueType.NULL) {
            if (status.getValueType() != JsonValue.ValueType.NUMBER || !((JsonNumber) status).isIntegral()) {
                throw new InvalidEventException("data.status", "must be an integer");
            }
            JsonNumber number = (JsonNumber) status;
            if (number.bigDecimalValue().compareTo(BigDecimal.valueOf(100)) < 0
                    || number.bigDecimalValue().compareTo(BigDecimal.valueOf(599)) > 0) {
                throw new InvalidEventException("data.status", "must be between 100 and 599");
            }
        }
    }

    @Override
    public ProcessedEvent process(RawEvent event) {
        JsonObject data = event.data();
        String method = data.getString("method").toUpperCase(Locale.ROOT);
        String url = data.getString("url");
        RequestUrl parsed;
        try {
            parsed = RequestUrl.parse(url);
        } catch (RequestUrl.InvalidUrlException e) {
            throw new IllegalArgumentException("data.url " + e.getMessage(), e);
        }
        String template = PathTemplate.of(parsed.path());
        Integer status = data.get("status") instanceof JsonNumber number ? number.intValue() : null;

        ProcessedEvent.Builder result = ProcessedEvent.builder()
                .checksumParts(method, template)
                .message(event.message().orElse(method + " " + template))
                .culprit(template)
                .tag("url", cut(template))
                .tag("method", method)
                .groupedBy("method", method)
                .groupedBy("route", template);
        if (!parsed.path().equals(template)) {
            result.leftOut("path", parsed.path(), "its ids are templated in the route");
        }
        if (status != null) {
            result.tag("status", Integer.toString(status))
                    .leftOut("status", Integer.toString(status), "a tag, not part of the group");
        }
        if (parsed.host() != null) {
            result.tag("host", cut(parsed.host())).leftOut("host", parsed.host(), "a tag, not part of the group");
        }
        result.tag("level", event.level().orElse(level(status)));

        JsonObjectBuilder stored =
                JSON.createObjectBuilder(data).add("method", method).add("template", template);
        if (parsed.userInfo()) {
            stored.add("url", withoutUserInfo(url));
        }
        return result.data(stored.build()).build();
    }

    /** {@code error} for 5xx, {@code warning} for 4xx, {@code info} otherwise. */
    static String level(Integer status) {
        if (status == null) {
            return "info";
        }
        return status >= 500 ? "error" : status >= 400 ? "warning" : "info";
    }

    /** The URL without {@code user[:password]@} in its authority. */
    static String withoutUserInfo(String url) {
        int authority = url.indexOf("://") + 3;
        int end = authority;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        int at = url.lastIndexOf('@', end - 1);
        return at < authority ? url : url.substring(0, authority) + url.substring(at + 1);
    }

    private static boolean isToken(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean letterOrDigit = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!letterOrDigit && TOKEN_SYMBOLS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static String requiredString(JsonObject data, String key) throws InvalidEventException {
        JsonValue value = data.get(key);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            throw new InvalidEventException("data." + key, "is required");
        }
        if (value.getValueType() != JsonValue.ValueType.STRING) {
            throw new InvalidEventException("data." + key, "must be a string");
        }
        String text = ((JsonString) value).getString();
        if (text.isBlank()) {
            throw new InvalidEventException("data." + key, "must not be blank");
        }
        return text;
    }

    private static String cut(String text) {
        return text.length() <= MAX_TAG_LENGTH ? text : text.substring(0, MAX_TAG_LENGTH);
    }
}
