package io.lookout.it;

import static io.lookout.it.LookoutClient.await;
import static io.lookout.it.LookoutClient.call;
import static io.lookout.it.LookoutClient.encode;
import static io.lookout.it.LookoutClient.get;
import static io.lookout.it.LookoutClient.send;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.it.LookoutClient.Reply;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Views, tag relations, negation, has:, correlation, group states and the dashboard breakdown. */
class ViewsAndQueriesIT extends LookoutIT {

    private void sendAll(String events) {
        Reply reply = send(events);
        assertEquals(202, reply.status(), reply.body());
        Server.awaitQueueDrained(management);
    }

    private static List<JsonObject> groups(String query) {
        Reply reply = get(query);
        assertEquals(200, reply.status(), reply.body());
        return reply.json().getJsonArray("groups").getValuesAs(JsonObject.class);
    }

    private static List<JsonObject> events(String query) {
        Reply reply = get("/api/1/events?query=" + encode(query));
        assertEquals(200, reply.status(), reply.body());
        return reply.json().getJsonArray("events").getValuesAs(JsonObject.class);
    }

    /** View group key value → count, "<null>" for a null value. */
    private static Map<String, Integer> countsByKey(List<JsonObject> viewGroups, String key) {
        return viewGroups.stream()
                .collect(Collectors.toMap(
                        group -> group.getJsonObject("key").isNull(key)
                                ? "<null>"
                                : group.getJsonObject("key").getString(key),
                        group -> group.getInt("count"),
                        Integer::sum,
                        TreeMap::new));
    }

    @Test
    void aViewSplitsGroupsByItsKeysAndNullIsNotTheStringNull() {
        String word = uniqueWord();
        Reply created = call("POST", "/api/1/views", """
                {"name": "Messages by URL %s", "types": ["message"], "keys": ["url"]}""".formatted(word));
        assertEquals(201, created.status(), created.body());
        String slug = created.json().getString("slug");
        assertEquals("messages-by-url-" + word, slug);

        String message = "Payment failed " + word;
        sendAll("""
                [{"type": "message", "message": "%1$s", "tags": {"url": "/a"}},
                 {"type": "message", "message": "%1$s", "tags": {"url": "/a"}},
                 {"type": "message", "message": "%1$s", "tags": {"url": "/b"}},
                 {"type": "message", "message": "%1$s"},
                 {"type": "message", "message": "%1$s", "tags": {"url": null}},
                 {"type": "message", "message": "%1$s", "tags": {"url": "null"}}]""".formatted(message));

        String list = "/api/1/groups?view=" + slug + "&query=" + encode("\"" + word + "\"");
        List<JsonObject> viewGroups = groups(list);
        assertEquals(Map.of("/a", 2, "/b", 1, "<null>", 2, "null", 1), countsByKey(viewGroups, "url"));
        assertEquals(
                1,
                viewGroups.stream()
                        .map(group -> group.getJsonNumber("groupId").longValue())
                        .distinct()
                        .count(),
                "one group, split by the view");
        JsonObject group =
                LookoutClient.group(viewGroups.get(0).getJsonNumber("groupId").longValue());
        assertEquals(6, group.getInt("count"));
        // the page is read in one statement: each row still carries its own counts, its group's summary and hours
        for (JsonObject viewGroup : viewGroups) {
            assertEquals(message, viewGroup.getString("message"), viewGroup.toString());
            assertEquals("message", viewGroup.getString("type"));
            assertEquals("unresolved", viewGroup.getString("status"));
            assertEquals(group.getString("checksum"), viewGroup.getString("checksum"));
            assertTrue(
                    viewGroup.getJsonNumber("id").longValue()
                            != group.getJsonNumber("id").longValue(),
                    "a view group has its own id");
            assertEquals(viewGroup.getInt("count"), hourlySum(viewGroup), viewGroup.toString());
        }
        assertTrue(isByScore(viewGroups), "by score, highest first");
        List<JsonObject> projectGroups = groups("/api/1/groups?query=" + encode("\"" + word + "\""));
        assertEquals(
                List.of(group.getJsonNumber("id").longValue()),
                projectGroups.stream()
                        .map(g -> g.getJsonNumber("id").longValue())
                        .toList());
        assertEquals(6, projectGroups.get(0).getInt("count"));

        assertEquals(Map.of("/a", 2), countsByKey(groups(list + encode(" url:/a")), "url"));
        assertEquals(Map.of("<null>", 2), countsByKey(groups(list + encode(" !has:url")), "url"));
        assertEquals(Map.of("null", 1), countsByKey(groups(list + encode(" url:\"null\"")), "url"));
        assertEquals(Map.of("/b", 1, "<null>", 2, "null", 1), countsByKey(groups(list + encode(" !url:/a")), "url"));

        Reply deleted = call("DELETE", "/api/1/views/" + slug, null);
        assertEquals(204, deleted.status());
        assertEquals(404, get(list).status());
        assertEquals(
                6, LookoutClient.group(group.getJsonNumber("id").longValue()).getInt("count"), "the group stays");
    }

    @Test
    void aViewCreatedAfterItsEventsIsBackfilled() {
        String word = uniqueWord();
        String message = "Stock sync lagging " + word;
        sendAll("""
                [{"type": "message", "message": "%1$s", "tags": {"server": "s1"}},
                 {"type": "message", "message": "%1$s", "tags": {"server": "s1"}},
                 {"type": "message", "message": "%1$s", "tags": {"server": "s2"}}]""".formatted(message));

        Reply created = call("POST", "/api/1/views", """
                {"name": "By server", "slug": "by-server-%s", "types": null, "keys": ["server"]}""".formatted(word));
        assertEquals(201, created.status(), created.body());
        String slug = created.json().getString("slug");
        JsonObject view = await(
                () -> {
                    JsonObject json = get("/api/1/views/" + slug).json();
                    return "done".equals(json.getJsonObject("backfill").getString("state"))
                            ? Optional.of(json)
                            : Optional.empty();
                },
                "the backfill of view " + slug,
                Duration.ofSeconds(90));
        assertTrue(view.getJsonObject("backfill").getInt("done") >= 3, view.toString());

        assertEquals(
                Map.of("s1", 2, "s2", 1),
                countsByKey(groups("/api/1/groups?view=" + slug + "&query=" + encode("\"" + word + "\"")), "server"));
    }

    @Test
    void eventsAreFoundByTagRelationsNegationAndHas() {
        String word = uniqueWord();
        sendAll("""
                [{"type": "message", "message": "one", "tags": {"team": "%1$s", "tier": "1"}},
                 {"type": "message", "message": "two", "tags": {"team": "%1$s", "tier": "2"}},
                 {"type": "message", "message": "three", "tags": {"team": "%1$s"}},
                 {"type": "message", "message": "four", "tags": {"squad": "%1$s"}}]""".formatted(word));

        assertEquals(List.of("one"), messages(events("team:" + word + " tier:1")));
        assertEquals(List.of("three", "two"), messages(events("team:" + word + " !tier:1")));
        assertEquals(List.of("three"), messages(events("team:" + word + " !has:tier")));
        assertEquals(List.of("four"), messages(events("squad:" + word + " has:squad")));
        assertEquals(List.of("two"), messages(events("team:" + word + " two")));
        assertEquals(List.of(), messages(events("team:" + word + " tier:3")));
        assertEquals(List.of(), messages(events("team:" + word + " type:exception")));

        // cursor pagination, newest first
        Reply first = get("/api/1/events?limit=2&query=" + encode("team:" + word));
        assertEquals(
                List.of("three", "two"),
                messages(first.json().getJsonArray("events").getValuesAs(JsonObject.class)));
        Reply second = get("/api/1/events?limit=2&query=" + encode("team:" + word) + "&cursor="
                + first.json().getString("nextCursor"));
        assertEquals(
                List.of("one"), messages(second.json().getJsonArray("events").getValuesAs(JsonObject.class)));
        assertTrue(second.json().isNull("nextCursor"));
    }

    @Test
    void groupsAreFoundByTwoTags() {
        String word = uniqueWord();
        sendAll("""
                [{"type": "message", "message": "Queue full %1$s", "tags": {"region": "eu", "env": "%1$s"}},
                 {"type": "message", "message": "Queue empty %1$s", "tags": {"region": "us", "env": "%1$s"}}]""".formatted(word));
        List<JsonObject> found = groups("/api/1/groups?query=" + encode("env:" + word + " region:eu"));
        assertEquals(1, found.size());
        assertEquals("Queue full " + word, found.get(0).getString("message"));
    }

    @Test
    void everyEventOfACorrelationIdIsFound() {
        String correlation = "req-" + uniqueWord();
        sendAll("""
                [{"type": "message", "message": "start", "correlationId": "%1$s"},
                 {"type": "message", "message": "unrelated"},
                 {"type": "message", "message": "end", "correlationId": "%1$s"}]""".formatted(correlation));
        Reply reply = get("/api/1/correlations/" + correlation);
        assertEquals(200, reply.status());
        assertEquals(
                List.of("start", "end"),
                messages(reply.json().getJsonArray("events").getValuesAs(JsonObject.class)));
    }

    @Test
    void aResolvedGroupReopensAsARegressionAndIgnoredGroupsAreHidden() {
        String word = uniqueWord();
        String event = "{\"type\": \"message\", \"message\": \"Mail bounce " + word + "\"}";
        sendAll(event);
        long groupId =
                groups("/api/1/groups?query=" + word).get(0).getJsonNumber("id").longValue();

        Reply resolved = call("PATCH", "/api/1/groups/" + groupId, "{\"status\": \"resolved\"}");
        assertEquals(200, resolved.status(), resolved.body());
        assertEquals("resolved", resolved.json().getString("status"));
        assertEquals(1, groups("/api/1/groups?status=resolved&query=" + word).size());

        sendAll(event);
        JsonObject reopened = LookoutClient.group(groupId);
        assertEquals("unresolved", reopened.getString("status"));
        assertTrue(reopened.containsKey("regressedAt"), reopened.toString());
        assertEquals(2, reopened.getInt("count"));

        assertEquals(
                200,
                call("PATCH", "/api/1/groups/" + groupId, "{\"status\": \"ignored\"}")
                        .status());
        assertEquals(List.of(), groups("/api/1/groups?query=" + word), "ignored groups are hidden by default");
        assertEquals(1, groups("/api/1/groups?status=ignored&query=" + word).size());
        assertEquals(
                1, groups("/api/1/groups?query=" + encode(word + " is:ignored")).size());

        Reply bad = call("PATCH", "/api/1/groups/" + groupId, "{\"status\": \"fixed\"}");
        assertEquals(400, bad.status());
        assertEquals("status", bad.json().getString("field"));
    }

    @Test
    void theDashboardBreaksDownFewValuesAndListsMany() {
        String word = uniqueWord();
        String fewKey = "few" + word;
        String manyKey = "many" + word;
        assertEquals(
                201, call("POST", "/api/1/views", """
                {"name": "Few %1$s", "types": ["message"], "keys": ["%2$s"]}""".formatted(word, fewKey)).status());
        assertEquals(
                201, call("POST", "/api/1/views", """
                {"name": "Many %1$s", "types": ["message"], "keys": ["%2$s"]}""".formatted(word, manyKey)).status());
        StringBuilder events = new StringBuilder("[");
        for (int i = 0; i < 30; i++) {
            events.append(i == 0 ? "" : ",").append("""
                    {"type": "message", "message": "Dashboard %s", "tags": {"%s": "v%d", "%s": "m%d"}}""".formatted(word, fewKey, i % 3, manyKey, i));
        }
        sendAll(events.append("]").toString());

        Reply tooMany = get("/api/1/dashboard?hours=337");
        assertEquals(400, tooMany.status(), tooMany.body());
        assertEquals("hours", tooMany.json().getString("field"));
        assertEquals(400, get("/api/1/dashboard?hours=x").status());
        Reply week = get("/api/1/dashboard?hours=168");
        assertEquals(200, week.status(), week.body());

        Reply reply = get("/api/1/dashboard");
        assertEquals(200, reply.status(), reply.body());
        JsonObject dashboard = reply.json();
        assertEquals(20, dashboard.getInt("threshold"));
        assertTrue(dashboard.getJsonArray("types").getValuesAs(JsonObject.class).stream()
                .anyMatch(type -> type.getString("type").equals("message")));
        JsonObject few = view(dashboard, "few-" + word).getJsonObject("breakdown");
        assertEquals("values", few.getString("mode"));
        assertEquals(fewKey, few.getString("key"));
        Map<String, Long> events3 = few.getJsonArray("values").getValuesAs(JsonObject.class).stream()
                .filter(value -> value.get("value").getValueType() == JsonValue.ValueType.STRING)
                .collect(Collectors.toMap(
                        value -> value.getString("value"),
                        value -> value.getJsonNumber("events").longValue()));
        assertEquals(Map.of("v0", 10L, "v1", 10L, "v2", 10L), events3);

        JsonObject many = view(dashboard, "many-" + word).getJsonObject("breakdown");
        assertEquals("groups", many.getString("mode"), "31 distinct values (with null) exceed the threshold of 20");
        List<JsonObject> listed = many.getJsonArray("groups").getValuesAs(JsonObject.class);
        assertFalse(listed.isEmpty());
        assertTrue(listed.size() <= 10, "at most 10 view groups in a list");
        assertTrue(isByScore(listed), "by score, highest first");
        for (JsonObject viewGroup : listed) {
            assertTrue(
                    viewGroup.containsKey("groupId")
                            && viewGroup.getJsonObject("key").containsKey(manyKey),
                    viewGroup.toString());
            assertEquals(viewGroup.getInt("count"), hourlySum(viewGroup), viewGroup.toString());
        }
    }

    /**
     * The breakdown decision counts the values of non-ignored groups only: values that only ignored
     * groups have must not turn a breakdown of exactly the threshold into a list.
     */
    @Test
    void theDashboardCountsOnlyValuesOfGroupsThatAreNotIgnored() {
        String word = uniqueWord();
        String key = "edge" + word;
        assertEquals(201, call("POST", "/api/1/views", """
                {"name": "Edge %1$s", "types": ["message"], "keys": ["%2$s"]}""".formatted(word, key)).status());
        StringBuilder events = new StringBuilder("[");
        // 19 values and null in a group that stays visible: 20 values, the threshold
        events.append("""
                {"type": "message", "message": "Edge kept %s"}""".formatted(word));
        for (int i = 0; i < 19; i++) {
            events.append(",").append("""
                    {"type": "message", "message": "Edge kept %s", "tags": {"%s": "k%d"}}""".formatted(word, key, i));
        }
        // 5 more values in a group that gets ignored
        for (int i = 0; i < 5; i++) {
            events.append(",").append("""
                    {"type": "message", "message": "Edge ignored %s", "tags": {"%s": "x%d"}}""".formatted(word, key, i));
        }
        sendAll(events.append("]").toString());
        long ignored = groups("/api/1/groups?query=" + encode("\"Edge ignored " + word + "\""))
                .get(0)
                .getJsonNumber("id")
                .longValue();
        assertEquals(
                200,
                call("PATCH", "/api/1/groups/" + ignored, "{\"status\": \"ignored\"}")
                        .status());

        Reply reply = get("/api/1/dashboard");
        assertEquals(200, reply.status(), reply.body());
        JsonObject edge = view(reply.json(), "edge-" + word).getJsonObject("breakdown");
        assertEquals("values", edge.getString("mode"), "20 values of visible groups: " + edge);
        List<JsonObject> values = edge.getJsonArray("values").getValuesAs(JsonObject.class);
        assertEquals(20, values.size());
        assertTrue(values.stream().anyMatch(value -> value.isNull("value")), "null is one of the values");
        assertTrue(
                values.stream()
                        .noneMatch(value -> !value.isNull("value")
                                && value.getString("value").startsWith("x")),
                "values of ignored groups are hidden");
        JsonObject k0 = values.stream()
                .filter(value ->
                        !value.isNull("value") && value.getString("value").equals("k0"))
                .findFirst()
                .orElseThrow();
        assertEquals(1, k0.getInt("events"));
        JsonObject under = k0.getJsonObject("breakdown");
        assertEquals("groups", under.getString("mode"), "past the last key: the list");
        assertEquals(1, under.getJsonArray("groups").size());
        assertEquals(
                "Edge kept " + word,
                under.getJsonArray("groups").getJsonObject(0).getString("message"));

        // one value more (in a visible group) and the view lists its groups instead
        sendAll("""
                {"type": "message", "message": "Edge other %s", "tags": {"%s": "k19"}}""".formatted(word, key));
        JsonObject listed = view(get("/api/1/dashboard").json(), "edge-" + word).getJsonObject("breakdown");
        assertEquals("groups", listed.getString("mode"), "21 values of visible groups exceed the threshold: " + listed);
        assertEquals(key, listed.getString("key"));
        assertTrue(
                listed.getJsonArray("groups").getValuesAs(JsonObject.class).stream()
                        .noneMatch(group -> group.getString("message").startsWith("Edge ignored")),
                "ignored groups are hidden");
    }

    private static int hourlySum(JsonObject group) {
        return group.getJsonArray("hourly").getValuesAs(JsonObject.class).stream()
                .mapToInt(hour -> hour.getInt("count"))
                .sum();
    }

    private static boolean isByScore(List<JsonObject> groups) {
        for (int i = 1; i < groups.size(); i++) {
            if (groups.get(i - 1).getJsonNumber("score").doubleValue()
                    < groups.get(i).getJsonNumber("score").doubleValue()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void filterableDataKeysBecomeTags() {
        String word = uniqueWord();
        Reply settings =
                call("PUT", "/api/1/settings", "{\"filterableDataKeys\": [\"tenant\", \"attempt\", \"nested\"]}");
        assertEquals(200, settings.status(), settings.body());
        try {
            sendAll("""
                    {"type": "message", "message": "Merge %1$s",
                     "data": {"message": "Merge %1$s", "tenant": "acme-%1$s", "attempt": 3, "nested": {"x": 1}, "other": "o"}}
                    """.formatted(word));
            List<JsonObject> found = events("tenant:acme-" + word);
            assertEquals(1, found.size());
            JsonObject tags = found.get(0).getJsonObject("tags");
            assertEquals("3", tags.getString("attempt"));
            assertFalse(tags.containsKey("nested"), "objects stay data only");
            assertFalse(tags.containsKey("other"), "undeclared keys stay data only");
            assertEquals(1, events("attempt:3 tenant:acme-" + word).size());

            Reply values = get("/api/1/tags/tenant");
            assertEquals(200, values.status());
            assertTrue(values.body().contains("acme-" + word));
            assertTrue(get("/api/1/tags").body().contains("\"key\":\"tenant\""));
            assertEquals(404, get("/api/1/tags/no-such-key-" + word).status());

            Reply reserved = call("PUT", "/api/1/settings", "{\"filterableDataKeys\": [\"type\"]}");
            assertEquals(400, reserved.status());
            assertEquals("filterableDataKeys[0]", reserved.json().getString("field"));
        } finally {
            assertEquals(
                    200,
                    call("PUT", "/api/1/settings", "{\"filterableDataKeys\": []}")
                            .status());
        }
    }

    @Test
    void badSearchesAreClearErrors() {
        Reply syntax = get("/api/1/groups?query=" + encode("\"unterminated"));
        assertEquals(400, syntax.status());
        assertEquals("query", syntax.json().getString("field"));
        assertTrue(syntax.json().getString("error").contains("column"), syntax.body());

        assertEquals(400, get("/api/1/events?query=" + encode("is:open")).status());
        assertEquals(400, get("/api/1/groups?sort=loudest").status());
        assertEquals(400, get("/api/1/groups?limit=0").status());
        assertEquals(400, get("/api/1/groups?cursor=garbage").status());
        assertEquals(404, get("/api/1/groups?view=no-such-view").status());
        assertEquals(404, get("/api/77/groups").status());

        Reply hostile = get("/api/1/events?query=" + encode("url:\"'; DROP TABLE event; --\" \"ü ' \\\" %_\""));
        assertEquals(200, hostile.status(), hostile.body());
        assertEquals(0, hostile.json().getJsonArray("events").size());
        assertEquals(200, get("/api/1/events?limit=1").status(), "the event table is still there");

        Reply badView = call("POST", "/api/1/views", "{\"name\": \"x\", \"keys\": []}");
        assertEquals(400, badView.status());
        assertEquals("keys", badView.json().getString("field"));
        String word = uniqueWord();
        assertEquals(
                201,
                call("POST", "/api/1/views", "{\"name\": \"Dup " + word + "\", \"keys\": [\"url\"]}")
                        .status());
        assertEquals(
                409,
                call("POST", "/api/1/views", "{\"name\": \"Dup " + word + "\", \"keys\": [\"url\"]}")
                        .status());
        assertEquals(400, call("POST", "/api/1/views", "not json").status());
    }

    private static JsonObject view(JsonObject dashboard, String slug) {
        return dashboard.getJsonArray("views").getValuesAs(JsonObject.class).stream()
                .filter(view -> view.getString("slug").equals(slug))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no view " + slug + " on the dashboard"));
    }

    private static List<String> messages(List<JsonObject> events) {
        return events.stream().map(event -> event.getString("message")).toList();
    }
}
