package io.lookout.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.Problem;
import io.lookout.StrictJson;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** API tokens as text, their hash, the scope a request needs, and a new token's checks. */
class TokensTest {

    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    private static JsonObject json(String text) throws StrictJson.Malformed {
        return StrictJson.read(text).asJsonObject();
    }

    private static Problem problem(String body) {
        return assertThrows(Problem.class, () -> NewToken.of(json(body), NOW));
    }

    @Test
    void aTokenIsPrefixedRandomAndWellFormed() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String token = TokenSecrets.generate();
            assertTrue(token.startsWith("lkt_"), token);
            assertEquals(4 + 43, token.length(), token);
            assertTrue(TokenSecrets.wellFormed(token), token);
            assertTrue(TokenSecrets.meantAsToken(token), token);
            assertTrue(seen.add(token), "a token repeated: " + token);
        }
    }

    @Test
    void malformedTokensAreRecognisedAsSuch() {
        String token = TokenSecrets.generate();
        assertFalse(TokenSecrets.wellFormed(token.substring(0, token.length() - 1)));
        assertFalse(TokenSecrets.wellFormed(token + "A"));
        assertFalse(TokenSecrets.wellFormed(token.replace("lkt_", "lkx_")));
        assertFalse(TokenSecrets.wellFormed("lkt_" + "!".repeat(43)));
        assertFalse(TokenSecrets.wellFormed(null));
        // a project's key is a bearer credential too, and not meant as a token
        assertFalse(TokenSecrets.meantAsToken("1bcdef0123456789abcdef0123456789"));
    }

    @Test
    void theHashIsTheHexSha256OfTheWholeToken() {
        // SHA-256 of "abc" (FIPS 180-2 test vector)
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", TokenSecrets.hash("abc"));
        String token = TokenSecrets.generate();
        assertEquals(64, TokenSecrets.hash(token).length());
        assertEquals(TokenSecrets.hash(token), TokenSecrets.hash(token));
        assertNotEquals(TokenSecrets.hash(token), TokenSecrets.hash(token.substring(0, 46) + "x"));
    }

    @Test
    void eachRequestNeedsOneScope() {
        assertEquals(TokenScope.READ, TokenScope.needed("GET", "/api/1/groups"));
        assertEquals(TokenScope.READ, TokenScope.needed("HEAD", "/api/1/events/abc"));
        assertEquals(TokenScope.WRITE, TokenScope.needed("PATCH", "/api/1/groups/7"));
        assertEquals(TokenScope.WRITE, TokenScope.needed("POST", "/api/1/views"));
        assertEquals(TokenScope.WRITE, TokenScope.needed("DELETE", "/api/1/alerts/3"));
        assertEquals(TokenScope.ADMIN, TokenScope.needed("GET", "/api/admin/users"));
        assertEquals(TokenScope.ADMIN, TokenScope.needed("POST", "/api/admin/retention/run"));
        assertEquals(TokenScope.ADMIN, TokenScope.needed("GET", "/api/admin"));
        assertEquals(TokenScope.READ, TokenScope.needed("GET", "/api/tokens"));
        assertEquals(TokenScope.ADMIN, TokenScope.needed("POST", "/api/tokens"));
        assertEquals(TokenScope.ADMIN, TokenScope.needed("DELETE", "/api/tokens/4"));
        // not the administration: a project whose path merely starts alike
        assertEquals(TokenScope.READ, TokenScope.needed("GET", "/api/administration"));
    }

    @Test
    void aNewTokenReadsItsFields() throws Exception {
        NewToken token = NewToken.of(
                json("{\"name\": \" deploy \", \"scopes\": [\"write\", \"read\"], \"projects\": [3, 1, 3],"
                        + " \"expiresAt\": \"2027-01-31T00:00:00+01:00\"}"),
                NOW);
        assertEquals("deploy", token.name());
        assertEquals(Set.of(TokenScope.READ, TokenScope.WRITE), token.scopes());
        assertEquals(List.of(1L, 3L), token.projects());
        assertEquals(Instant.parse("2027-01-30T23:00:00Z"), token.expiresAt().toInstant());
        NewToken plain = NewToken.of(json("{\"name\": \"n\", \"scopes\": [\"read\"], \"projects\": null}"), NOW);
        assertNull(plain.projects());
        assertNull(plain.expiresAt());
        assertNull(NewToken.of(json("{\"name\": \"n\", \"scopes\": [\"read\"], \"projects\": []}"), NOW)
                .projects());
    }

    @Test
    void aNewTokenIsCheckedFieldByField() {
        assertEquals("name", problem("{\"scopes\": [\"read\"]}").field());
        assertEquals(
                "name", problem("{\"name\": \"  \", \"scopes\": [\"read\"]}").field());
        assertEquals("name", problem("{\"name\": 5, \"scopes\": [\"read\"]}").field());
        assertEquals(
                "name",
                problem("{\"name\": \"" + "x".repeat(101) + "\", \"scopes\": [\"read\"]}")
                        .field());
        assertEquals("scopes", problem("{\"name\": \"n\"}").field());
        assertEquals("scopes", problem("{\"name\": \"n\", \"scopes\": []}").field());
        assertEquals(
                "scopes", problem("{\"name\": \"n\", \"scopes\": [\"delete\"]}").field());
        assertEquals(
                "scopes", problem("{\"name\": \"n\", \"scopes\": \"read\"}").field());
        assertEquals(
                "projects",
                problem("{\"name\": \"n\", \"scopes\": [\"read\"], \"projects\": [0]}")
                        .field());
        assertEquals(
                "projects",
                problem("{\"name\": \"n\", \"scopes\": [\"read\"], \"projects\": [\"1\"]}")
                        .field());
        assertEquals(
                "projects",
                problem("{\"name\": \"n\", \"scopes\": [\"read\"], \"projects\": 1}")
                        .field());
        Problem restrictedAdmin = problem("{\"name\": \"n\", \"scopes\": [\"admin\"], \"projects\": [1]}");
        assertEquals("projects", restrictedAdmin.field());
        assertTrue(restrictedAdmin.describe().contains("whole installation"), restrictedAdmin.describe());
        assertEquals(
                "expiresAt",
                problem("{\"name\": \"n\", \"scopes\": [\"read\"], \"expiresAt\": \"soon\"}")
                        .field());
        assertEquals(
                "expiresAt",
                problem("{\"name\": \"n\", \"scopes\": [\"read\"], \"expiresAt\": \"2026-12-05T11:59:59Z\"}")
                        .field());
        assertEquals(
                "expiresAt",
                problem("{\"name\": \"n\", \"scopes\": [\"read\"], \"expiresAt\": \"2027-01-01T00:00:00\"}")
                        .field());
        assertEquals(
                "token",
                problem("{\"name\": \"n\", \"scopes\": [\"read\"], \"token\": \"lkt_x\"}")
                        .field());
    }

    @Test
    void aGrantReachesItsProjectsOnly() {
        TokenGrant everywhere = new TokenGrant(1, "t", "u", Set.of("member"), Set.of(TokenScope.READ), null);
        TokenGrant one = new TokenGrant(1, "t", "u", Set.of("member"), Set.of(TokenScope.READ), Set.of(2L));
        assertTrue(everywhere.reaches(7));
        assertTrue(one.reaches(2));
        assertFalse(one.reaches(7));
    }
}
