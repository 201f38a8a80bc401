package io.lookout.it;

import static io.lookout.it.LookoutClient.awaitEvent;
import static io.lookout.it.LookoutClient.group;
import static io.lookout.it.LookoutClient.newId;
import static io.lookout.it.LookoutClient.send;
import static io.lookout.it.LookoutClient.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.it.LookoutClient.Reply;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The grouping rules of the built-in processors, through the real server. */
class ProcessorsIT extends LookoutIT {

    /** Sends one event with a fresh id and answers the stored event. */
    private JsonObject store(String eventJson) {
        String id = newId();
        Reply reply = send(eventJson.replaceFirst("\\{", "{\"id\": \"" + id + "\", "));
        assertEquals(202, reply.status(), reply.body());
        return awaitEvent(id);
    }

    private static long groupOf(JsonObject event) {
        return event.getJsonNumber("groupId").longValue();
    }

    private static String exception(String type, String value, String frames) {
        return """
                {"type": "exception", "data": {"type": "%s", "value": "%s", "frames": [%s]}}""".formatted(type, value, frames);
    }

    private static String frame(String module, String function, int line, boolean inApp) {
        return """
                {"module": "%s", "function": "%s", "filename": "F.java", "lineno": %d, "inApp": %s}""".formatted(module, function, line, inApp);
    }

    @Test
    void exceptionsGroupByTypeAndInAppFramesNotLineNumbers() {
        String type = "com.acme." + uniqueWord() + "Exception";
        String library = frame("org.springframework.web.Servlet", "service", 100, false);
        JsonObject first =
                store(exception(type, "boom 1", library + "," + frame("com.acme.Cart", "checkout", 42, true)));
        JsonObject movedLine = store(exception(
                type,
                "boom 2",
                frame("org.springframework.web.Servlet", "doService", 7, false) + ","
                        + frame("com.acme.Cart", "checkout", 57, true)));
        JsonObject otherFrame =
                store(exception(type, "boom 3", library + "," + frame("com.acme.Cart", "pay", 42, true)));

        assertEquals(groupOf(first), groupOf(movedLine), "line numbers and library frames do not split a group");
        assertNotEquals(groupOf(first), groupOf(otherFrame), "another in-app frame is another group");
        assertEquals("com.acme.Cart.checkout", first.getString("culprit"));
        assertEquals("com.acme.Cart.checkout", first.getJsonObject("tags").getString("function"));
        assertEquals("error", first.getJsonObject("tags").getString("level"));
        assertTrue(first.getString("message").contains("boom 1"), first.getString("message"));
        assertEquals(2, group(groupOf(first)).getInt("count"));
    }

    @Test
    void exceptionsWithoutFramesGroupByTypeAndNormalisedValue() {
        String type = "com.acme." + uniqueWord() + "Exception";
        JsonObject a = store(exception(type, "Order 9ec79c33-ec99-42ab-8353-589fcb2e04dc failed after 3 tries", ""));
        JsonObject b = store(exception(type, "Order 0b7f1c2e-1111-4a2b-9c3d-abcdefabcdef failed after 12 tries", ""));
        JsonObject c = store(exception(type, "Cart is empty", ""));
        assertEquals(groupOf(a), groupOf(b));
        assertNotEquals(groupOf(a), groupOf(c));
    }

    @Test
    void aChainedCauseChangesTheGroup() {
        String type = "com.acme." + uniqueWord() + "Exception";
        String frames = frame("com.acme.Cart", "checkout", 1, true);
        JsonObject plain = store(exception(type, "x", frames));
        JsonObject caused = store("""
                {"type": "exception", "data": {"type": "%s", "value": "x", "frames": [%s],
                 "cause": {"type": "java.sql.SQLException", "value": "deadlock", "frames": [%s]}}}""".formatted(type, frames, frame("com.acme.Repo", "save", 9, true)));
        assertNotEquals(groupOf(plain), groupOf(caused));
    }

    @Test
    void pathologicalExceptionsAreBoundedNotFatal() {
        StringBuilder frames = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            frames.append(i == 0 ? "" : ",").append(frame("com.acme.Deep", "recurse", i, true));
        }
        JsonObject deep = store(exception("java.lang.StackOverflowError", "deep", frames.toString()));
        assertTrue(deep.getJsonObject("data").toString().length() < 500_000, "the stored trace is cut");

        StringBuilder causes = new StringBuilder("{\"type\": \"exception\", \"data\": ");
        int depth = 200;
        for (int i = 0; i < depth; i++) {
            causes.append("{\"type\": \"E").append(i).append("\", \"value\": \"v\", \"cause\": ");
        }
        causes.append("null").append("}".repeat(depth)).append('}');
        store(causes.toString());
    }

    @Test
    void invalidExceptionDataIsRejectedNamingTheField() {
        Reply reply = send("{\"type\": \"exception\", \"data\": {\"value\": \"no type\"}}");
        assertEquals(400, reply.status());
        assertEquals("data.type", reply.json().getString("field"));
        Reply line = send("{\"type\": \"exception\", \"data\": {\"type\": \"E\", \"frames\": [{\"lineno\": \"42\"}]}}");
        assertEquals(400, line.status());
        assertEquals("data.frames[0].lineno", line.json().getString("field"));
    }

    @Test
    void requestsGroupByMethodAndPathTemplate() {
        String word = uniqueWord();
        JsonObject a = store("""
                {"type": "request", "timeSpent": 120, "data": {"method": "GET", "url": "https://shop.example/%s/items/123?x=1", "status": 500}}""".formatted(word));
        JsonObject b = store("""
                {"type": "request", "timeSpent": 80, "data": {"method": "get", "url": "https://other.example/%s/items/9ec79c33-ec99-42ab-8353-589fcb2e04dc", "status": 500}}""".formatted(word));
        JsonObject post = store("""
                {"type": "request", "data": {"method": "POST", "url": "/%s/items/77"}}""".formatted(word));

        assertEquals(groupOf(a), groupOf(b), "ids and the query string do not split a group");
        assertNotEquals(groupOf(a), groupOf(post), "the method does");
        assertEquals("GET /" + word + "/items/{id}", a.getString("message"));
        JsonObject tags = a.getJsonObject("tags");
        assertEquals("/" + word + "/items/{id}", tags.getString("url"));
        assertEquals("GET", tags.getString("method"));
        assertEquals("500", tags.getString("status"));
        assertEquals("error", tags.getString("level"));

        JsonObject timeSpent = group(groupOf(a)).getJsonObject("timeSpent");
        assertEquals(2, timeSpent.getInt("count"));
        assertEquals(200.0, timeSpent.getJsonNumber("total").doubleValue());
        assertEquals(100.0, timeSpent.getJsonNumber("average").doubleValue());
        assertEquals(120.0, timeSpent.getJsonNumber("max").doubleValue());

        Reply bad = send("{\"type\": \"request\", \"data\": {\"method\": \"GET\", \"url\": \"not a url\"}}");
        assertEquals(400, bad.status());
        assertEquals("data.url", bad.json().getString("field"));
    }

    @Test
    void messagesWithoutParamsGroupWithTheirVariablePartsReplaced() {
        String word = uniqueWord();
        JsonObject a = store("""
                {"type": "message", "data": {"message": "Payment %s for order 1234 from 10.0.0.7 took 35 ms"}}""".formatted(word));
        JsonObject b = store("""
                {"type": "message", "data": {"message": "Payment %s for order 98 from 192.168.1.20 took 1200 ms"}}""".formatted(word));
        JsonObject other = store("""
                {"type": "message", "data": {"message": "Refund %s for order 98"}}""".formatted(word));
        assertEquals(groupOf(a), groupOf(b));
        assertNotEquals(groupOf(a), groupOf(other));
        assertEquals(
                "Payment " + word + " for order 98 from 192.168.1.20 took 1200 ms",
                group(groupOf(a)).getString("message"),
                "the group shows the latest event's summary");
        assertEquals("info", a.getJsonObject("tags").getString("level"));
    }

    @Test
    void queriesGroupByTheirNormalisedStatement() {
        String table = "orders_" + uniqueWord();
        JsonObject a = store("""
                {"type": "query", "timeSpent": 30, "data": {"engine": "postgresql",
                 "query": "SELECT * FROM %s WHERE id IN (1, 2, 3) AND note = 'it''s' -- from the cart"}}""".formatted(table));
        JsonObject b = store("""
                {"type": "query", "timeSpent": 10, "data": {"engine": "postgresql",
                 "query": "select *  from %s where id in ($1) and note = $$x$$"}}""".formatted(table));
        JsonObject other = store("""
                {"type": "query", "data": {"engine": "mysql", "query": "DELETE FROM `%s` WHERE id = 7"}}""".formatted(table));

        assertEquals(groupOf(a), groupOf(b), "literals, list lengths, comments, case and spacing do not split a group");
        assertNotEquals(groupOf(a), groupOf(other));
        assertEquals("select * from " + table + " where id in (?+) and note = ?", a.getString("message"));
        assertEquals("select " + table, a.getString("culprit"));
        assertEquals("select", a.getJsonObject("tags").getString("statement"));
        assertEquals("postgresql", a.getJsonObject("tags").getString("engine"));
        assertTrue(a.getJsonObject("data").getString("query").contains("it''s"), "the original statement is kept");
        JsonObject timeSpent = group(groupOf(a)).getJsonObject("timeSpent");
        assertEquals(40.0, timeSpent.getJsonNumber("total").doubleValue());
        assertEquals(30.0, timeSpent.getJsonNumber("max").doubleValue());

        Reply missing = send("{\"type\": \"query\", \"data\": {\"engine\": \"postgresql\"}}");
        assertEquals(400, missing.status());
        assertEquals("data.query", missing.json().getString("field"));
    }

    @Test
    void aFingerprintOverridesOrExtendsTheProcessorsGrouping() {
        String word = uniqueWord();
        JsonObject one = store(exception("com.acme.A" + word, "a", "")
                .replace("\"data\"", "\"fingerprint\": [\"flaky-" + word + "\"], \"data\""));
        JsonObject two = store(exception("com.acme.B" + word, "b", "")
                .replace("\"data\"", "\"fingerprint\": [\"flaky-" + word + "\"], \"data\""));
        assertEquals(groupOf(one), groupOf(two), "one fingerprint, one group, whatever the processor says");

        JsonObject plain = store(exception("com.acme.C" + word, "c", ""));
        JsonObject tenantA = store(exception("com.acme.C" + word, "c", "")
                .replace("\"data\"", "\"fingerprint\": [\"{{ default }}\", \"tenant-a\"], \"data\""));
        JsonObject tenantB = store(exception("com.acme.C" + word, "c", "")
                .replace("\"data\"", "\"fingerprint\": [\"{{ default }}\", \"tenant-b\"], \"data\""));
        JsonObject defaultOnly = store(exception("com.acme.C" + word, "c", "")
                .replace("\"data\"", "\"fingerprint\": [\"{{ default }}\"], \"data\""));
        assertNotEquals(groupOf(tenantA), groupOf(tenantB));
        assertNotEquals(groupOf(plain), groupOf(tenantA));
        assertEquals(groupOf(plain), groupOf(defaultOnly));
    }

    @Test
    void anUnknownTypeNamesTheKnownOnes() {
        Reply reply = send("{\"type\": \"metric\", \"message\": \"x\"}");
        assertEquals(400, reply.status());
        String error = reply.json().getString("error");
        assertTrue(
                error.contains("'metric'")
                        && error.contains("exception")
                        && error.contains("request")
                        && error.contains("message")
                        && error.contains("query"),
                error);
    }
}
