package io.lookout.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.CallerPrincipal;
import jakarta.security.enterprise.credential.RememberMeCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.RememberMeIdentityStore;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The login tokens of signed-in browsers (docs/architecture.md, "Sign-in across nodes"), Jakarta
 * Security's {@link RememberMeIdentityStore} over the table {@code login_token}: a token is 32 random
 * bytes, kept as its SHA-256, valid for {@link #LIFETIME} from the sign-in. Any node signs a user in
 * again from their token when it does not know their session, with the roles the user has now (none:
 * no sign-in). The page mechanism calls it; the API never does (it ignores page cookies).
 */
@ApplicationScoped
public class LoginTokens implements RememberMeIdentityStore {

    /** How long a login token signs its user in again after the sign-in that made it. */
    public static final Duration LIFETIME = Duration.ofHours(12);

    private static final String FORMAT = "[A-Za-z0-9_-]{43}";

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private Users users;

    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();

    /** For tests outside a container. */
    void use(EntityManager em, Users users) {
        this.em = em;
        this.users = users;
    }

    /** The token's user with their current roles, or {@link CredentialValidationResult#INVALID_RESULT}. */
    @Override
    @Transactional
    public CredentialValidationResult validate(RememberMeCredential credential) {
        String token = credential.getToken();
        if (token == null || !token.matches(FORMAT)) {
            return CredentialValidationResult.INVALID_RESULT;
        }
        @SuppressWarnings("unchecked")
        List<String> names = em.createNativeQuery("SELECT u.username FROM login_token t JOIN app_user u"
                        + " ON u.id = t.user_id WHERE t.token_hash = ?1 AND t.expires_at > ?2")
                .setParameter(1, TokenSecrets.hash(token))
                .setParameter(2, now())
                .getResultList();
        if (names.isEmpty()) {
            return CredentialValidationResult.INVALID_RESULT;
        }
        Set<String> roles = users.currentRoles(names.get(0));
        return roles.isEmpty()
                ? CredentialValidationResult.INVALID_RESULT
                : new CredentialValidationResult(names.get(0), roles);
    }

    /** A new token for the user who just signed in (their expired tokens go at the same time). */
    @Override
    @Transactional
    public String generateLoginToken(CallerPrincipal caller, Set<String> groups) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        OffsetDateTime now = now();
        em.createNativeQuery("DELETE FROM login_token WHERE expires_at <= ?1"
                        + " AND user_id = (SELECT id FROM app_user WHERE username = ?2)")
                .setParameter(1, now)
                .setParameter(2, caller.getName())
                .executeUpdate();
        int added = em.createNativeQuery("INSERT INTO login_token (token_hash, user_id, expires_at)"
                        + " SELECT ?1, id, ?2 FROM app_user WHERE username = ?3")
                .setParameter(1, TokenSecrets.hash(token))
                .setParameter(2, now.plus(LIFETIME))
                .setParameter(3, caller.getName())
                .executeUpdate();
        if (added != 1) {
            throw new IllegalStateException("no user " + caller.getName() + " to give a login token");
        }
        return token;
    }

    /** Forgets a token (signing out); an unknown one is no error. */
    @Override
    @Transactional
    public void removeLoginToken(String token) {
        if (token != null && token.matches(FORMAT)) {
            em.createNativeQuery("DELETE FROM login_token WHERE token_hash = ?1")
                    .setParameter(1, TokenSecrets.hash(token))
                    .executeUpdate();
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
