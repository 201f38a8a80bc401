package io.lookout.project;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/**
 * A project as the administration API answers it ({@code /api/admin/projects}): with its public key,
 * DSN and members.
 *
 * @param createdAt as the API always wrote it ({@code OffsetDateTime.toString()}, UTC)
 * @param members the user names of its members
 */
@JsonbPropertyOrder({"id", "slug", "name", "publicKey", "dsn", "retentionDays", "createdAt", "scrubbing", "members"})
public record AdminProject(
        long id,
        String slug,
        String name,
        String publicKey,
        String dsn,
        int retentionDays,
        String createdAt,
        ScrubbingSummary scrubbing,
        List<String> members) {

    /** Whether scrubbing is on, and how many values it replaced in the project's stored events. */
    @JsonbPropertyOrder({"enabled", "scrubbedValues"})
    public record ScrubbingSummary(boolean enabled, long scrubbedValues) {}

    /** {@code {"projects": [...]}}, by id. */
    public record AdminProjectList(List<AdminProject> projects) {}

    /** {@code {"members": [...]}}: the user names of a project's members. */
    public record MemberList(List<String> members) {}

    /** {@code {"projectId": 1, "username": "bob"}}: one membership. */
    @JsonbPropertyOrder({"projectId", "username"})
    public record Membership(long projectId, String username) {}
}
