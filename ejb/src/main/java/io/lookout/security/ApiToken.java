package io.lookout.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** A personal API token of a user; Lookout keeps only its hash ({@link TokenSecrets}). */
@Entity
@Table(name = "api_token")
@NamedQuery(name = "ApiToken.byUser", query = "SELECT t FROM ApiToken t WHERE t.userId = :userId ORDER BY t.id")
@NamedQuery(name = "ApiToken.byHash", query = "SELECT t FROM ApiToken t WHERE t.tokenHash = :hash")
public class ApiToken {

    @Id
    @SequenceGenerator(name = "api_token_seq", sequenceName = "api_token_seq", allocationSize = 1)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "api_token_seq")
    private Long id;

    @Column(name = "user_id", nullable = false)
    private Long userId;

    @Column(nullable = false, length = 100)
    private String name;

    @Column(name = "token_hash", nullable = false, length = 64)
    private String tokenHash;

    @Column(nullable = false, length = 32)
    private String scopes;

    @Column(length = 2000)
    private String projects;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Column(name = "expires_at")
    private OffsetDateTime expiresAt;

    @Column(name = "last_used_at")
    private OffsetDateTime lastUsedAt;

    protected ApiToken() {}

    ApiToken(
            long userId,
            String name,
            String tokenHash,
            Set<TokenScope> scopes,
            List<Long> projects,
            OffsetDateTime createdAt,
            OffsetDateTime expiresAt) {
        this.userId = userId;
        this.name = name;
        this.tokenHash = tokenHash;
        this.scopes = scopes.stream().sorted().map(TokenScope::word).collect(Collectors.joining(","));
        this.projects =
                projects == null ? null : projects.stream().map(String::valueOf).collect(Collectors.joining(","));
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    public Long getId() {
        return id;
    }

    public Long getUserId() {
        return userId;
    }

    public String getName() {
        return name;
    }

    public Set<TokenScope> getScopes() {
        Set<TokenScope> set = EnumSet.noneOf(TokenScope.class);
        Arrays.stream(scopes.split(",")).map(TokenScope::of).forEach(set::add);
        return set;
    }

    /** The projects it is restricted to, ascending; {@code null}: none. */
    public List<Long> getProjects() {
        return projects == null || projects.isEmpty()
                ? null
                : Arrays.stream(projects.split(",")).map(Long::valueOf).sorted().toList();
    }

    public OffsetDateTime getCreatedAt() {
        return createdAt;
    }

    public OffsetDateTime getExpiresAt() {
        return expiresAt;
    }

    public OffsetDateTime getLastUsedAt() {
        return lastUsedAt;
    }
}
