package io.lookout.it;

import static io.lookout.it.LookoutClient.MEMBER_PASSWORD;
import static io.lookout.it.LookoutClient.call;
import static io.lookout.it.LookoutClient.callAs;
import static io.lookout.it.LookoutClient.get;
import static io.lookout.it.LookoutClient.newMemberOfProject1;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.it.LookoutClient.Reply;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The audit log through the real server: each administrative action is recorded with who, from
 * where, what and what changed, never a secret; newest first, paged by {@code before}, filtered;
 * admins only.
 */
class AuditIT extends LookoutIT {

    private static void assertStatus(int status, Reply reply) {
        assertEquals(status, reply.status(), reply.body());
    }

    private static List<JsonObject> entries(String query) {
        Reply reply = get("/api/admin/audit" + query);
        assertStatus(200, reply);
        return reply.json().getJsonArray("entries").getValuesAs(JsonObject.class);
    }

    /** The newest entry of the action on the target, which must exist. */
    private static JsonObject entry(String action, String target) {
        return entries("?limit=500&action=" + action).stream()
                .filter(e -> target.equals(e.getString("target", null)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + action + " on " + target + " in the audit log"));
    }

    private static JsonObject byAdmin(String action, String target) {
        JsonObject entry = entry(action, target);
        assertEquals("admin", entry.getString("actor"), entry.toString());
        assertTrue(entry.getString("address").startsWith("127."), entry.toString());
        Instant at = Instant.parse(entry.getString("at"));
        assertTrue(
                at.isAfter(Instant.now().minusSeconds(300))
                        && !at.isAfter(Instant.now().plusSeconds(5)),
                entry.toString());
        return entry;
    }

    @Test
    void usersAndMembershipsAreRecordedWithWhatChanged() {
        String name = "a-" + uniqueWord();
        String password = "audited-password-1";
        assertStatus(201, call("POST", "/api/admin/users", """
                {"username": "%s", "password": "%s", "roles": ["member"]}""".formatted(name, password)));
        JsonObject created = byAdmin("user.create", "user " + name);
        assertTrue(created.getString("details").contains("roles [member]"), created.toString());

        assertStatus(200, call("PATCH", "/api/admin/users/" + name, "{\"roles\": [\"admin\", \"member\"]}"));
        assertEquals(
                "roles [member] → [admin, member]",
                byAdmin("user.roles", "user " + name).getString("details"));
        assertStatus(200, call("PATCH", "/api/admin/users/" + name, "{\"password\": \"a-new-password-2\"}"));
        assertEquals(
                "password reset", byAdmin("user.password-reset", "user " + name).getString("details"));

        assertStatus(201, call("PUT", "/api/admin/projects/1/members/" + name, null));
        assertEquals("user " + name, byAdmin("project.member-add", "project 1").getString("details"));
        assertStatus(204, call("DELETE", "/api/admin/projects/1/members/" + name, null));
        assertEquals(
                "user " + name, byAdmin("project.member-remove", "project 1").getString("details"));

        assertStatus(204, call("DELETE", "/api/admin/users/" + name, null));
        byAdmin("user.delete", "user " + name);

        // no password ever
        String log = get("/api/admin/audit?limit=500").body();
        assertFalse(log.contains(password) || log.contains("a-new-password-2"), "a password in the audit log");
    }

    @Test
    void projectsSettingsViewsRulesAndCleanupsAreRecorded() {
        String word = uniqueWord();
        Reply project = call("POST", "/api/admin/projects", "{\"name\": \"Audited " + word + "\"}");
        assertStatus(201, project);
        long id = project.json().getJsonNumber("id").longValue();
        String oldKey = project.json().getString("publicKey");
        assertTrue(
                byAdmin("project.create", "project " + id).getString("details").contains("audited-" + word));

        assertStatus(200, call("PUT", "/api/" + id + "/settings", "{\"retentionDays\": 30}"));
        JsonObject settings = byAdmin("project.settings", "project " + id);
        assertTrue(settings.getString("details").matches("retention \\d+ → 30 days"), settings.toString());

        Reply rotated = call("POST", "/api/admin/projects/" + id + "/key", null);
        assertStatus(200, rotated);
        JsonObject rotation = byAdmin("project.key-rotate", "project " + id);
        String newKey = rotated.json().getString("publicKey");
        assertFalse(
                rotation.toString().contains(oldKey) || rotation.toString().contains(newKey), "a key in the audit log");

        Reply view = call("POST", "/api/" + id + "/views", """
                {"name": "By URL", "slug": "by-url", "types": ["message"], "keys": ["url"]}""");
        assertStatus(201, view);
        byAdmin("view.create", "project " + id + " view by-url");
        assertStatus(200, call("PUT", "/api/" + id + "/views/by-url", """
                {"name": "By URL", "slug": "by-url", "types": ["message"], "keys": ["url", "server"]}"""));
        assertTrue(byAdmin("view.change", "project " + id + " view by-url")
                .getString("details")
                .contains("→"));

        Reply rule = call("POST", "/api/" + id + "/alerts", """
                {"name": "New errors", "trigger": "new-group", "webhook": {"url": "https://hooks.example/x", "format": "slack"}}""");
        assertStatus(201, rule);
        long ruleId = rule.json().getJsonNumber("id").longValue();
        String secret = rule.json().getJsonObject("webhook").getString("secret");
        JsonObject ruleEntry = byAdmin("alert-rule.create", "project " + id + " alert rule " + ruleId);
        assertTrue(ruleEntry.getString("details").contains("webhook (slack)"), ruleEntry.toString());
        assertFalse(
                ruleEntry.toString().contains(secret) || ruleEntry.toString().contains("hooks.example"),
                ruleEntry.toString());
        assertStatus(204, call("DELETE", "/api/" + id + "/alerts/" + ruleId, null));
        byAdmin("alert-rule.delete", "project " + id + " alert rule " + ruleId);
        assertStatus(204, call("DELETE", "/api/" + id + "/views/by-url", null));
        byAdmin("view.delete", "project " + id + " view by-url");

        assertStatus(200, call("POST", "/api/admin/retention/run", null));
        JsonObject cleanup = entries("?limit=1&action=retention.run").get(0);
        assertEquals("admin", cleanup.getString("actor"));
        assertTrue(cleanup.getString("details").contains("audit entries deleted"), cleanup.toString());
    }

    @Test
    void tokensAreRecordedAndWhatATokenDidNamesIt() {
        Reply created = call("POST", "/api/tokens", "{\"name\": \"audit script\", \"scopes\": [\"admin\"]}");
        assertStatus(201, created);
        long id = created.json().getJsonNumber("id").longValue();
        String token = created.json().getString("token");
        JsonObject entry = byAdmin("token.create", "token " + id + " of admin");
        assertTrue(entry.getString("details").contains("audit script"), entry.toString());
        assertFalse(entry.toString().contains(token.substring(4)), "the token in the audit log");

        String name = "tk-" + uniqueWord();
        Reply byToken = TokensIT.withToken(token, "POST", "/api/admin/users", """
                {"username": "%s", "password": "token-made-password", "roles": ["member"]}""".formatted(name));
        assertStatus(201, byToken);
        JsonObject made = byAdmin("user.create", "user " + name);
        assertTrue(made.getString("details").contains("(with API token 'audit script')"), made.toString());

        assertStatus(204, call("DELETE", "/api/tokens/" + id, null));
        byAdmin("token.revoke", "token " + id + " of admin");
    }

    @Test
    void theLogIsNewestFirstPagedFilteredAndForAdminsOnly() {
        for (int i = 0; i < 3; i++) {
            assertStatus(201, call("POST", "/api/admin/projects", "{\"name\": \"Paged " + uniqueWord() + "\"}"));
        }
        List<JsonObject> first = entries("?limit=2&action=project.create");
        assertEquals(2, first.size());
        long newest = first.get(0).getJsonNumber("id").longValue();
        long second = first.get(1).getJsonNumber("id").longValue();
        assertTrue(newest > second);
        List<JsonObject> next = entries("?limit=2&action=project.create&before=" + second);
        assertTrue(next.get(0).getJsonNumber("id").longValue() < second);
        assertTrue(entries("?limit=20&actor=admin").stream()
                .allMatch(e -> e.getString("actor").equals("admin")));
        assertTrue(entries("?limit=20&action=user.").stream()
                .allMatch(e -> e.getString("action").startsWith("user.")));

        Reply badLimit = get("/api/admin/audit?limit=0");
        assertStatus(400, badLimit);
        assertEquals("limit", badLimit.json().getString("field"));
        assertStatus(400, get("/api/admin/audit?before=x"));

        String member = newMemberOfProject1();
        assertStatus(403, callAs(member, MEMBER_PASSWORD, "GET", "/api/admin/audit", null));
        assertStatus(401, callAs(null, null, "GET", "/api/admin/audit", null));
    }
}
