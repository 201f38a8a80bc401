package io.lookout.it;

import static io.lookout.it.LookoutClient.BASE;
import static io.lookout.it.LookoutClient.MEMBER_PASSWORD;
import static io.lookout.it.LookoutClient.await;
import static io.lookout.it.LookoutClient.call;
import static io.lookout.it.LookoutClient.callAs;
import static io.lookout.it.LookoutClient.execute;
import static io.lookout.it.LookoutClient.get;
import static io.lookout.it.LookoutClient.newMemberOfProject1;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.it.LookoutClient.Reply;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Personal API tokens through the real server: shown once, scopes, project restriction, a token
 * never worth more than its user now, revoked and expired tokens, last use, the OpenAPI scheme.
 */
class TokensIT extends LookoutIT {

    private static void assertStatus(int status, Reply reply) {
        assertEquals(status, reply.status(), reply.body());
    }

    /** A request with an API token. */
    static Reply withToken(String token, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BASE + path))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return execute(request);
    }

    /** Creates a token as the user (by password); answers the 201's body. */
    static JsonObject createToken(String user, String password, String body) {
        Reply created = callAs(user, password, "POST", "/api/tokens", body);
        assertStatus(201, created);
        return created.json();
    }

    private static long createProject(String name) {
        Reply created = call("POST", "/api/admin/projects", "{\"name\": \"" + name + "\"}");
        assertStatus(201, created);
        return created.json().getJsonNumber("id").longValue();
    }

    private static void assertUnauthorized(Reply reply) {
        assertStatus(401, reply);
        assertTrue(
                reply.header("WWW-Authenticate").orElse("").startsWith("Bearer"),
                reply.response().headers().map().toString());
        assertTrue(reply.json().getString("error").contains("token"), reply.body());
    }

    @Test
    void aTokenIsShownOnceAndReadsLikeItsUser() {
        String member = newMemberOfProject1();
        JsonObject created = createToken(member, MEMBER_PASSWORD, """
                {"name": "ci reader", "scopes": ["read"]}""");
        String token = created.getString("token");
        assertTrue(token.matches("lkt_[A-Za-z0-9_-]{43}"), token);
        assertEquals("ci reader", created.getString("name"));
        assertEquals(
                List.of("read"),
                created.getJsonArray("scopes").getValuesAs(JsonString.class).stream()
                        .map(JsonString::getString)
                        .toList());
        assertTrue(created.isNull("lastUsedAt"), created.toString());
        assertTrue(created.isNull("expiresAt"), created.toString());
        assertTrue(created.isNull("projects"), created.toString());

        // the list never shows the token again
        Reply list = callAs(member, MEMBER_PASSWORD, "GET", "/api/tokens", null);
        assertStatus(200, list);
        List<JsonObject> tokens = list.json().getJsonArray("tokens").getValuesAs(JsonObject.class);
        assertEquals(1, tokens.size());
        assertFalse(tokens.get(0).containsKey("token"), tokens.toString());
        assertFalse(list.body().contains(token.substring(4)), list.body());

        assertStatus(200, withToken(token, "GET", "/api/1/groups", null));
        assertStatus(200, withToken(token, "GET", "/api/1/dashboard", null));
        assertStatus(200, withToken(token, "GET", "/api/tokens", null));

        // the last use is recorded (to the minute)
        JsonObject used = callAs(member, MEMBER_PASSWORD, "GET", "/api/tokens", null)
                .json()
                .getJsonArray("tokens")
                .getJsonObject(0);
        Instant lastUsed = Instant.parse(used.getString("lastUsedAt"));
        assertTrue(
                !lastUsed.isAfter(Instant.now())
                        && lastUsed.isAfter(Instant.now().minusSeconds(120)),
                used.toString());
        // an admin's other tokens are not the member's: the list is per user
        assertTrue(call("GET", "/api/tokens", null).json().getJsonArray("tokens").getValuesAs(JsonObject.class).stream()
                .noneMatch(t -> t.getString("name").equals("ci reader")));
    }

    @Test
    void aReadTokenCannotChangeAndAWriteTokenCan() {
        String member = newMemberOfProject1();
        String read = createToken(member, MEMBER_PASSWORD, "{\"name\": \"r\", \"scopes\": [\"read\"]}")
                .getString("token");
        Reply refused = withToken(read, "PATCH", "/api/1/groups/1", "{\"status\": \"resolved\"}");
        assertStatus(403, refused);
        assertTrue(refused.json().getString("error").contains("write"), refused.body());
        // nor create tokens: managing tokens needs admin (which a member cannot have)
        Reply noTokens = withToken(read, "POST", "/api/tokens", "{\"name\": \"more\", \"scopes\": [\"read\"]}");
        assertStatus(403, noTokens);
        assertTrue(noTokens.json().getString("error").contains("admin"), noTokens.body());

        String write = createToken(member, MEMBER_PASSWORD, "{\"name\": \"w\", \"scopes\": [\"write\"]}")
                .getString("token");
        // past the scope check: the resource itself answers (no such group)
        Reply passed = withToken(write, "PATCH", "/api/1/groups/999999999", "{\"status\": \"resolved\"}");
        assertStatus(404, passed);
        assertTrue(passed.json().getString("error").contains("group"), passed.body());
        // write alone does not read
        assertStatus(403, withToken(write, "GET", "/api/1/groups", null));

        // a member may not ask for admin
        Reply admin =
                callAs(member, MEMBER_PASSWORD, "POST", "/api/tokens", "{\"name\": \"a\", \"scopes\": [\"admin\"]}");
        assertStatus(400, admin);
        assertEquals("scopes", admin.json().getString("field"));
    }

    @Test
    void aMembersTokenReadsOnlyTheirProjectsAndARestrictedTokenOnlyItsOwn() {
        String word = uniqueWord();
        long other = createProject("Other " + word);
        String member = newMemberOfProject1();
        String token = createToken(member, MEMBER_PASSWORD, "{\"name\": \"m\", \"scopes\": [\"read\"]}")
                .getString("token");
        Reply hidden = withToken(token, "GET", "/api/" + other + "/groups", null);
        assertStatus(404, hidden);
        assertEquals(
                get("/api/" + other + "/groups", member, MEMBER_PASSWORD).json().getString("error"),
                hidden.json().getString("error"),
                "the same answer as by password");
        // a member cannot restrict a token to a project they cannot read
        Reply notTheirs = callAs(
                member,
                MEMBER_PASSWORD,
                "POST",
                "/api/tokens",
                "{\"name\": \"x\", \"scopes\": [\"read\"], \"projects\": [" + other + "]}");
        assertStatus(400, notTheirs);
        assertEquals("projects", notTheirs.json().getString("field"));

        // the admin reads both projects, a token restricted to the other one reads only that
        JsonObject restricted = createToken(
                "admin",
                LookoutClient.ADMIN_PASSWORD,
                "{\"name\": \"only " + word + "\", \"scopes\": [\"read\", \"write\"], \"projects\": [" + other + "]}");
        assertEquals(
                List.of((long) other),
                restricted.getJsonArray("projects").getValuesAs(jakarta.json.JsonNumber.class).stream()
                        .map(jakarta.json.JsonNumber::longValue)
                        .toList());
        String only = restricted.getString("token");
        assertStatus(200, withToken(only, "GET", "/api/" + other + "/groups", null));
        Reply project1 = withToken(only, "GET", "/api/1/groups", null);
        assertStatus(404, project1);
        assertEquals("no project 1", project1.json().getString("error"));
        assertStatus(404, withToken(only, "PATCH", "/api/1/groups/1", "{\"status\": \"resolved\"}"));
        // and the administration stays closed to it: no admin scope
        assertStatus(403, withToken(only, "GET", "/api/admin/projects", null));
        // a restricted token cannot hold admin
        Reply restrictedAdmin =
                call("POST", "/api/tokens", "{\"name\": \"ra\", \"scopes\": [\"admin\"], \"projects\": [1]}");
        assertStatus(400, restrictedAdmin);
        assertEquals("projects", restrictedAdmin.json().getString("field"));
    }

    @Test
    void theAdminScopeOpensTheAdministrationOnlyWhileTheUserIsAdmin() {
        String name = "ops-" + uniqueWord();
        String password = "ops-password-" + uniqueWord();
        assertStatus(201, call("POST", "/api/admin/users", """
                {"username": "%s", "password": "%s", "roles": ["admin"]}""".formatted(name, password)));
        String readOnly = createToken(name, password, "{\"name\": \"r\", \"scopes\": [\"read\"]}")
                .getString("token");
        Reply needsAdmin = withToken(readOnly, "GET", "/api/admin/users", null);
        assertStatus(403, needsAdmin);
        assertTrue(needsAdmin.json().getString("error").contains("admin"), needsAdmin.body());

        String admin = createToken(name, password, "{\"name\": \"a\", \"scopes\": [\"admin\", \"read\"]}")
                .getString("token");
        assertStatus(200, withToken(admin, "GET", "/api/admin/users", null));
        // a token with admin manages its user's tokens, and only theirs
        JsonObject another = withToken(
                        admin, "POST", "/api/tokens", "{\"name\": \"made by a token\", \"scopes\": [\"read\"]}")
                .json();
        assertTrue(another.getString("token").startsWith("lkt_"), another.toString());
        assertTrue(withToken(admin, "GET", "/api/tokens", null).body().contains("made by a token"));
        long adminsToken = call("POST", "/api/tokens", "{\"name\": \"the admin's\", \"scopes\": [\"read\"]}")
                .json()
                .getJsonNumber("id")
                .longValue();
        assertStatus(404, withToken(admin, "DELETE", "/api/tokens/" + adminsToken, null));
        assertStatus(204, call("DELETE", "/api/tokens/" + adminsToken, null));

        // demoted: the token loses the administration at once (no cache in between), keeps reading what a member reads
        assertStatus(200, call("PATCH", "/api/admin/users/" + name, "{\"roles\": [\"member\"]}"));
        assertStatus(403, withToken(admin, "GET", "/api/admin/users", null));
        assertStatus(404, withToken(admin, "GET", "/api/1/groups", null));
        // deleted: the token stops working
        assertStatus(204, call("DELETE", "/api/admin/users/" + name, null));
        assertUnauthorized(withToken(admin, "GET", "/api/tokens", null));
    }

    @Test
    void revokedExpiredAndWrongTokensAre401() {
        String member = newMemberOfProject1();
        JsonObject created = createToken(member, MEMBER_PASSWORD, "{\"name\": \"short\", \"scopes\": [\"read\"]}");
        String token = created.getString("token");
        assertStatus(200, withToken(token, "GET", "/api/1/groups", null));
        assertStatus(
                204, callAs(member, MEMBER_PASSWORD, "DELETE", "/api/tokens/" + created.getJsonNumber("id"), null));
        assertUnauthorized(withToken(token, "GET", "/api/1/groups", null));
        assertStatus(
                404, callAs(member, MEMBER_PASSWORD, "DELETE", "/api/tokens/" + created.getJsonNumber("id"), null));

        // one that expires in two seconds: works, then is refused
        String expiring = createToken(
                        member,
                        MEMBER_PASSWORD,
                        "{\"name\": \"brief\", \"scopes\": [\"read\"], \"expiresAt\": \""
                                + Instant.now().plusSeconds(2) + "\"}")
                .getString("token");
        assertStatus(200, withToken(expiring, "GET", "/api/1/groups", null));
        Reply expired = await(
                () -> {
                    Reply reply = withToken(expiring, "GET", "/api/1/groups", null);
                    return reply.status() == 200 ? Optional.empty() : Optional.of(reply);
                },
                "the token to expire");
        assertUnauthorized(expired);
        Reply past = callAs(
                member,
                MEMBER_PASSWORD,
                "POST",
                "/api/tokens",
                "{\"name\": \"p\", \"scopes\": [\"read\"], \"expiresAt\": \"2020-01-01T00:00:00Z\"}");
        assertStatus(400, past);
        assertEquals("expiresAt", past.json().getString("field"));

        // made up, or cut short
        assertUnauthorized(withToken("lkt_" + "A".repeat(43), "GET", "/api/1/groups", null));
        assertUnauthorized(withToken(token.substring(0, 20), "GET", "/api/1/groups", null));
        // a bearer credential that is not meant as a token stays the resources' business
        assertStatus(401, withToken("not-a-token", "GET", "/api/1/groups", null));
    }

    @Test
    void theOpenApiDocumentNamesTheBearerScheme() {
        Reply openapi = get(BASE + "/openapi", null, null);
        assertStatus(200, openapi);
        String body = openapi.body();
        assertTrue(body.contains("securitySchemes"), body.substring(0, Math.min(2000, body.length())));
        assertTrue(body.contains("bearer"), "no bearer scheme");
        assertTrue(body.contains("/api/tokens"), "no tokens path");
    }
}
