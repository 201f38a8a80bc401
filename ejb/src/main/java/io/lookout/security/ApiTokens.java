package io.lookout.security;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.schema.Columns;
import io.lookout.schema.SqlRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Personal API tokens (docs/security.md): created by their user, shown once, kept as a SHA-256,
 * revocable; a token acts as its user with the roles the user has now, within its scopes and
 * projects. Its last use is written at most once a minute.
 */
@ApplicationScoped
public class ApiTokens {

    /** How often a token's last use is written at most. */
    static final Duration LAST_USE_STEP = Duration.ofMinutes(1);

    /** The most tokens one user may have. */
    public static final int MAX_PER_USER = 50;

    private static final Columns GRANT =
            new Columns("t.id", "t.name", "t.scopes", "t.projects", "t.expires_at", "t.last_used_at", "u.username");

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private Users users;

    @Inject
    private ProjectAccess access;

    @Inject
    private Audit audit;

    private final Clock clock = Clock.systemUTC();

    /**
     * Creates a token for {@code username} (the caller: nobody creates tokens for others). The scope
     * {@code admin} is for admins; restricting projects needs projects the caller can read.
     *
     * @return the token's description with the token itself, which is never shown again
     */
    @Transactional
    public TokenInfo create(String username, NewToken command) throws Problem {
        User user = users.require(username);
        if (command.scopes().contains(TokenScope.ADMIN)
                && !users.currentRoles(username).contains(Roles.ADMIN)) {
            throw Problem.invalid("scopes", ProblemCode.TOKEN_ADMIN_SCOPE);
        }
        if (command.projects() != null) {
            for (long project : command.projects()) {
                if (!access.mayRead(project)) {
                    throw Problem.invalid("projects", ProblemCode.TOKEN_PROJECT, project);
                }
            }
        }
        long count = em.createNamedQuery("ApiToken.byUser", ApiToken.class)
                .setParameter("userId", user.getId())
                .getResultList()
                .size();
        if (count >= MAX_PER_USER) {
            throw Problem.conflict(null, ProblemCode.TOO_MANY_TOKENS, username, MAX_PER_USER);
        }
        String secret = TokenSecrets.generate();
        ApiToken token = new ApiToken(
                user.getId(),
                command.name(),
                TokenSecrets.hash(secret),
                command.scopes(),
                command.projects(),
                OffsetDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS),
                command.expiresAt());
        em.persist(token);
        em.flush();
        audit.record("token.create", "token " + token.getId() + " of " + username, describe(token));
        return TokenInfo.of(token, secret);
    }

    private static String describe(ApiToken token) {
        return "name '" + token.getName() + "', scopes "
                + token.getScopes().stream().map(TokenScope::word).collect(Collectors.joining(", "))
                + (token.getProjects() == null ? "" : ", projects " + token.getProjects())
                + (token.getExpiresAt() == null
                        ? ""
                        : ", expires " + token.getExpiresAt().toInstant());
    }

    /** The user's tokens, oldest first; never the tokens themselves. */
    public List<TokenInfo> list(String username) {
        Optional<User> user = users.find(username);
        if (user.isEmpty()) {
            return List.of();
        }
        return em
                .createNamedQuery("ApiToken.byUser", ApiToken.class)
                .setParameter("userId", user.get().getId())
                .getResultList()
                .stream()
                .map(token -> TokenInfo.of(token, null))
                .toList();
    }

    /** Revokes one of the user's tokens: it stops working at once. 404 unless it is theirs. */
    @Transactional
    public void revoke(String username, long id) throws Problem {
        User user = users.require(username);
        ApiToken token = em.find(ApiToken.class, id);
        if (token == null || !token.getUserId().equals(user.getId())) {
            throw Problem.notFound(ProblemCode.NO_TOKEN, id);
        }
        String description = describe(token);
        em.remove(token);
        em.flush();
        audit.record("token.revoke", "token " + id + " of " + username, description);
    }

    /**
     * The grant of a token sent with a request, or empty when it is malformed, unknown (revoked),
     * expired, or its user has no roles left. Reads by the token's hash; writes the last use when the
     * stored one is a minute old or more.
     */
    @Transactional
    public Optional<TokenGrant> authenticate(String secret) {
        if (!TokenSecrets.wellFormed(secret)) {
            return Optional.empty();
        }
        List<SqlRow> rows = GRANT.select(
                em,
                "FROM api_token t JOIN app_user u ON u.id = t.user_id WHERE t.token_hash = ?1",
                TokenSecrets.hash(secret));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        SqlRow row = rows.get(0);
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime expires = row.time("expires_at");
        if (expires != null && !now.isBefore(expires)) {
            return Optional.empty();
        }
        String username = row.text("username");
        Set<String> roles = users.currentRoles(username);
        if (roles.isEmpty()) {
            return Optional.empty();
        }
        long id = row.number("id");
        OffsetDateTime lastUsed = row.time("last_used_at");
        if (lastUsed == null || !now.isBefore(lastUsed.plus(LAST_USE_STEP))) {
            OffsetDateTime minute = now.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
            // conditional, so that nodes racing on one token write it once
            em.createNativeQuery("UPDATE api_token SET last_used_at = ?1 WHERE id = ?2"
                            + " AND (last_used_at IS NULL OR last_used_at < ?1)")
                    .setParameter(1, minute)
                    .setParameter(2, id)
                    .executeUpdate();
        }
        Set<TokenScope> scopes = EnumSet.noneOf(TokenScope.class);
        Arrays.stream(row.text("scopes").split(",")).map(TokenScope::of).forEach(scopes::add);
        String projects = row.text("projects");
        return Optional.of(new TokenGrant(
                id,
                row.text("name"),
                username,
                roles,
                Set.copyOf(scopes),
                projects == null || projects.isEmpty()
                        ? null
                        : Arrays.stream(projects.split(","))
                                .map(Long::valueOf)
                                .collect(Collectors.toUnmodifiableSet())));
    }
}
