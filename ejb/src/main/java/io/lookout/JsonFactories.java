package io.lookout;

import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonReaderFactory;
import jakarta.json.spi.JsonProvider;
import java.util.Map;

/**
 * The JSON-P factories, created once. Every static {@code Json.create...()} call looks the JSON-P
 * provider up again (a ServiceLoader walk through the module class loaders); on the ingest path that
 * walk was the largest share of the server's CPU time (docs/benchmarks.md), and lists build
 * thousands of objects per request. Main code uses these instead of {@code jakarta.json.Json}.
 */
public final class JsonFactories {

    public static final JsonProvider PROVIDER = JsonProvider.provider();
    public static final JsonBuilderFactory BUILDERS = PROVIDER.createBuilderFactory(Map.of());
    public static final JsonReaderFactory READERS = PROVIDER.createReaderFactory(Map.of());

    private JsonFactories() {}
}
