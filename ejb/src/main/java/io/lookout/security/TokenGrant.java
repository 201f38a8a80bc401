package io.lookout.security;

import java.util.Set;

/**
 * What a valid API token lets a request do: act as its user with the user's roles as they are now,
 * within the token's scopes and projects.
 *
 * @param projects the projects it is restricted to; {@code null}: every project the user reads
 */
public record TokenGrant(
        long tokenId, String name, String username, Set<String> roles, Set<TokenScope> scopes, Set<Long> projects) {

    /** Whether the token may touch the project (a project it is not restricted to is as unknown as any other). */
    public boolean reaches(long projectId) {
        return projects == null || projects.contains(projectId);
    }
}
