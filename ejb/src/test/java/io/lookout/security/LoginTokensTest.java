package io.lookout.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lookout.schema.TestDatabase;
import jakarta.security.enterprise.CallerPrincipal;
import jakarta.security.enterprise.credential.RememberMeCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Login tokens on the migrated schema (V28): a token signs its user in again with the roles they
 * have now, and stops doing so when it is removed, expires, or its user loses every role or is
 * deleted; only its hash is stored.
 */
class LoginTokensTest {

    private static TestDatabase db;
    private static LoginTokens tokens;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabase.create();
        Users users = new Users();
        users.use(db.entityManager());
        tokens = new LoginTokens();
        tokens.use(db.entityManager(), users);
        db.inTransaction(em -> {
            em.createNativeQuery("INSERT INTO app_user (id, username, password_hash, created_at) VALUES"
                            + " (101, 'ann', 'x', CURRENT_TIMESTAMP), (102, 'bob', 'x', CURRENT_TIMESTAMP),"
                            + " (103, 'cy', 'x', CURRENT_TIMESTAMP)")
                    .executeUpdate();
            return em.createNativeQuery("INSERT INTO user_role (user_id, role) VALUES (101, 'member'),"
                            + " (102, 'admin'), (103, 'member')")
                    .executeUpdate();
        });
    }

    @AfterAll
    static void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    private static String issue(String username) {
        return db.inTransaction(em -> tokens.generateLoginToken(new CallerPrincipal(username), Set.of()));
    }

    private static CredentialValidationResult check(String token) {
        return db.inTransaction(em -> tokens.validate(new RememberMeCredential(token)));
    }

    private static void sql(String statement) {
        db.inTransaction(em -> em.createNativeQuery(statement).executeUpdate());
    }

    @Test
    void aTokenSignsItsUserInWithTheRolesTheyHaveNow() {
        String token = issue("ann");
        CredentialValidationResult result = check(token);
        assertEquals(CredentialValidationResult.Status.VALID, result.getStatus());
        assertEquals("ann", result.getCallerPrincipal().getName());
        assertEquals(Set.of("member"), result.getCallerGroups());

        sql("INSERT INTO user_role (user_id, role) VALUES (101, 'admin')");
        assertEquals(Set.of("member", "admin"), check(token).getCallerGroups(), "a role given later applies");
        sql("DELETE FROM user_role WHERE user_id = 101 AND role = 'admin'");
        assertEquals(
                1,
                db.number("SELECT COUNT(*) FROM login_token WHERE token_hash = '" + TokenSecrets.hash(token) + "'"),
                "only the token's hash is stored");
        assertEquals(0, db.number("SELECT COUNT(*) FROM login_token WHERE token_hash = '" + token + "'"));
    }

    @Test
    void anUnknownMalformedRemovedOrExpiredTokenSignsNobodyIn() {
        assertEquals(
                CredentialValidationResult.Status.INVALID, check("A".repeat(43)).getStatus(), "unknown");
        assertEquals(
                CredentialValidationResult.Status.INVALID, check("not a token").getStatus(), "malformed");
        assertEquals(CredentialValidationResult.Status.INVALID, check(null).getStatus(), "none");

        String removed = issue("ann");
        String kept = issue("ann");
        assertNotEquals(removed, kept, "every sign-in has its own token");
        db.inTransaction(em -> {
            tokens.removeLoginToken(removed);
            return null;
        });
        assertEquals(CredentialValidationResult.Status.INVALID, check(removed).getStatus(), "signed out");
        assertEquals(CredentialValidationResult.Status.VALID, check(kept).getStatus(), "another sign-in stays");

        sql("UPDATE login_token SET expires_at = expires_at - INTERVAL '13' HOUR WHERE token_hash = '"
                + TokenSecrets.hash(kept) + "'");
        assertEquals(CredentialValidationResult.Status.INVALID, check(kept).getStatus(), "expired after 12 hours");
        issue("ann");
        assertEquals(
                0,
                db.number("SELECT COUNT(*) FROM login_token WHERE token_hash = '" + TokenSecrets.hash(kept) + "'"),
                "a user's expired tokens go with their next sign-in");
    }

    @Test
    void aUserWithoutRolesOrDeletedIsNotSignedIn() {
        String bob = issue("bob");
        sql("DELETE FROM user_role WHERE user_id = 102");
        assertEquals(CredentialValidationResult.Status.INVALID, check(bob).getStatus(), "no role left");

        String cy = issue("cy");
        sql("DELETE FROM app_user WHERE id = 103");
        assertEquals(CredentialValidationResult.Status.INVALID, check(cy).getStatus(), "deleted");
        assertEquals(
                0, db.number("SELECT COUNT(*) FROM login_token WHERE user_id = 103"), "their tokens went with them");
        assertThrows(RuntimeException.class, () -> issue("nobody"), "no token for a user who does not exist");
    }
}
