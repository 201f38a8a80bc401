package io.lookout.api;

import jakarta.annotation.PreDestroy;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * The one JSON-B instance the API writes its answers and reads its bodies with, in JSON-B's default
 * configuration (the one RESTEasy uses without a resolver). Without it RESTEasy creates a new
 * instance for every body it writes or reads, and Yasson, which learns each class's properties per
 * instance, read the annotations of every class in the answer again on every request (3 % of the
 * server's CPU under the ingest benchmark, whose latency sampler reads events back:
 * docs/benchmarks.md, session 26). A provider is a singleton, and a {@link Jsonb} is thread-safe.
 */
@Provider
@Produces(MediaType.APPLICATION_JSON)
public class SharedJsonb implements ContextResolver<Jsonb> {

    private final Jsonb jsonb = JsonbBuilder.create();

    @Override
    public Jsonb getContext(Class<?> type) {
        return jsonb;
    }

    @PreDestroy
    void close() {
        try {
            jsonb.close();
        } catch (Exception e) {
            // undeploying: nothing holds it any more
        }
    }
}
