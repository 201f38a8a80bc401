package io.lookout.it;

import static io.lookout.it.LookoutClient.awaitEvent;
import static io.lookout.it.LookoutClient.get;
import static io.lookout.it.LookoutClient.newId;
import static io.lookout.it.LookoutClient.send;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.it.LookoutClient.Reply;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Why an event joined its group: the event API's {@code grouping}, as stored at ingest. */
class GroupingIT extends LookoutIT {

    /** Sends one event with a fresh id and answers the stored event as the API reads it. */
    private static JsonObject store(String eventJson) {
        String id = newId();
        Reply reply = send(eventJson.replaceFirst("\\{", "{\"id\": \"" + id + "\", "));
        assertEquals(202, reply.status(), reply.body());
        return awaitEvent(id);
    }

    /** The parts as "part=value" (used) or "part=value (why)" (left out), in order. */
    private static List<String> parts(JsonObject event) {
        JsonArray grouping = event.getJsonArray("grouping");
        return grouping.stream()
                .map(JsonValue::asJsonObject)
                .map(part -> part.getString("part") + "=" + part.getString("value")
                        + (part.getBoolean("used") ? "" : " (" + part.getString("why") + ")"))
                .toList();
    }

    @Test
    void anExceptionIsGroupedByItsTypeAndInAppFramesWithLibraryFramesLeftOut() {
        String type = "com.acme." + uniqueWord() + "Exception";
        JsonObject event = store("""
                {"type": "exception", "data": {"type": "%s", "value": "cart 4711 is empty",
                  "frames": [
                    {"module": "org.jboss.resteasy.core.MethodInjectorImpl", "function": "invoke", "lineno": 130, "inApp": false},
                    {"module": "com.acme.shop.CartResource", "function": "checkout", "lineno": 42, "inApp": true},
                    {"module": "org.hibernate.internal.SessionImpl", "function": "flush", "lineno": 1435, "inApp": false},
                    {"module": "com.acme.shop.Orders", "function": "close", "lineno": 17, "inApp": true}]}}
                """.formatted(type));

        assertEquals(
                List.of(
                        "type=" + type,
                        "value=cart 4711 is empty (not used: the exception has frames)",
                        "frame=org.jboss.resteasy.core.MethodInjectorImpl.invoke (not in-app)",
                        "frame=com.acme.shop.CartResource.checkout",
                        "frame=org.hibernate.internal.SessionImpl.flush (not in-app)",
                        "frame=com.acme.shop.Orders.close"),
                parts(event));
        JsonObject used = event.getJsonArray("grouping").getJsonObject(0);
        assertFalse(used.containsKey("why"), "a used part has no why: " + used);
    }

    @Test
    void aMessageWithAnIdIsGroupedByItsNormalisedTextWithTheIdLeftOut() {
        String word = uniqueWord();
        JsonObject first = store("""
                {"type": "message", "data": {"message": "Order 48213 of %s could not be shipped"}}""".formatted(word));
        JsonObject second = store("""
                {"type": "message", "data": {"message": "Order 977 of %s could not be shipped"}}""".formatted(word));

        assertEquals(
                List.of(
                        "message=Order <num> of " + word + " could not be shipped",
                        "variable part=48213 (replaced by <num>)"),
                parts(first));
        assertEquals(first.getJsonNumber("groupId"), second.getJsonNumber("groupId"));
    }

    @Test
    void aFingerprintThatExtendsTheDefaultIsAddedAndOneThatReplacesItMarksTheDefaultReplaced() {
        String word = uniqueWord();
        String request = """
                {"type": "request", %s
                 "data": {"method": "GET", "url": "https://shop.example/%s/items/123", "status": 502}}""";
        JsonObject extended =
                store(request.formatted("\"fingerprint\": [\"{{ default }}\", \"tenant-" + word + "\"],", word));
        JsonObject replaced = store(request.formatted("\"fingerprint\": [\"upstream-" + word + "\"],", word));
        JsonObject plain = store(request.formatted("", word));

        String route = "/" + word + "/items/{id}";
        assertEquals(
                List.of(
                        "method=GET",
                        "route=" + route,
                        "path=/" + word + "/items/123 (its ids are templated in the route)",
                        "status=502 (a tag, not part of the group)",
                        "host=shop.example (a tag, not part of the group)",
                        "fingerprint=tenant-" + word),
                parts(extended));
        assertEquals(
                List.of(
                        "method=GET (replaced by the event's fingerprint)",
                        "route=" + route + " (replaced by the event's fingerprint)",
                        "path=/" + word + "/items/123 (its ids are templated in the route)",
                        "status=502 (a tag, not part of the group)",
                        "host=shop.example (a tag, not part of the group)",
                        "fingerprint=upstream-" + word),
                parts(replaced));
        assertNotEquals(extended.getJsonNumber("groupId"), plain.getJsonNumber("groupId"));
        assertNotEquals(replaced.getJsonNumber("groupId"), plain.getJsonNumber("groupId"));
    }

    @Test
    void aQueryIsGroupedByItsNormalisedStatementAndListsLeaveOutGroupedBy() {
        String table = "orders_" + uniqueWord().toLowerCase();
        JsonObject event = store("""
                {"type": "query", "correlationId": "corr-%s",
                 "data": {"query": "SELECT * FROM %s WHERE id = 42", "engine": "postgresql"}}""".formatted(table, table));

        assertEquals(
                List.of(
                        "normalised query=select * from " + table + " where id = ?",
                        "engine=postgresql (a tag, not part of the group)"),
                parts(event));
        Reply correlated = get("/api/1/correlations/corr-" + table);
        assertEquals(200, correlated.status(), correlated.body());
        JsonObject listed = correlated.json().getJsonArray("events").getJsonObject(0);
        assertEquals(event.getString("id"), listed.getString("id"));
        assertTrue(!listed.containsKey("grouping"), "lists leave the description out: " + listed);
    }
}
