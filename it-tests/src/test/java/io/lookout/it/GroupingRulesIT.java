package io.lookout.it;

import static io.lookout.it.LookoutClient.await;
import static io.lookout.it.LookoutClient.call;
import static io.lookout.it.LookoutClient.get;
import static io.lookout.it.LookoutClient.newId;
import static io.lookout.it.LookoutClient.send;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.it.LookoutClient.Reply;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Grouping rules of a project: a rule that strips an id from messages, previewed against the
 * project's events, saved, and followed by new events; a rule that does not parse refused with its
 * line and column. On a project of its own, so that its rules touch no other test's events.
 */
class GroupingRulesIT extends LookoutIT {

    /** Letters only: ids of digits are templated by the message processor already. */
    private static final String RULE = "message:\"*user-*\" -> strip \"user-[a-z]+\"";

    private record Project(String id, String key) {}

    private static Project newProject() {
        Reply created = call("POST", "/api/admin/projects", "{\"name\": \"Rules " + uniqueWord() + "\"}");
        assertEquals(201, created.status(), created.body());
        JsonObject json = created.json();
        return new Project(json.getJsonNumber("id").toString(), json.getString("publicKey"));
    }

    /** Sends 50 messages "cart user-X is empty" (X a distinct word) in one request; answers their ids. */
    private static List<String> sendFifty(Project project) {
        JsonArrayBuilder events = Json.createArrayBuilder();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String id = newId();
            ids.add(id);
            String user = uniqueWord().substring(1, 9);
            events.add(Json.createObjectBuilder()
                    .add("id", id)
                    .add("type", "message")
                    .add("message", "cart user-" + user + " is empty"));
        }
        Reply reply = send(project.id(), project.key(), events.build().toString());
        assertEquals(202, reply.status(), reply.body());
        return ids;
    }

    private static JsonObject awaitEvent(Project project, String eventId) {
        return await(
                () -> {
                    Reply reply = get("/api/" + project.id() + "/events/" + eventId);
                    return reply.status() == 200 ? Optional.of(reply.json()) : Optional.empty();
                },
                "event " + eventId + " to be stored");
    }

    private static Set<Long> groupsOf(Project project, List<String> ids) {
        Set<Long> groups = new HashSet<>();
        for (String id : ids) {
            groups.add(awaitEvent(project, id).getJsonNumber("groupId").longValue());
        }
        return groups;
    }

    /** The event API's grouping description as "part=value" or "part=value (why)". */
    private static List<String> parts(JsonObject event) {
        return event.getJsonArray("grouping").stream()
                .map(JsonValue::asJsonObject)
                .map(part -> part.getString("part") + "=" + part.getString("value")
                        + (part.getBoolean("used") ? "" : " (" + part.getString("why") + ")"))
                .toList();
    }

    @Test
    void aRuleThatStripsAnIdIsPreviewedSavedAndJoinsNewEventsInOneGroup() {
        Project project = newProject();
        String rulesPath = "/api/admin/projects/" + project.id() + "/grouping-rules";
        Set<Long> before = groupsOf(project, sendFifty(project));
        assertEquals(50, before.size(), "fifty ids, fifty groups");

        Reply none = get(rulesPath);
        assertEquals(200, none.status(), none.body());
        assertEquals("", none.json().getString("rules"));
        assertFalse(none.json().containsKey("updatedAt"));

        String body = Json.createObjectBuilder().add("rules", RULE).build().toString();
        Reply preview = call(
                "POST",
                rulesPath + "/preview",
                Json.createObjectBuilder()
                        .add("rules", RULE)
                        .add("days", 7)
                        .build()
                        .toString());
        assertEquals(200, preview.status(), preview.body());
        JsonObject figures = preview.json();
        assertEquals(50, figures.getInt("events"), preview.body());
        assertEquals(50, figures.getInt("groupsBefore"));
        assertEquals(1, figures.getInt("groupsAfter"));
        assertEquals(50, figures.getInt("changed"));
        assertFalse(figures.getBoolean("truncated"));
        assertEquals(1, figures.getJsonArray("joins").size(), preview.body());
        JsonObject join = figures.getJsonArray("joins").getJsonObject(0);
        assertEquals(50, join.getInt("groupCount"));
        assertEquals(50, join.getInt("events"));
        Set<Long> joined = new HashSet<>();
        for (JsonValue group : join.getJsonArray("groups")) {
            joined.add(group.asJsonObject().getJsonNumber("id").longValue());
            assertEquals(1, group.asJsonObject().getInt("count"));
            assertTrue(group.asJsonObject().getString("message").startsWith("cart user-"));
        }
        assertEquals(before, joined, "the fifty groups would join");
        assertEquals(0, figures.getJsonArray("splits").size());
        assertEquals("", get(rulesPath).json().getString("rules"), "a preview saves nothing");

        Reply saved = call("PUT", rulesPath, body);
        assertEquals(200, saved.status(), saved.body());
        assertEquals(RULE, saved.json().getString("rules"));
        assertTrue(saved.json().containsKey("updatedAt"));
        assertEquals(RULE, get(rulesPath).json().getString("rules"));
        JsonObject audited = get("/api/admin/audit?action=project.grouping-rules&limit=1")
                .json()
                .getJsonArray("entries")
                .getJsonObject(0);
        assertEquals("project " + project.id(), audited.getString("target"), audited.toString());
        assertEquals("no rules → 1 rule", audited.getString("details"), audited.toString());

        List<String> fresh = sendFifty(project);
        Set<Long> after = groupsOf(project, fresh);
        assertEquals(1, after.size(), "fifty new events, one group");
        assertFalse(before.containsAll(after), "a new group, the old ones keep their events");
        JsonObject event = awaitEvent(project, fresh.get(0));
        assertTrue(event.getString("message").startsWith("cart user-"), "the stored message keeps the id");
        List<String> parts = parts(event);
        assertEquals("message=cart <stripped> is empty", parts.get(0), parts.toString());
        assertTrue(parts.get(1).matches("stripped=user-[a-z]+ \\(stripped by rule line 1\\)"), parts.toString());
    }

    @Test
    void rulesThatDoNotParseAreRefusedNamingLineAndColumn() {
        Project project = newProject();
        String rulesPath = "/api/admin/projects/" + project.id() + "/grouping-rules";
        String bad = Json.createObjectBuilder()
                .add("rules", "# ids\n" + RULE + "\n  stack.modul:org.* -> -app\n")
                .build()
                .toString();
        Reply refused = call("PUT", rulesPath, bad);
        assertEquals(400, refused.status(), refused.body());
        assertEquals("rules", refused.json().getString("field"));
        assertTrue(
                refused.json()
                        .getString("error")
                        .startsWith("rules line 3, column 3: unknown field 'stack.modul'; known: type, message"),
                refused.body());
        assertEquals("", get(rulesPath).json().getString("rules"), "nothing saved");

        Reply previewed = call("POST", rulesPath + "/preview", bad);
        assertEquals(400, previewed.status(), previewed.body());
        assertEquals("rules", previewed.json().getString("field"));

        Reply days = call("POST", rulesPath + "/preview", "{\"rules\": \"\", \"days\": 91}");
        assertEquals(400, days.status(), days.body());
        assertEquals("days", days.json().getString("field"));
        Reply unknown = call("PUT", rulesPath, "{\"rules\": \"\", \"rule\": 1}");
        assertEquals(400, unknown.status(), unknown.body());
        assertEquals("rule", unknown.json().getString("field"));
        assertEquals(
                404,
                call("PUT", "/api/admin/projects/999999/grouping-rules", "{\"rules\": \"\"}")
                        .status());
    }
}
