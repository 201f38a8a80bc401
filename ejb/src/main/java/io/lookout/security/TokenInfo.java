package io.lookout.security;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An API token as {@code /api/tokens} answers it and the tokens page lists it; the token itself
 * only in the answer that created it.
 *
 * @param token the token, once (when created); otherwise absent
 * @param scopes {@code read}, {@code write}, {@code admin}
 * @param projects the projects it is restricted to; {@code null}: every project its user reads
 * @param createdAt ISO 8601, UTC
 * @param lastUsedAt to the minute; {@code null}: never used
 * @param expiresAt {@code null}: never expires
 */
@JsonbPropertyOrder({"id", "name", "token", "scopes", "projects", "createdAt", "lastUsedAt", "expiresAt"})
public record TokenInfo(
        long id,
        String name,

        @Schema(description = "the token, only in the answer that created it")
        String token,

        List<String> scopes,
        @Schema(nullable = true) @JsonbNillable List<Long> projects,
        String createdAt,
        @Schema(nullable = true) @JsonbNillable String lastUsedAt,
        @Schema(nullable = true) @JsonbNillable String expiresAt) {

    static TokenInfo of(ApiToken token, String secret) {
        return new TokenInfo(
                token.getId(),
                token.getName(),
                secret,
                token.getScopes().stream().map(TokenScope::word).toList(),
                token.getProjects(),
                token.getCreatedAt().toInstant().toString(),
                token.getLastUsedAt() == null
                        ? null
                        : token.getLastUsedAt().toInstant().toString(),
                token.getExpiresAt() == null
                        ? null
                        : token.getExpiresAt().toInstant().toString());
    }

    /** {@code {"tokens": [...]}}, oldest first. */
    public record TokenList(List<TokenInfo> tokens) {}
}
