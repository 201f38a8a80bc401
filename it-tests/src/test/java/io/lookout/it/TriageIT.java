package io.lookout.it;

import static io.lookout.it.LookoutClient.MEMBER_PASSWORD;
import static io.lookout.it.LookoutClient.awaitEvent;
import static io.lookout.it.LookoutClient.call;
import static io.lookout.it.LookoutClient.callAs;
import static io.lookout.it.LookoutClient.encode;
import static io.lookout.it.LookoutClient.get;
import static io.lookout.it.LookoutClient.newId;
import static io.lookout.it.LookoutClient.newMemberOfProject1;
import static io.lookout.it.LookoutClient.send;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.it.LookoutClient.Reply;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Assignment, the activity stream with comments and status changes, bookmarks, and the search terms
 * {@code assigned:} and {@code is:bookmarked}, through the real server (docs/api.md).
 */
class TriageIT extends LookoutIT {

    /** A new group of project 1 with one event: its id. */
    private static long newGroup(String word) {
        String id = newId();
        Reply sent = send("""
                {"id": "%s", "type": "message", "data": {"message": "triage %s failed"}}""".formatted(id, word));
        assertEquals(202, sent.status(), sent.body());
        return awaitEvent(id).getJsonNumber("groupId").longValue();
    }

    private static Reply as(String user, String method, String path, String body) {
        return callAs(user, MEMBER_PASSWORD, method, path, body);
    }

    private static void assertStatus(int status, Reply reply) {
        assertEquals(status, reply.status(), reply.body());
    }

    private static List<Long> listed(String user, String query) {
        Reply reply = as(user, "GET", "/api/1/groups?limit=500&query=" + encode(query), null);
        assertStatus(200, reply);
        return reply.json().getJsonArray("groups").stream()
                .map(group -> group.asJsonObject().getJsonNumber("id").longValue())
                .toList();
    }

    private static List<JsonObject> activity(long group) {
        Reply reply = get("/api/1/groups/" + group + "/activity");
        assertStatus(200, reply);
        return reply.json().getJsonArray("activity").getValuesAs(JsonObject.class);
    }

    private static JsonObject audited(String action, String target) {
        Reply reply = get("/api/admin/audit?limit=500&action=" + action);
        assertStatus(200, reply);
        return reply.json().getJsonArray("entries").getValuesAs(JsonObject.class).stream()
                .filter(entry -> target.equals(entry.getString("target", null)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + action + " on " + target + " in " + reply.body()));
    }

    @Test
    void aMemberTakesAGroupAndFindsItAssignedToThemThenUnassignsIt() {
        String word = uniqueWord();
        String ann = newMemberOfProject1();
        long group = newGroup(word);
        long other = newGroup(word + "x");
        assertTrue(get("/api/1/groups/" + group).json().isNull("assignee"), "a new group is unassigned");

        Reply taken = as(ann, "PATCH", "/api/1/groups/" + group, "{\"assignee\": \"" + ann + "\"}");
        assertStatus(200, taken);
        assertEquals(ann, taken.json().getString("assignee"));
        assertEquals(ann, get("/api/1/groups/" + group).json().getString("assignee"));

        List<Long> mine = listed(ann, "assigned:me " + word);
        assertEquals(List.of(group), mine);
        assertEquals(List.of(group), listed(ann, "assigned:" + ann + " " + word));
        assertEquals(List.of(other), listed(ann, "assigned:none " + word));
        assertEquals(List.of(other), listed(ann, "!assigned:me " + word));
        assertEquals(List.of(), listed(newMemberOfProject1(), "assigned:me " + word), "not another member's");
        JsonObject row = as(ann, "GET", "/api/1/groups?query=" + encode("assigned:me " + word), null)
                .json()
                .getJsonArray("groups")
                .getJsonObject(0);
        assertEquals(ann, row.getString("assignee"), "lists carry the assignee");
        // events search knows the term too
        Reply events = as(ann, "GET", "/api/1/events?query=" + encode("assigned:me " + word), null);
        assertStatus(200, events);
        assertEquals(1, events.json().getJsonArray("events").size(), events.body());

        JsonObject assigned = activity(group).get(0);
        assertEquals("assigned", assigned.getString("kind"));
        assertEquals(ann, assigned.getString("actor"));
        assertTrue(assigned.getJsonObject("details").isNull("from"));
        assertEquals(ann, assigned.getJsonObject("details").getString("to"));
        assertTrue(audited("group.assign", "project 1 group " + group)
                .getString("details")
                .contains(ann));

        Reply dropped = as(ann, "PATCH", "/api/1/groups/" + group, "{\"assignee\": null}");
        assertStatus(200, dropped);
        assertTrue(dropped.json().isNull("assignee"));
        assertEquals(
                List.of(group, other).stream().sorted().toList(),
                listed(ann, "assigned:none " + word).stream().sorted().toList());
        JsonObject unassigned = activity(group).get(0);
        assertEquals(ann, unassigned.getJsonObject("details").getString("from"));
        assertTrue(unassigned.getJsonObject("details").isNull("to"));
    }

    @Test
    void onlyUsersWhoSeeTheProjectCanBeAssignedAndTheMistakeNamesTheField() {
        String word = uniqueWord();
        long group = newGroup(word);
        Reply unknown = call("PATCH", "/api/1/groups/" + group, "{\"assignee\": \"nobody-" + word + "\"}");
        assertStatus(400, unknown);
        assertEquals("assignee", unknown.json().getString("field"));
        assertTrue(unknown.json().getString("error").contains("nobody-" + word), unknown.body());

        String outsider = "outsider-" + word;
        assertStatus(201, call("POST", "/api/admin/users", """
                {"username": "%s", "password": "%s", "roles": ["member"]}""".formatted(outsider, MEMBER_PASSWORD)));
        Reply notMember = call("PATCH", "/api/1/groups/" + group, "{\"assignee\": \"" + outsider + "\"}");
        assertStatus(400, notMember);
        assertEquals("assignee", notMember.json().getString("field"));
        assertTrue(notMember.json().getString("error").contains("not a member"), notMember.body());

        Reply wrongType = call("PATCH", "/api/1/groups/" + group, "{\"assignee\": 42}");
        assertStatus(400, wrongType);
        assertEquals("assignee", wrongType.json().getString("field"));
        assertTrue(get("/api/1/groups/" + group).json().isNull("assignee"), "nothing changed");

        // an admin is assignable everywhere; deleting the assignee unassigns
        String admin2 = "admin-" + word;
        assertStatus(201, call("POST", "/api/admin/users", """
                {"username": "%s", "password": "%s", "roles": ["admin"]}""".formatted(admin2, MEMBER_PASSWORD)));
        assertStatus(200, call("PATCH", "/api/1/groups/" + group, "{\"assignee\": \"" + admin2 + "\"}"));
        assertStatus(204, call("DELETE", "/api/admin/users/" + admin2, null));
        assertTrue(get("/api/1/groups/" + group).json().isNull("assignee"), "the deleted user's groups are unassigned");
    }

    @Test
    void theActivityListsCommentsAndStatusChangesByWhomNewestFirstAfterFirstSeen() {
        String word = uniqueWord();
        String bob = newMemberOfProject1();
        long group = newGroup(word);

        Reply comment = as(bob, "POST", "/api/1/groups/" + group + "/activity", """
                {"comment": "Looks like **the cache**. See [runbook](https://wiki.example/r) <script>alert(1)</script> [x](javascript:alert(2))"}""");
        assertStatus(201, comment);
        JsonObject entry = comment.json();
        assertEquals("comment", entry.getString("kind"));
        assertEquals(bob, entry.getString("actor"));
        String html = entry.getString("html");
        assertTrue(html.contains("<strong>the cache</strong>"), html);
        assertTrue(html.contains("href=\"https://wiki.example/r\""), html);
        assertFalse(html.contains("<script"), html);
        assertTrue(html.contains("&lt;script&gt;"), html);
        assertFalse(html.contains("javascript:"), html);
        assertTrue(comment.header("Location").orElseThrow().endsWith("/activity/" + entry.getJsonNumber("id")));
        assertTrue(audited("group.comment", "project 1 group " + group)
                .getString("actor")
                .equals(bob));

        assertStatus(200, as(bob, "PATCH", "/api/1/groups/" + group, "{\"status\": \"resolved\"}"));
        assertStatus(200, call("PATCH", "/api/1/groups/" + group, "{\"status\": \"ignored\"}"));
        assertStatus(200, call("PATCH", "/api/1/groups/" + group, "{\"status\": \"ignored\"}"));

        List<JsonObject> entries = activity(group);
        assertEquals(
                List.of("status", "status", "comment", "first-seen"),
                entries.stream().map(e -> e.getString("kind")).toList(),
                "a status that does not change is no entry");
        assertEquals("admin", entries.get(0).getString("actor"));
        assertEquals("resolved", entries.get(0).getJsonObject("details").getString("from"));
        assertEquals("ignored", entries.get(0).getJsonObject("details").getString("to"));
        assertEquals(bob, entries.get(1).getString("actor"));
        assertEquals("unresolved", entries.get(1).getJsonObject("details").getString("from"));
        assertEquals("resolved", entries.get(1).getJsonObject("details").getString("to"));
        assertEquals(JsonValue.ValueType.NULL, entries.get(3).get("actor").getValueType());
        assertEquals(
                get("/api/1/groups/" + group).json().getString("firstSeen"),
                entries.get(3).getString("at"));
        assertTrue(audited("group.status", "project 1 group " + group)
                .getString("details")
                .contains("ignored"));

        // bad comments
        for (String bad : List.of("{\"comment\": \"   \"}", "{}", "{\"comment\": 3}", "{\"text\": \"x\"}")) {
            Reply refused = as(bob, "POST", "/api/1/groups/" + group + "/activity", bad);
            assertStatus(400, refused);
        }
        Reply tooLong =
                as(bob, "POST", "/api/1/groups/" + group + "/activity", "{\"comment\": \"" + "x".repeat(5001) + "\"}");
        assertStatus(400, tooLong);
        assertEquals("comment", tooLong.json().getString("field"));
        assertTrue(tooLong.json().getString("error").contains("5000"), tooLong.body());

        // only the author (or an admin) deletes a comment
        long id = entry.getJsonNumber("id").longValue();
        String carol = newMemberOfProject1();
        assertStatus(404, as(carol, "DELETE", "/api/1/groups/" + group + "/activity/" + id, null));
        assertStatus(204, as(bob, "DELETE", "/api/1/groups/" + group + "/activity/" + id, null));
        assertStatus(404, as(bob, "DELETE", "/api/1/groups/" + group + "/activity/" + id, null));
        assertFalse(activity(group).stream().anyMatch(e -> e.getString("kind").equals("comment")));
    }

    @Test
    void aResolvedGroupThatGetsANewEventShowsARegressionBySystem() {
        String word = uniqueWord();
        long group = newGroup(word);
        assertStatus(200, call("PATCH", "/api/1/groups/" + group, "{\"status\": \"resolved\"}"));
        String again = newId();
        assertStatus(202, send("""
                {"id": "%s", "type": "message", "data": {"message": "triage %s failed"}}""".formatted(again, word)));
        awaitEvent(again);
        JsonObject latest = activity(group).get(0);
        assertEquals("regression", latest.getString("kind"));
        assertEquals(JsonValue.ValueType.NULL, latest.get("actor").getValueType());
        assertEquals("unresolved", get("/api/1/groups/" + group).json().getString("status"));
    }

    @Test
    void aStarIsPersonalAndListedByIsBookmarked() {
        String word = uniqueWord();
        String dora = newMemberOfProject1();
        String emil = newMemberOfProject1();
        long group = newGroup(word);
        newGroup(word + "y");
        assertFalse(as(dora, "GET", "/api/1/groups/" + group, null).json().getBoolean("bookmarked"));

        assertStatus(204, as(dora, "PUT", "/api/1/groups/" + group + "/bookmark", null));
        assertStatus(204, as(dora, "PUT", "/api/1/groups/" + group + "/bookmark", null));
        assertTrue(as(dora, "GET", "/api/1/groups/" + group, null).json().getBoolean("bookmarked"));
        assertFalse(as(emil, "GET", "/api/1/groups/" + group, null).json().getBoolean("bookmarked"), "not emil's");
        assertEquals(List.of(group), listed(dora, "is:bookmarked " + word));
        assertEquals(List.of(), listed(emil, "is:bookmarked " + word));
        assertEquals(1, listed(dora, "!is:bookmarked " + word).size());

        assertStatus(204, as(dora, "DELETE", "/api/1/groups/" + group + "/bookmark", null));
        assertStatus(204, as(dora, "DELETE", "/api/1/groups/" + group + "/bookmark", null));
        assertEquals(List.of(), listed(dora, "is:bookmarked " + word));

        // alert rules cannot use terms that depend on who searches
        Reply rule = call("POST", "/api/1/alerts", """
                {"name": "mine", "trigger": "new-group", "query": "assigned:me", "email": ["a@example.com"]}""");
        assertStatus(400, rule);
        assertEquals("query", rule.json().getString("field"));
    }

    @Test
    void aMemberOfAnotherProjectGetsNotFoundForEverything() {
        String word = uniqueWord();
        long group = newGroup(word);
        Reply project = call("POST", "/api/admin/projects", "{\"name\": \"Other " + word + "\"}");
        assertStatus(201, project);
        long other = project.json().getJsonNumber("id").longValue();
        String stranger = "stranger-" + word;
        assertStatus(201, call("POST", "/api/admin/users", """
                {"username": "%s", "password": "%s", "roles": ["member"]}""".formatted(stranger, MEMBER_PASSWORD)));
        assertStatus(201, call("PUT", "/api/admin/projects/" + other + "/members/" + stranger, null));

        String base = "/api/1/groups/" + group;
        assertStatus(404, as(stranger, "PATCH", base, "{\"assignee\": \"" + stranger + "\"}"));
        assertStatus(404, as(stranger, "POST", base + "/activity", "{\"comment\": \"hi\"}"));
        assertStatus(404, as(stranger, "GET", base + "/activity", null));
        assertStatus(404, as(stranger, "PUT", base + "/bookmark", null));
        assertStatus(404, as(stranger, "DELETE", base + "/bookmark", null));
        // the group in the other project's address is not found either
        assertStatus(404, call("PATCH", "/api/" + other + "/groups/" + group, "{\"assignee\": \"admin\"}"));
        assertEquals(
                List.of("first-seen"),
                activity(group).stream().map(e -> e.getString("kind")).toList());
    }
}
