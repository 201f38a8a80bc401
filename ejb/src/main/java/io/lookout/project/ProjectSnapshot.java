package io.lookout.project;

import io.lookout.operations.LookoutLog;
import io.lookout.processing.rules.GroupingRules;
import io.lookout.processing.rules.RuleSyntaxException;
import io.lookout.scrubbing.ScrubbingRules;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * What ingestion needs of a project, read at one moment: its id, slug (the {@code project} tag),
 * public key, the data keys that become tags, its compiled scrubbing rules and its compiled grouping
 * rules, and its quota settings. {@link ProjectSnapshots} hands these out.
 */
public record ProjectSnapshot(
        long id,
        String slug,
        String publicKey,
        List<String> filterableDataKeys,
        ScrubbingRules scrubbing,
        GroupingRules groupingRules,
        QuotaSettings quota) {

    public ProjectSnapshot {
        filterableDataKeys = List.copyOf(filterableDataKeys);
        groupingRules = groupingRules == null ? GroupingRules.NONE : groupingRules;
        quota = quota == null ? QuotaSettings.DEFAULTS : quota;
    }

    /** A project with the server's default quotas. */
    public ProjectSnapshot(
            long id,
            String slug,
            String publicKey,
            List<String> filterableDataKeys,
            ScrubbingRules scrubbing,
            GroupingRules groupingRules) {
        this(id, slug, publicKey, filterableDataKeys, scrubbing, groupingRules, QuotaSettings.DEFAULTS);
    }

    /** A project without grouping rules. */
    public ProjectSnapshot(
            long id, String slug, String publicKey, List<String> filterableDataKeys, ScrubbingRules scrubbing) {
        this(id, slug, publicKey, filterableDataKeys, scrubbing, GroupingRules.NONE);
    }

    /** A project with the default scrubbing. */
    public ProjectSnapshot(long id, String slug, String publicKey, List<String> filterableDataKeys) {
        this(id, slug, publicKey, filterableDataKeys, ScrubbingRules.DEFAULT);
    }

    public static ProjectSnapshot of(Project project) {
        return of(project, GroupingRules.NONE);
    }

    /**
     * @param previous the rules of the project's previous snapshot: reused when the text did not
     *     change, so that rules are compiled once per change, not once per read
     */
    public static ProjectSnapshot of(Project project, GroupingRules previous) {
        return new ProjectSnapshot(
                project.getId(),
                project.getSlug(),
                project.getPublicKey(),
                project.getFilterableDataKeys(),
                project.getScrubbing(),
                compile(project.getId(), project.getGroupingRules(), previous),
                project.getQuota());
    }

    /** The rules compiled; ones that no longer parse (stored by an older release) are logged and not applied. */
    static GroupingRules compile(long projectId, String text, GroupingRules previous) {
        String written = text == null ? "" : text;
        if (previous != null && previous.text().equals(written)) {
            return previous;
        }
        try {
            return GroupingRules.parse(written);
        } catch (RuleSyntaxException e) {
            LookoutLog.LOG.groupingRulesUnreadable(projectId, e.getMessage());
            return GroupingRules.NONE;
        }
    }

    /** Whether {@code key} is the project's public key (compared in constant time). */
    public boolean keyMatches(String key) {
        return key != null
                && MessageDigest.isEqual(
                        publicKey.getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8));
    }
}
