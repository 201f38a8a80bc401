package io.lookout.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.JsonFactories;
import io.lookout.Problem;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A rule as a client sends it: what is accepted, and the field every refusal names. */
class RuleSpecTest {

    @Test
    void aCompleteRuleIsRead() throws Exception {
        RuleSpec spec = RuleSpec.of(
                json(
                        "{\"name\": \" Checkout \", \"trigger\": \"frequency\", \"view\": \"exceptions-by-url\","
                                + " \"query\": \"type:exception url:/checkout\", \"threshold\": {\"events\": 100, \"minutes\": 5},"
                                + " \"email\": [\"ops@example.com\", \"ops@example.com\"], \"emailMembers\": true, \"language\": \"de\","
                                + " \"webhook\": {\"url\": \"https://hooks.example/x\", \"format\": \"slack\"}, \"quietMinutes\": 0, \"enabled\": false}"));
        assertEquals("Checkout", spec.name());
        assertEquals(Trigger.FREQUENCY, spec.trigger());
        assertEquals(100, spec.thresholdEvents());
        assertEquals(5, spec.thresholdMinutes());
        assertEquals(List.of("ops@example.com"), spec.emails(), "an address listed twice is mailed once");
        assertEquals("slack", spec.webhookFormat());
        assertEquals(0, spec.quietMinutes());
        assertTrue(!spec.enabled());
    }

    @Test
    void defaultsAreThoseOfTheContract() throws Exception {
        RuleSpec spec = RuleSpec.of(
                json("{\"name\": \"n\", \"trigger\": \"new-group\", \"webhook\": {\"url\": \"http://h/x\"}}"));
        assertEquals("json", spec.webhookFormat());
        assertEquals(30, spec.quietMinutes());
        assertEquals("en", spec.language());
        assertTrue(spec.enabled());
    }

    @Test
    void aQuotaRuleWatchesTheWholeProject() throws Exception {
        RuleSpec spec = RuleSpec.of(json("{\"name\": \"Quota\", \"trigger\": \"quota-reached\","
                + " \"email\": [\"ops@example.com\"], \"query\": \"  \", \"view\": null}"));
        assertEquals(Trigger.QUOTA_REACHED, spec.trigger());
        assertEquals(null, spec.query(), "a blank query is no query");
        assertEquals(0, spec.thresholdEvents());
        refused(
                "{\"name\": \"n\", \"trigger\": \"quota-reached\", \"query\": \"level:error\", \"email\": [\"a@b.c\"]}",
                "query");
        refused(
                "{\"name\": \"n\", \"trigger\": \"quota-reached\", \"view\": \"errors\", \"email\": [\"a@b.c\"]}",
                "view");
        refused(
                "{\"name\": \"n\", \"trigger\": \"quota-reached\", \"threshold\": {\"events\": 5, \"minutes\": 5},"
                        + " \"email\": [\"a@b.c\"]}",
                "threshold");
        refused("{\"name\": \"n\", \"trigger\": \"quota-reached\"}", "email");
    }

    @Test
    void everyRefusalNamesItsField() {
        refused("{\"trigger\": \"new-group\", \"email\": [\"a@b.c\"]}", "name");
        refused("{\"name\": \"n\", \"email\": [\"a@b.c\"]}", "trigger");
        refused("{\"name\": \"n\", \"trigger\": \"sometimes\", \"email\": [\"a@b.c\"]}", "trigger");
        refused("{\"name\": \"n\", \"trigger\": \"frequency\", \"email\": [\"a@b.c\"]}", "threshold");
        refused(
                "{\"name\": \"n\", \"trigger\": \"frequency\", \"threshold\": {\"events\": 0, \"minutes\": 5}, \"email\": [\"a@b.c\"]}",
                "threshold.events");
        refused(
                "{\"name\": \"n\", \"trigger\": \"frequency\", \"threshold\": {\"events\": 5, \"minutes\": 1441}, \"email\": [\"a@b.c\"]}",
                "threshold.minutes");
        refused(
                "{\"name\": \"n\", \"trigger\": \"new-group\", \"threshold\": {\"events\": 5, \"minutes\": 5}, \"email\": [\"a@b.c\"]}",
                "threshold");
        refused("{\"name\": \"n\", \"trigger\": \"new-group\", \"email\": [\"not an address\"]}", "email[0]");
        refused("{\"name\": \"n\", \"trigger\": \"new-group\", \"email\": [\"a@b.c\\r\\nBcc: x@y.z\"]}", "email[0]");
        refused("{\"name\": \"n\", \"trigger\": \"new-group\"}", "email");
        refused("{\"name\": \"n\", \"trigger\": \"new-group\", \"webhook\": {\"url\": \"ftp://h/x\"}}", "webhook.url");
        refused("{\"name\": \"n\", \"trigger\": \"new-group\", \"webhook\": {\"url\": \"http:///x\"}}", "webhook.url");
        refused(
                "{\"name\": \"n\", \"trigger\": \"new-group\", \"webhook\": {\"url\": \"http://h/x\", \"format\": \"xml\"}}",
                "webhook.format");
        refused(
                "{\"name\": \"n\", \"trigger\": \"new-group\", \"email\": [\"a@b.c\"], \"query\": \"url:\\\"open\"}",
                "query");
        // terms that depend on who searches: a rule has nobody searching
        for (String personal : new String[] {"assigned:me", "type:exception !assigned:none", "is:bookmarked"}) {
            refused(
                    "{\"name\": \"n\", \"trigger\": \"new-group\", \"email\": [\"a@b.c\"], \"query\": \"" + personal
                            + "\"}",
                    "query");
        }
        refused(
                "{\"name\": \"n\", \"trigger\": \"new-group\", \"email\": [\"a@b.c\"], \"view\": \"Not A Slug\"}",
                "view");
        refused(
                "{\"name\": \"n\", \"trigger\": \"new-group\", \"email\": [\"a@b.c\"], \"language\": \"fr\"}",
                "language");
        refused(
                "{\"name\": \"n\", \"trigger\": \"new-group\", \"email\": [\"a@b.c\"], \"quietMinute\": 5}",
                "quietMinute");
        refused(
                "{\"name\": \"n\", \"trigger\": \"new-group\", \"email\": [\"a@b.c\"], \"quietMinutes\": -1}",
                "quietMinutes");
        refused(
                "{\"name\": \"n\", \"trigger\": \"new-group\", \"email\": [\"a@b.c\"], \"enabled\": \"yes\"}",
                "enabled");
    }

    private static void refused(String body, String field) {
        Problem problem = assertThrows(Problem.class, () -> RuleSpec.of(json(body)), body);
        assertEquals(400, problem.status(), body);
        assertEquals(field, problem.field(), body + ": " + problem.describe());
    }

    private static JsonObject json(String text) {
        try (var reader = JsonFactories.READERS.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
