package io.lookout.system;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.Map;

/**
 * What runs here, as {@code GET /api/admin/system} answers it.
 *
 * @param version Lookout's version ({@code "null"} when the jar has none, as in tests)
 * @param jpaProvider the class of the JPA provider's entity manager
 * @param database {@code h2} or {@code postgresql}
 * @param schemaVersion the version of the last migration applied
 * @param processors the processor class of each event type, by type
 */
@JsonbPropertyOrder({"version", "jpaProvider", "jpaProviderVersion", "database", "schemaVersion", "processors"})
public record SystemDescription(
        String version,
        String jpaProvider,
        String jpaProviderVersion,
        String database,
        String schemaVersion,
        Map<String, String> processors) {}
