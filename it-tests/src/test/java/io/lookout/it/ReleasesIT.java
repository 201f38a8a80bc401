package io.lookout.it;

import static io.lookout.it.LookoutClient.MEMBER_PASSWORD;
import static io.lookout.it.LookoutClient.await;
import static io.lookout.it.LookoutClient.call;
import static io.lookout.it.LookoutClient.callAs;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Releases through the real server (docs/releases.md): first and last release per group, resolve in the
 * next release or in release X (an event of a newer release reopens the group as a regression, the others
 * leave it resolved and are counted), and a project's releases.
 */
class ReleasesIT extends LookoutIT {

    private record Project(String id, String key) {}

    private static Project newProject() {
        Reply created = call("POST", "/api/admin/projects", "{\"name\": \"Releases " + uniqueWord() + "\"}");
        assertEquals(201, created.status(), created.body());
        JsonObject json = created.json();
        return new Project(json.getJsonNumber("id").toString(), json.getString("publicKey"));
    }

    /** Sends one message event (release null: none) and waits until it is stored; answers its group. */
    private static long sendAndWait(Project project, String message, String release, Instant at) {
        String id = newId();
        String tags = release == null ? "{}" : "{\"release\": \"" + release + "\"}";
        Reply sent = send(project.id(), project.key(), """
                {"id": "%s", "type": "message", "timestamp": "%s", "tags": %s, "data": {"message": "%s"}}""".formatted(id, at, tags, message));
        assertEquals(202, sent.status(), sent.body());
        JsonObject event = await(
                () -> {
                    Reply reply = get("/api/" + project.id() + "/events/" + id);
                    return reply.status() == 200 ? Optional.of(reply.json()) : Optional.empty();
                },
                "event " + id);
        return event.getJsonNumber("groupId").longValue();
    }

    private static JsonObject group(Project project, long group) {
        Reply reply = get("/api/" + project.id() + "/groups/" + group);
        assertEquals(200, reply.status(), reply.body());
        return reply.json();
    }

    private static Reply patch(Project project, long group, String body) {
        return call("PATCH", "/api/" + project.id() + "/groups/" + group, body);
    }

    private static List<JsonObject> activity(Project project, long group) {
        Reply reply = get("/api/" + project.id() + "/groups/" + group + "/activity");
        assertEquals(200, reply.status(), reply.body());
        return reply.json().getJsonArray("activity").getValuesAs(JsonObject.class);
    }

    private static Instant minutesAgo(int minutes) {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(minutes, ChronoUnit.MINUTES);
    }

    @Test
    void resolvedInTheNextReleaseAGroupStaysResolvedForOlderReleasesAndReopensForANewerOne() {
        Project project = newProject();
        String message = "checkout " + uniqueWord() + " failed";
        long group = sendAndWait(project, message, "1.0.0", minutesAgo(30));
        sendAndWait(project, "other " + uniqueWord(), "1.1.0", minutesAgo(29));

        Reply resolved = patch(project, group, "{\"status\": \"resolved\", \"resolvedIn\": \"next\"}");
        assertEquals(200, resolved.status(), resolved.body());
        assertEquals("resolved", resolved.json().getString("status"));
        JsonObject resolvedIn = resolved.json().getJsonObject("resolvedIn");
        assertEquals("1.1.0", resolvedIn.getString("release"), "the newest release of the project now");
        assertTrue(resolvedIn.getBoolean("next"));

        // an older release, the same release, and no release: counted, still resolved
        sendAndWait(project, message, "1.0.0", minutesAgo(20));
        sendAndWait(project, message, "1.1.0", minutesAgo(19));
        sendAndWait(project, message, null, minutesAgo(18));
        JsonObject stays = group(project, group);
        assertEquals("resolved", stays.getString("status"), stays.toString());
        assertEquals(4, stays.getJsonNumber("count").longValue());
        assertFalse(activity(project, group).stream()
                .anyMatch(a -> a.getString("kind").equals("regression")));

        // a newer release: a regression naming it
        sendAndWait(project, message, "v1.2.0", minutesAgo(10));
        JsonObject reopened = group(project, group);
        assertEquals("unresolved", reopened.getString("status"), reopened.toString());
        assertEquals(5, reopened.getJsonNumber("count").longValue());
        assertFalse(reopened.containsKey("resolvedIn"), reopened.toString());
        assertEquals("1.0.0", reopened.getString("firstRelease"));
        assertEquals("v1.2.0", reopened.getString("lastRelease"));
        JsonObject regression = activity(project, group).get(0);
        assertEquals("regression", regression.getString("kind"));
        assertEquals("v1.2.0", regression.getJsonObject("details").getString("release"));
        JsonObject statusChange = activity(project, group).stream()
                .filter(a -> a.getString("kind").equals("status"))
                .findFirst()
                .orElseThrow();
        assertEquals("next", statusChange.getJsonObject("details").getString("release"));
    }

    @Test
    void resolvedInReleaseXOnlyANewerReleaseReopensPreReleasesAndPackagePrefixesUnderstood() {
        Project project = newProject();
        String message = "payment " + uniqueWord() + " declined";
        long group = sendAndWait(project, message, "shop@1.4.0", minutesAgo(30));

        Reply resolved = patch(project, group, "{\"status\": \"resolved\", \"resolvedIn\": \"shop@1.5.0\"}");
        assertEquals(200, resolved.status(), resolved.body());
        assertEquals("shop@1.5.0", resolved.json().getJsonObject("resolvedIn").getString("release"));
        assertFalse(resolved.json().getJsonObject("resolvedIn").getBoolean("next"));

        // a release candidate of 1.5.0 is older than 1.5.0; 1.5.0 itself is the fix
        sendAndWait(project, message, "shop@1.5.0-rc.2", minutesAgo(20));
        sendAndWait(project, message, "shop@1.5.0", minutesAgo(19));
        JsonObject stays = group(project, group);
        assertEquals("resolved", stays.getString("status"), stays.toString());
        assertEquals(3, stays.getJsonNumber("count").longValue());

        sendAndWait(project, message, "shop@1.5.1-beta.1", minutesAgo(10));
        JsonObject reopened = group(project, group);
        assertEquals("unresolved", reopened.getString("status"), reopened.toString());
        assertEquals(4, reopened.getJsonNumber("count").longValue());
        assertEquals(
                "shop@1.5.1-beta.1",
                activity(project, group).get(0).getJsonObject("details").getString("release"));

        // resolved for good (no release): any event reopens it, as before
        assertEquals(200, patch(project, group, "{\"status\": \"resolved\"}").status());
        assertFalse(group(project, group).containsKey("resolvedIn"));
        sendAndWait(project, message, null, minutesAgo(5));
        assertEquals("unresolved", group(project, group).getString("status"));
    }

    @Test
    void aProjectsReleasesListFirstAndLastEventEventsAndNewGroupsNewestFirst() {
        Project project = newProject();
        String a = "alpha " + uniqueWord();
        String b = "beta " + uniqueWord();
        Instant t1 = minutesAgo(40);
        Instant t2 = minutesAgo(35);
        Instant t3 = minutesAgo(30);
        Instant t4 = minutesAgo(25);
        Instant t5 = minutesAgo(20);
        sendAndWait(project, a, "1.9.0", t1);
        sendAndWait(project, a, "1.9.0", t2);
        sendAndWait(project, b, "1.10.0", t3);
        sendAndWait(project, a, "1.10.0", t4);
        sendAndWait(project, a, "green", t5);

        Reply reply = get("/api/" + project.id() + "/releases");
        assertEquals(200, reply.status(), reply.body());
        List<JsonObject> releases = reply.json().getJsonArray("releases").getValuesAs(JsonObject.class);
        // "green" is not a semantic version: ordered by its first event, the newest
        assertEquals(
                List.of("green", "1.10.0", "1.9.0"),
                releases.stream().map(r -> r.getString("version")).toList());
        assertRelease(releases.get(0), t5, t5, 1, 0);
        assertRelease(releases.get(1), t3, t4, 2, 1);
        assertRelease(releases.get(2), t1, t2, 2, 1);

        // members of other projects do not see them; bad input is a 400 naming the field
        String outsider = newMemberOfProject1();
        assertEquals(
                404,
                callAs(outsider, MEMBER_PASSWORD, "GET", "/api/" + project.id() + "/releases", null)
                        .status());
        long group = sendAndWait(project, a, null, minutesAgo(1));
        Reply wrong = patch(project, group, "{\"status\": \"ignored\", \"resolvedIn\": \"next\"}");
        assertEquals(400, wrong.status(), wrong.body());
        assertEquals("resolvedIn", wrong.json().getString("field"));
        Reply blank = patch(project, group, "{\"status\": \"resolved\", \"resolvedIn\": \" \"}");
        assertEquals(400, blank.status(), blank.body());
    }

    private static void assertRelease(JsonObject release, Instant first, Instant last, long events, long newGroups) {
        assertEquals(first, Instant.parse(release.getString("firstSeen")), release.toString());
        assertEquals(last, Instant.parse(release.getString("lastSeen")), release.toString());
        assertEquals(events, release.getJsonNumber("events").longValue(), release.toString());
        assertEquals(newGroups, release.getJsonNumber("newGroups").longValue(), release.toString());
    }
}
