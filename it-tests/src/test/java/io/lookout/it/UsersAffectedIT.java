package io.lookout.it;

import static io.lookout.it.LookoutClient.await;
import static io.lookout.it.LookoutClient.awaitEvent;
import static io.lookout.it.LookoutClient.call;
import static io.lookout.it.LookoutClient.encode;
import static io.lookout.it.LookoutClient.get;
import static io.lookout.it.LookoutClient.newId;
import static io.lookout.it.LookoutClient.send;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.it.LookoutClient.Reply;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Users affected: the distinct values of the {@code user} tag among a group's events, in the group's
 * JSON ({@code users}), in the lists (sortable) and on the group page, through the real server
 * (docs/architecture.md, <i>Users affected</i>).
 */
class UsersAffectedIT extends LookoutIT {

    private static String event(String id, String word, String user) {
        String tags = user == null ? "" : ", \"tags\": {\"user\": \"" + user + "\"}";
        return """
                {"id": "%s", "type": "message", "data": {"message": "checkout %s failed"}%s}""".formatted(id, word, tags);
    }

    /** Sends the events in one request (retrying a rate limit's 429) and waits for the last: its group. */
    private static long sendAll(List<String> events, String lastId) {
        Reply sent = send("[" + String.join(",", events) + "]");
        for (int attempt = 0; sent.status() == 429 && attempt < 30; attempt++) {
            backOff();
            sent = send("[" + String.join(",", events) + "]");
        }
        assertEquals(202, sent.status(), sent.body());
        return awaitEvent(lastId).getJsonNumber("groupId").longValue();
    }

    /** A rate limit's answer: wait a second before sending again. */
    private static void backOff() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static JsonObject group(long id) {
        Reply reply = get("/api/1/groups/" + id);
        assertEquals(200, reply.status(), reply.body());
        return reply.json();
    }

    /** The group's JSON once its count reached {@code count} (the batch's events are stored together, but wait). */
    private static JsonObject groupWithCount(long id, long count) {
        return await(
                () -> {
                    JsonObject group = group(id);
                    return group.getJsonNumber("count").longValue() >= count ? Optional.of(group) : Optional.empty();
                },
                "group " + id + " counting " + count + " events",
                Duration.ofMinutes(2));
    }

    @Test
    void threeUsersWithRepeatsAndEventsWithoutUserAreThreeUsersInTheApiAndTheListSortedByUsers() {
        String word = uniqueWord();
        List<String> events = new ArrayList<>();
        String last = null;
        for (String user : new String[] {"ada", "bob", "ada", null, "cy", "bob", null, "ada"}) {
            last = newId();
            events.add(event(last, word, user));
        }
        long group = sendAll(events, last);
        JsonObject detail = groupWithCount(group, 8);
        assertEquals(3, detail.getJsonNumber("users").longValue(), detail.toString());

        // a second group of the same search with one user: sorted by users, the three-user group is first
        String other = newId();
        long single = sendAll(List.of(event(other, word + " again", "dan")), other);
        Reply list = get("/api/1/groups?sort=users&query=" + encode(word));
        assertEquals(200, list.status(), list.body());
        List<JsonObject> groups = list.json().getJsonArray("groups").getValuesAs(JsonObject.class);
        assertEquals(
                List.of(group, single),
                groups.stream().map(g -> g.getJsonNumber("id").longValue()).toList());
        assertEquals(3, groups.get(0).getJsonNumber("users").longValue());
        assertEquals(1, groups.get(1).getJsonNumber("users").longValue());
        Reply wrong = get("/api/1/groups?sort=people");
        assertEquals(400, wrong.status(), wrong.body());
        assertTrue(wrong.body().contains("users"), "the problem names the sorts: " + wrong.body());
    }

    @Test
    void mergingTwoGroupsCountsTheUnionOfTheirUsers() {
        String word = uniqueWord();
        String a = newId();
        long first = sendAll(List.of(event(newId(), word, "ada"), event(a, word, "bob")), a);
        String b = newId();
        long second = sendAll(List.of(event(newId(), word + " twice", "bob"), event(b, word + " twice", "cy")), b);
        assertEquals(2, groupWithCount(first, 2).getJsonNumber("users").longValue());
        assertEquals(2, groupWithCount(second, 2).getJsonNumber("users").longValue());

        Reply merged = call("POST", "/api/1/groups/merge", "{\"groups\": [" + first + ", " + second + "]}");
        assertEquals(200, merged.status(), merged.body());
        long into = merged.json().getJsonNumber("id").longValue();
        assertEquals(3, merged.json().getJsonNumber("users").longValue(), "ada, bob and cy: " + merged.body());
        assertEquals(3, group(into).getJsonNumber("users").longValue());
    }

    @Test
    void twentyThousandDistinctUsersAreCountedExactly() {
        // a project of its own, without quotas: this is about counting users, and 20,000 events at once are
        // past a new project's spike floor (QuotaIT tests the quotas) — not project 1, which the other tests use
        Reply created = call("POST", "/api/admin/projects", "{\"name\": \"users " + uniqueWord() + "\"}");
        assertEquals(201, created.status(), created.body());
        String project = String.valueOf(created.json().getJsonNumber("id").longValue());
        Reply unlimited = call(
                "PUT",
                "/api/admin/projects/" + project + "/quota",
                "{\"eventsPerMinute\": 0, \"eventsPerDay\": 0, \"spikeFactor\": 0}");
        assertEquals(200, unlimited.status(), unlimited.body());
        String key = created.json().getString("publicKey");
        String word = uniqueWord();
        int users = 20_000;
        for (int start = 0; start < users; start += 1_000) {
            List<String> events = new ArrayList<>();
            for (int i = start; i < start + 1_000; i++) {
                events.add(event(newId(), word, "user-" + i));
            }
            sendWaitingOutQuota(project, key, events);
        }
        // repeats of known users add no user
        sendWaitingOutQuota(project, key, List.of(event(newId(), word, "user-7"), event(newId(), word, "user-19999")));
        JsonObject detail = await(
                () -> {
                    Reply list = get("/api/" + project + "/groups");
                    assertEquals(200, list.status(), list.body());
                    return list.json().getJsonArray("groups").getValuesAs(JsonObject.class).stream()
                            .filter(g -> g.getJsonNumber("count").longValue() >= users + 2)
                            .findFirst();
                },
                "the group of project " + project + " counting " + (users + 2) + " events",
                Duration.ofMinutes(3));
        assertEquals(users, detail.getJsonNumber("users").longValue(), "exact (docs/architecture.md)");
    }

    /** Sends the events in one request; a 429 (the node's own rate limit) is waited out, a minute at most. */
    private static void sendWaitingOutQuota(String project, String key, List<String> events) {
        String body = "[" + String.join(",", events) + "]";
        Reply sent = send(project, key, body);
        for (int attempt = 0; sent.status() == 429 && attempt < 75; attempt++) {
            backOff();
            sent = send(project, key, body);
        }
        assertEquals(202, sent.status(), sent.body());
    }
}
