package io.lookout.project;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * What ingestion needs of a project, read at one moment: its id, slug (the {@code project} tag),
 * public key and the data keys that become tags. {@link ProjectSnapshots} hands these out.
 */
public record ProjectSnapshot(long id, String slug, String publicKey, List<String> filterableDataKeys) {

    public ProjectSnapshot {
        filterableDataKeys = List.copyOf(filterableDataKeys);
    }

    public static ProjectSnapshot of(Project project) {
        return new ProjectSnapshot(project.getId(), project.getSlug(), project.getPublicKey(), project.getFilterableDataKeys());
    }

    /** Whether {@code key} is the project's public key (compared in constant time). */
    public boolean keyMatches(String key) {
        return key != null && MessageDigest.isEqual(
                publicKey.getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8));
    }
}
