package io.lookout.project;

import io.lookout.scrubbing.ScrubbingRules;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * What ingestion needs of a project, read at one moment: its id, slug (the {@code project} tag),
 * public key, the data keys that become tags and its compiled scrubbing rules.
 * {@link ProjectSnapshots} hands these out.
 */
public record ProjectSnapshot(
        long id, String slug, String publicKey, List<String> filterableDataKeys, ScrubbingRules scrubbing) {

    public ProjectSnapshot {
        filterableDataKeys = List.copyOf(filterableDataKeys);
    }

    /** A project with the default scrubbing. */
    public ProjectSnapshot(long id, String slug, String publicKey, List<String> filterableDataKeys) {
        this(id, slug, publicKey, filterableDataKeys, ScrubbingRules.DEFAULT);
    }

    public static ProjectSnapshot of(Project project) {
        return new ProjectSnapshot(
                project.getId(),
                project.getSlug(),
                project.getPublicKey(),
                project.getFilterableDataKeys(),
                project.getScrubbing());
    }

    /** Whether {@code key} is the project's public key (compared in constant time). */
    public boolean keyMatches(String key) {
        return key != null
                && MessageDigest.isEqual(
                        publicKey.getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8));
    }
}
