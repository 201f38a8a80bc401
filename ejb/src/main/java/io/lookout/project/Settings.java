package io.lookout.project;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/**
 * A project's settings as {@code GET|PUT /api/{projectId}/settings} answers them: retention, the data
 * keys that become tags, and scrubbing.
 */
@JsonbPropertyOrder({"id", "slug", "name", "retentionDays", "filterableDataKeys", "scrubbing"})
public record Settings(
        long id,
        String slug,
        String name,
        int retentionDays,
        List<String> filterableDataKeys,
        ScrubbingSettings scrubbing) {

    /**
     * The scrubbing settings; {@code defaultSensitiveKeys} and {@code scrubbedValues} are read-only.
     *
     * @param sensitiveKeys the project's sensitive key parts besides the defaults
     * @param scrubbedValues values scrubbed in the project's stored events so far
     */
    @JsonbPropertyOrder({
        "enabled",
        "sensitiveKeys",
        "safeKeys",
        "keepIpAddresses",
        "defaultSensitiveKeys",
        "scrubbedValues"
    })
    public record ScrubbingSettings(
            boolean enabled,
            List<String> sensitiveKeys,
            List<String> safeKeys,
            boolean keepIpAddresses,
            List<String> defaultSensitiveKeys,
            long scrubbedValues) {}
}
