package io.lookout.it;

import static io.lookout.it.LookoutClient.ADMIN_PASSWORD;
import static io.lookout.it.LookoutClient.await;
import static io.lookout.it.LookoutClient.call;
import static io.lookout.it.LookoutClient.callAs;
import static io.lookout.it.LookoutClient.encode;
import static io.lookout.it.LookoutClient.get;
import static io.lookout.it.LookoutClient.send;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.it.LookoutClient.Reply;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Administration through the real server: projects with keys and DSNs, users with roles and
 * passwords, project membership, what a member may read, bad input, and the last admin.
 */
class AdminUsersIT extends LookoutIT {

    private static final String MEMBER_PASSWORD = "member-password-1";

    private static void assertStatus(int status, Reply reply) {
        assertEquals(status, reply.status(), reply.body());
    }

    private static void assertProblem(int status, String field, Reply reply) {
        assertStatus(status, reply);
        JsonObject error = reply.json();
        assertTrue(error.getString("error").length() > 10, reply.body());
        if (field == null) {
            assertTrue(!error.containsKey("field"), reply.body());
        } else {
            assertEquals(field, error.getString("field"), reply.body());
        }
    }

    private static JsonObject createProject(String name) {
        Reply created = call("POST", "/api/admin/projects", "{\"name\": \"" + name + "\"}");
        assertStatus(201, created);
        return created.json();
    }

    private static void createUser(String username, String password, String roles) {
        Reply created = call("POST", "/api/admin/users", """
                {"username": "%s", "password": "%s", "roles": %s}""".formatted(username, password, roles));
        assertStatus(201, created);
    }

    private static List<String> members(long project) {
        Reply reply = get("/api/admin/projects/" + project + "/members");
        assertStatus(200, reply);
        return reply.json().getJsonArray("members").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString)
                .toList();
    }

    @Test
    void anAdminCreatesAProjectAndAMemberWhoReadsOnlyThatProject() {
        String word = uniqueWord();
        JsonObject project = createProject("Shop " + word);
        long id = project.getJsonNumber("id").longValue();
        String key = project.getString("publicKey");
        assertEquals("shop-" + word, project.getString("slug"));
        assertTrue(key.matches("[0-9a-f]{32}"), key);
        assertTrue(project.getString("dsn").matches("https?://" + key + "@.+/" + id), project.getString("dsn"));
        assertEquals(List.of(), project.getJsonArray("members"));
        assertStatus(200, get("/api/admin/projects/" + id));
        assertTrue(get("/api/admin/projects").json().getJsonArray("projects").getValuesAs(JsonObject.class).stream()
                .anyMatch(p -> p.getJsonNumber("id").longValue() == id));

        String member = "m-" + word;
        createUser(member, MEMBER_PASSWORD, "[\"member\"]");
        JsonObject user = get("/api/admin/users/" + member).json();
        assertEquals(
                List.of("member"),
                user.getJsonArray("roles").getValuesAs(JsonString.class).stream()
                        .map(JsonString::getString)
                        .toList());
        assertTrue(!user.containsKey("password") && !user.containsKey("passwordHash"), user.toString());

        // not a member yet: the new project is as unknown as any other
        assertStatus(404, callAs(member, MEMBER_PASSWORD, "GET", "/api/" + id + "/groups", null));

        assertStatus(201, call("PUT", "/api/admin/projects/" + id + "/members/" + member, null));
        assertStatus(200, call("PUT", "/api/admin/projects/" + id + "/members/" + member, null));
        assertStatus(200, get("/api/admin/projects/" + id + "/members/" + member));
        assertEquals(List.of(member), members(id));
        assertEquals(
                id,
                get("/api/admin/users/" + member)
                        .json()
                        .getJsonArray("projects")
                        .getJsonNumber(0)
                        .longValue());

        // an event sent with the new project's key shows up for the member
        String message = "Inventory out of sync " + word;
        assertStatus(202, send(String.valueOf(id), key, "{\"type\": \"message\", \"message\": \"" + message + "\"}"));
        JsonObject group = await(
                () -> {
                    Reply groups = callAs(
                            member, MEMBER_PASSWORD, "GET", "/api/" + id + "/groups?query=" + encode(word), null);
                    assertStatus(200, groups);
                    List<JsonObject> list = groups.json().getJsonArray("groups").getValuesAs(JsonObject.class);
                    return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
                },
                "the member to see the group");
        assertEquals(message, group.getString("message"));
        assertStatus(200, callAs(member, MEMBER_PASSWORD, "GET", "/api/" + id + "/dashboard", null));

        // everything else stays closed to the member
        assertStatus(404, callAs(member, MEMBER_PASSWORD, "GET", "/api/1/groups", null));
        assertStatus(404, callAs(member, MEMBER_PASSWORD, "GET", "/api/1/dashboard", null));
        assertProblem(403, null, callAs(member, MEMBER_PASSWORD, "GET", "/api/admin/users", null));
        assertProblem(403, null, callAs(member, MEMBER_PASSWORD, "GET", "/api/admin/projects", null));
        assertProblem(
                403, null, callAs(member, MEMBER_PASSWORD, "POST", "/api/admin/projects", "{\"name\": \"Mine\"}"));
        assertProblem(
                403, null, callAs(member, MEMBER_PASSWORD, "PUT", "/api/admin/projects/1/members/" + member, null));
        assertProblem(
                403,
                null,
                callAs(member, MEMBER_PASSWORD, "PATCH", "/api/admin/users/" + member, "{\"roles\": [\"admin\"]}"));
        assertEquals(
                List.of("member"),
                get("/api/admin/users/" + member).json().getJsonArray("roles").getValuesAs(JsonString.class).stream()
                        .map(JsonString::getString)
                        .toList());
        assertStatus(401, callAs(null, null, "GET", "/api/admin/users", null));

        // a new key: the old one is refused, the new one accepted
        Reply rotated = call("POST", "/api/admin/projects/" + id + "/key", null);
        assertStatus(200, rotated);
        String newKey = rotated.json().getString("publicKey");
        assertNotEquals(key, newKey);
        assertTrue(rotated.json().getString("dsn").contains(newKey + "@"));
        assertStatus(401, send(String.valueOf(id), key, "{\"type\": \"message\", \"message\": \"old key\"}"));
        assertStatus(202, send(String.valueOf(id), newKey, "{\"type\": \"message\", \"message\": \"new key\"}"));

        // removed from the project: gone at once, also for an API caller whose password was checked a moment ago
        assertStatus(204, call("DELETE", "/api/admin/projects/" + id + "/members/" + member, null));
        assertStatus(204, call("DELETE", "/api/admin/projects/" + id + "/members/" + member, null));
        assertStatus(404, get("/api/admin/projects/" + id + "/members/" + member));
        assertEquals(List.of(), members(id));
        assertStatus(404, callAs(member, MEMBER_PASSWORD, "GET", "/api/" + id + "/groups", null));

        // deleted: the password no longer works, though it was checked (and remembered) a moment ago
        assertStatus(204, call("DELETE", "/api/admin/users/" + member, null));
        assertStatus(401, callAs(member, MEMBER_PASSWORD, "GET", "/api/" + id + "/groups", null));
        assertStatus(404, get("/api/admin/users/" + member));
    }

    @Test
    void aNewPasswordReplacesTheOldOneAndRolesChange() {
        String username = "p-" + uniqueWord();
        createUser(username, "first-password-1", "[\"member\"]");
        Reply patched = call("PATCH", "/api/admin/users/" + username, "{\"password\": \"second-password-2\"}");
        assertStatus(200, patched);
        assertStatus(401, callAs(username, "first-password-1", "GET", "/api/admin/users", null));
        assertStatus(403, callAs(username, "second-password-2", "GET", "/api/admin/users", null));

        assertStatus(200, call("PATCH", "/api/admin/users/" + username, "{\"roles\": [\"admin\", \"member\"]}"));
        assertStatus(200, callAs(username, "second-password-2", "GET", "/api/admin/users", null));
        assertStatus(200, call("PATCH", "/api/admin/users/" + username, "{\"roles\": [\"member\"]}"));
        assertStatus(403, callAs(username, "second-password-2", "GET", "/api/admin/users", null));
        assertStatus(204, call("DELETE", "/api/admin/users/" + username, null));
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        String word = uniqueWord();
        String username = "u-" + word;
        createUser(username, "good-password-1", "[\"member\"]");
        assertProblem(409, "username", call("POST", "/api/admin/users", """
                {"username": "%s", "password": "good-password-1"}""".formatted(username.toUpperCase())));
        assertProblem(400, "password", call("POST", "/api/admin/users", """
                {"username": "a-%s", "password": "short"}""".formatted(word)));
        assertProblem(400, "password", call("POST", "/api/admin/users", """
                {"username": "b-%s", "password": ""}""".formatted(word)));
        assertProblem(400, "password", call("POST", "/api/admin/users", """
                {"username": "c-%s"}""".formatted(word)));
        assertProblem(400, "roles[0]", call("POST", "/api/admin/users", """
                {"username": "d-%s", "password": "good-password-1", "roles": ["root"]}""".formatted(word)));
        assertProblem(400, "roles", call("POST", "/api/admin/users", """
                {"username": "e-%s", "password": "good-password-1", "roles": []}""".formatted(word)));
        assertProblem(400, "username", call("POST", "/api/admin/users", """
                {"username": "no spaces %s", "password": "good-password-1"}""".formatted(word)));
        assertProblem(400, "passwort", call("POST", "/api/admin/users", """
                {"username": "f-%s", "passwort": "good-password-1"}""".formatted(word)));
        assertProblem(400, null, call("POST", "/api/admin/users", "{\"username\": "));
        assertProblem(400, "roles[0]", call("PATCH", "/api/admin/users/" + username, "{\"roles\": [\"superuser\"]}"));
        assertProblem(
                400, "password", call("PATCH", "/api/admin/users/" + username, "{\"password\": \"" + username + "\"}"));
        assertProblem(404, null, call("PATCH", "/api/admin/users/nobody-" + word, "{\"roles\": [\"member\"]}"));
        assertProblem(404, null, call("DELETE", "/api/admin/users/nobody-" + word, null));
        // none of the refused users exists
        for (String prefix : List.of("a-", "b-", "c-", "d-", "e-", "f-")) {
            assertStatus(404, get("/api/admin/users/" + prefix + word));
        }

        JsonObject project = createProject("Billing " + word);
        assertProblem(
                409,
                "slug",
                call(
                        "POST",
                        "/api/admin/projects",
                        "{\"name\": \"Other\", \"slug\": \"" + project.getString("slug") + "\"}"));
        assertProblem(400, "name", call("POST", "/api/admin/projects", "{\"slug\": \"x-" + word + "\"}"));
        assertProblem(400, "slug", call("POST", "/api/admin/projects", "{\"name\": \"X\", \"slug\": \"Not A Slug\"}"));
        long id = project.getJsonNumber("id").longValue();
        assertProblem(404, null, call("PUT", "/api/admin/projects/" + id + "/members/nobody-" + word, null));
        assertProblem(404, null, call("PUT", "/api/admin/projects/999999/members/" + username, null));
        assertProblem(404, null, call("POST", "/api/admin/projects/999999/key", null));
        assertStatus(204, call("DELETE", "/api/admin/users/" + username, null));
    }

    @Test
    void theLastAdminCannotBeDeletedOrDemoted() {
        // only the bootstrap admin left as admin (other tests' admins are removed first)
        for (JsonObject user :
                get("/api/admin/users").json().getJsonArray("users").getValuesAs(JsonObject.class)) {
            boolean admin = user.getJsonArray("roles").getValuesAs(JsonString.class).stream()
                    .anyMatch(r -> r.getString().equals("admin"));
            if (admin && !user.getString("username").equals("admin")) {
                assertStatus(204, call("DELETE", "/api/admin/users/" + user.getString("username"), null));
            }
        }
        assertProblem(409, null, call("DELETE", "/api/admin/users/admin", null));
        assertProblem(409, null, call("PATCH", "/api/admin/users/admin", "{\"roles\": [\"member\"]}"));
        assertStatus(200, get("/api/admin/users/admin"));
        assertStatus(200, get("/api/admin/system"));

        // with a second admin, either may lose the role; then that one is the last
        String second = "a-" + uniqueWord();
        createUser(second, "second-admin-pw", "[\"admin\"]");
        assertStatus(200, call("PATCH", "/api/admin/users/" + second, "{\"roles\": [\"member\"]}"));
        assertProblem(409, null, call("PATCH", "/api/admin/users/admin", "{\"roles\": [\"member\"]}"));
        assertStatus(200, call("PATCH", "/api/admin/users/" + second, "{\"roles\": [\"admin\"]}"));
        assertStatus(200, callAs(second, "second-admin-pw", "GET", "/api/admin/users", null));
        assertStatus(204, call("DELETE", "/api/admin/users/" + second, null));
        assertProblem(409, null, call("DELETE", "/api/admin/users/admin", null));
        assertStatus(200, callAs("admin", ADMIN_PASSWORD, "GET", "/api/admin/users", null));
    }
}
