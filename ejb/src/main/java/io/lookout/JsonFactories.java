package io.lookout.query;

import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonReaderFactory;
import java.util.Map;

/**
 * The JSON-P factories of the read side. Every static {@code Json.create...()} call looks the
 * JSON-P provider up again (a ServiceLoader walk); lists build thousands of objects per request, so
 * they use these factories, created once.
 */
public final class JsonOut {

    public static final JsonBuilderFactory BUILDERS = Json.createBuilderFactory(Map.of());
    public static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    private JsonOut() {
    }
}
