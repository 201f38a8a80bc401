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
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.it.LookoutClient.Reply;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Search that finds things (docs/api.md, "Query syntax" and "Saved searches"), through the real
 * server on H2 and on PostgreSQL: full-text words of groups (message, exception type by its simple and
 * full name, frame functions), never across projects; wildcard tag values; relative and absolute time
 * terms; saved searches, private to their user.
 */
class SearchIT extends LookoutIT {

    /** Sends an event of project 1 and waits for it: its group. */
    private static long groupOf(String body) {
        String id = newId();
        Reply sent = send("{\"id\": \"" + id + "\", " + body.strip().substring(1));
        assertEquals(202, sent.status(), sent.body());
        return awaitEvent(id).getJsonNumber("groupId").longValue();
    }

    private static List<Long> groups(String project, String query) {
        Reply reply = get("/api/" + project + "/groups?limit=500&query=" + encode(query));
        assertEquals(200, reply.status(), reply.body());
        return reply.json().getJsonArray("groups").stream()
                .map(group -> group.asJsonObject().getJsonNumber("id").longValue())
                .sorted()
                .toList();
    }

    private static List<Long> sorted(Long... ids) {
        return java.util.Arrays.stream(ids).sorted().toList();
    }

    private static String capital(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    @Test
    void wordsFindGroupsByMessageExceptionTypeAndFrameButNotInAnotherProject() {
        String type = capital(uniqueWord()) + "Exception";
        String valueWord = uniqueWord();
        String function = "charge" + capital(uniqueWord());
        String module = "com.acme." + capital(uniqueWord());
        long exception = groupOf("""
                {"type": "exception", "data": {"type": "com.acme.%s", "value": "card %s expired", "frames": [
                  {"module": "java.lang.Thread", "function": "run"},
                  {"module": "%s", "function": "%s", "inApp": true}]}}""".formatted(type, valueWord, module, function));
        String messageWord = uniqueWord();
        long message = groupOf("""
                {"type": "message", "message": "payment %s refused by the bank"}""".formatted(messageWord));

        assertEquals(List.of(exception), groups("1", type), "the exception type by its simple name");
        assertEquals(List.of(exception), groups("1", "com.acme." + type), "and by its full name");
        assertEquals(List.of(exception), groups("1", type.toLowerCase()), "whatever the case");
        assertEquals(List.of(exception), groups("1", valueWord), "a word of the exception's value");
        assertEquals(List.of(exception), groups("1", function), "a frame's function");
        assertEquals(List.of(exception), groups("1", module), "a frame's module");
        assertEquals(List.of(exception), groups("1", module.substring(module.lastIndexOf('.') + 1)), "its class");
        assertEquals(List.of(exception), groups("1", type.substring(0, 8)), "a word's start");
        assertEquals(List.of(exception), groups("1", type.substring(0, 8) + "*"), "a written prefix");
        assertEquals(List.of(message), groups("1", messageWord), "a word of a message");
        assertEquals(List.of(message), groups("1", "\"payment " + messageWord + " refused\""), "a phrase");
        assertEquals(List.of(message), groups("1", "bank " + messageWord), "every word must match");
        assertEquals(List.of(), groups("1", "nobank " + messageWord));
        assertEquals(List.of(), groups("1", messageWord.substring(3)), "not inside a word");
        assertEquals(List.of(), groups("1", "!" + messageWord + " " + messageWord));

        // a word only another project has is not found in project 1, and is found in its own
        QuotaIT.Project other = QuotaIT.newProject("Search");
        String elsewhere = uniqueWord();
        Reply sent = QuotaIT.event(other, "only " + elsewhere + " here");
        assertEquals(202, sent.status(), sent.body());
        LookoutClient.await(
                () -> groups(Long.toString(other.id()), elsewhere).size() == 1
                        ? java.util.Optional.of(true)
                        : java.util.Optional.empty(),
                "the other project's group");
        assertEquals(List.of(), groups("1", elsewhere));
        // the events list keeps the substring match of the message
        Reply events = get("/api/1/events?query=" + encode(messageWord));
        assertEquals(1, events.json().getJsonArray("events").size(), events.body());
    }

    @Test
    void wildcardTagValuesAndReleaseAndEnvironmentTags() {
        String word = uniqueWord();
        long checkout = groupOf("""
                {"type": "message", "message": "checkout %s a", "tags": {"url": "/checkout/%s/pay", "release": "2.3.1",
                 "environment": "production"}}""".formatted(word, word));
        long cart = groupOf("""
                {"type": "message", "message": "cart %s b", "tags": {"url": "/cart/%s", "release": "2.4.0",
                 "environment": "staging"}}""".formatted(word, word));
        assertEquals(List.of(checkout), groups("1", "url:/checkout/* " + word));
        assertEquals(List.of(cart), groups("1", "!url:/checkout/* " + word));
        assertEquals(List.of(checkout), groups("1", "url:*/pay " + word));
        assertEquals(sorted(checkout, cart), groups("1", "url:*" + word + "* " + word));
        assertEquals(List.of(), groups("1", "url:/checkout/\\* " + word), "an escaped star is a star");
        assertEquals(List.of(checkout), groups("1", "release:2.3.* " + word));
        assertEquals(List.of(cart), groups("1", "release:2.4.0 " + word));
        assertEquals(List.of(checkout), groups("1", "environment:production " + word));
        assertEquals(List.of(cart), groups("1", "environment:stag* " + word));
        Reply events = get("/api/1/events?query=" + encode("url:/cart/* " + word));
        assertEquals(1, events.json().getJsonArray("events").size(), events.body());
    }

    @Test
    void relativeAndAbsoluteTimes() {
        String word = uniqueWord();
        Instant tenDaysAgo = Instant.now().minus(Duration.ofDays(10)).truncatedTo(ChronoUnit.SECONDS);
        long old = groupOf("""
                {"type": "message", "message": "old %s", "timestamp": "%s"}""".formatted(word, tenDaysAgo));
        long recent = groupOf("""
                {"type": "message", "message": "recent %s"}""".formatted(word));
        assertEquals(List.of(recent), groups("1", "lastSeen:-24h " + word), "-24h: within the last 24 hours");
        assertEquals(List.of(old), groups("1", "lastSeen:+7d " + word), "+7d: longer ago than 7 days");
        assertEquals(List.of(old), groups("1", "!lastSeen:-1w " + word));
        assertEquals(sorted(old, recent), groups("1", "firstSeen:-30d " + word));
        assertEquals(List.of(recent), groups("1", "firstSeen:-90m " + word));
        String fiveDaysAgo = LocalDate.now(ZoneOffset.UTC).minusDays(5).toString();
        assertEquals(List.of(recent), groups("1", "lastSeen:>" + fiveDaysAgo + " " + word));
        assertEquals(List.of(old), groups("1", "lastSeen:<=" + fiveDaysAgo + " " + word));
        Reply events = get("/api/1/events?query=" + encode("lastSeen:+7d " + word));
        assertEquals(1, events.json().getJsonArray("events").size(), events.body());

        Reply wrong = get("/api/1/groups?query=" + encode(word + " lastSeen:-24y"));
        assertEquals(400, wrong.status(), wrong.body());
        assertEquals("query", wrong.json().getString("field"), wrong.body());
        assertTrue(
                wrong.body().contains("unknown time unit 'y'") && wrong.body().contains("column 31"), wrong.body());
        Reply huge = get("/api/1/groups?query=" + encode("lastSeen:-99999999999999999999h"));
        assertEquals(400, huge.status(), huge.body());
        assertTrue(huge.body().contains("out of range"), huge.body());
    }

    @Test
    void savedSearchesArePrivateToTheirUser() {
        String ann = newMemberOfProject1();
        String bob = newMemberOfProject1();
        Reply created = callAs(ann, MEMBER_PASSWORD, "POST", "/api/searches", """
                {"name": "Checkout today", "projectId": 1, "query": "url:/checkout/* lastSeen:-24h"}""");
        assertEquals(201, created.status(), created.body());
        long id = created.json().getJsonNumber("id").longValue();
        assertEquals("Checkout today", created.json().getString("name"));
        assertEquals("url:/checkout/* lastSeen:-24h", created.json().getString("query"));
        assertTrue(created.header("Location").orElse("").endsWith("/api/searches/" + id));

        List<JsonObject> anns = callAs(ann, MEMBER_PASSWORD, "GET", "/api/searches", null)
                .json()
                .getJsonArray("searches")
                .getValuesAs(JsonObject.class);
        assertEquals(1, anns.size());
        assertEquals(1, anns.get(0).getJsonNumber("projectId").longValue());
        assertEquals(
                0,
                callAs(bob, MEMBER_PASSWORD, "GET", "/api/searches", null)
                        .json()
                        .getJsonArray("searches")
                        .size(),
                "not another member's");
        assertTrue(
                get("/api/searches").json().getJsonArray("searches").getValuesAs(JsonObject.class).stream()
                        .noneMatch(s -> s.getJsonNumber("id").longValue() == id),
                "not an admin's either");
        assertEquals(
                404,
                callAs(bob, MEMBER_PASSWORD, "DELETE", "/api/searches/" + id, null)
                        .status());
        assertEquals(
                404,
                callAs(bob, MEMBER_PASSWORD, "PUT", "/api/searches/" + id, "{\"name\": \"mine\"}")
                        .status());
        assertEquals(404, call("DELETE", "/api/searches/" + id, null).status());

        // the same name for another user is fine; twice for one user is not
        assertEquals(
                201, callAs(bob, MEMBER_PASSWORD, "POST", "/api/searches", """
                {"name": "Checkout today", "projectId": 1, "query": "is:unresolved"}""").status());
        Reply twice = callAs(ann, MEMBER_PASSWORD, "POST", "/api/searches", """
                {"name": "Checkout today", "projectId": 1, "query": "is:resolved"}""");
        assertEquals(409, twice.status(), twice.body());
        Reply badQuery = callAs(ann, MEMBER_PASSWORD, "POST", "/api/searches", """
                {"name": "Broken", "projectId": 1, "query": "lastSeen:soon"}""");
        assertEquals(400, badQuery.status(), badQuery.body());
        assertEquals("query", badQuery.json().getString("field"));
        Reply noName = callAs(ann, MEMBER_PASSWORD, "POST", "/api/searches", """
                {"name": " ", "projectId": 1, "query": "x"}""");
        assertEquals(400, noName.status(), noName.body());
        assertEquals("name", noName.json().getString("field"));
        QuotaIT.Project other = QuotaIT.newProject("Saved");
        Reply notHers = callAs(ann, MEMBER_PASSWORD, "POST", "/api/searches", """
                {"name": "Other", "projectId": %d, "query": "x"}""".formatted(other.id()));
        assertEquals(404, notHers.status(), notHers.body());

        Reply renamed =
                callAs(ann, MEMBER_PASSWORD, "PUT", "/api/searches/" + id, "{\"name\": \"Checkout, last day\"}");
        assertEquals(200, renamed.status(), renamed.body());
        assertEquals("Checkout, last day", renamed.json().getString("name"));
        assertEquals("url:/checkout/* lastSeen:-24h", renamed.json().getString("query"));
        assertEquals(
                204,
                callAs(ann, MEMBER_PASSWORD, "DELETE", "/api/searches/" + id, null)
                        .status());
        assertEquals(
                0,
                callAs(ann, MEMBER_PASSWORD, "GET", "/api/searches", null)
                        .json()
                        .getJsonArray("searches")
                        .size());
        assertEquals(
                404,
                callAs(ann, MEMBER_PASSWORD, "DELETE", "/api/searches/" + id, null)
                        .status());
    }

    private static List<String> savedNames(Reply list) {
        assertEquals(200, list.status(), list.body());
        return list.json().getJsonArray("searches").getValuesAs(JsonObject.class).stream()
                .map(search -> search.getString("name"))
                .sorted()
                .toList();
    }

    @Test
    void aTokenRestrictedToProjectsSeesAndChangesOnlyTheirSavedSearchesAndAMemberOnlyThoseOfTheirProjects() {
        String ann = newMemberOfProject1();
        QuotaIT.Project other = QuotaIT.newProject("Saved elsewhere");
        assertEquals(
                201,
                call("PUT", "/api/admin/projects/" + other.id() + "/members/" + ann, null)
                        .status());
        Reply inOne = callAs(ann, MEMBER_PASSWORD, "POST", "/api/searches", """
                {"name": "In one", "projectId": 1, "query": "is:unresolved"}""");
        assertEquals(201, inOne.status(), inOne.body());
        Reply elsewhere = callAs(ann, MEMBER_PASSWORD, "POST", "/api/searches", """
                {"name": "Elsewhere", "projectId": %d, "query": "is:unresolved"}""".formatted(other.id()));
        assertEquals(201, elsewhere.status(), elsewhere.body());
        long elsewhereId = elsewhere.json().getJsonNumber("id").longValue();
        assertEquals(
                List.of("Elsewhere", "In one"), savedNames(callAs(ann, MEMBER_PASSWORD, "GET", "/api/searches", null)));

        // a token of hers restricted to project 1: the other project's search is as if it did not exist
        String token = TokensIT.createToken(ann, MEMBER_PASSWORD, """
                        {"name": "only one", "scopes": ["read", "write"], "projects": [1]}""").getString("token");
        assertEquals(List.of("In one"), savedNames(TokensIT.withToken(token, "GET", "/api/searches", null)));
        Reply create = TokensIT.withToken(token, "POST", "/api/searches", """
                {"name": "Sneaky", "projectId": %d, "query": "is:resolved"}""".formatted(other.id()));
        assertEquals(404, create.status(), create.body());
        Reply rename = TokensIT.withToken(token, "PUT", "/api/searches/" + elsewhereId, "{\"name\": \"Renamed\"}");
        assertEquals(404, rename.status(), rename.body());
        Reply delete = TokensIT.withToken(token, "DELETE", "/api/searches/" + elsewhereId, null);
        assertEquals(404, delete.status(), delete.body());
        // running it: the other project's group list is refused too
        assertEquals(
                404,
                TokensIT.withToken(token, "GET", "/api/" + other.id() + "/groups?query=is%3Aunresolved", null)
                        .status());
        // its own project works as before
        Reply mine = TokensIT.withToken(token, "POST", "/api/searches", """
                {"name": "Token's", "projectId": 1, "query": "is:resolved"}""");
        assertEquals(201, mine.status(), mine.body());
        assertEquals(List.of("In one", "Token's"), savedNames(TokensIT.withToken(token, "GET", "/api/searches", null)));
        assertEquals(
                List.of("Elsewhere", "In one", "Token's"),
                savedNames(callAs(ann, MEMBER_PASSWORD, "GET", "/api/searches", null)),
                "nothing changed by the refused calls");

        // a member no longer in the other project does not see its search any more (nor with an unrestricted token)
        assertEquals(
                204,
                call("DELETE", "/api/admin/projects/" + other.id() + "/members/" + ann, null)
                        .status());
        assertEquals(
                List.of("In one", "Token's"), savedNames(callAs(ann, MEMBER_PASSWORD, "GET", "/api/searches", null)));
        String everything = TokensIT.createToken(ann, MEMBER_PASSWORD, """
                        {"name": "everything", "scopes": ["read"]}""").getString("token");
        assertEquals(
                List.of("In one", "Token's"), savedNames(TokensIT.withToken(everything, "GET", "/api/searches", null)));
        assertEquals(
                404,
                TokensIT.withToken(everything, "GET", "/api/" + other.id() + "/groups", null)
                        .status());
    }
}
