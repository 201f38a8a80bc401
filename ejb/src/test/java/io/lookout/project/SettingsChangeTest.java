package io.lookout.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lookout.Problem;
import io.lookout.scrubbing.ScrubbingRules;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A change of a project's settings from a request body and from the administration page: the same checks. */
class SettingsChangeTest {

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    @Test
    void whatABodyLeavesOutStaysAsItIs() throws Problem {
        SettingsChange change =
                SettingsChange.of(json("{\"filterableDataKeys\": [\"tenant\", \"tenant\", \"orderId\"]}"));
        assertEquals(List.of("tenant", "orderId"), change.filterableDataKeys());
        assertNull(change.retentionDays());
        assertNull(change.scrubbing());
        assertEquals(change, SettingsChange.of(null, List.of("tenant", "tenant", "orderId"), null));

        SettingsChange scrubbing = SettingsChange.of(json("{\"scrubbing\": {\"safeKeys\": [\" csrf_state \"],"
                + " \"defaultSensitiveKeys\": [], \"scrubbedValues\": 3}}"));
        ScrubbingRules current = new ScrubbingRules(true, List.of("ssn"), List.of(), true);
        ScrubbingRules after = scrubbing.scrubbing().applyTo(current);
        assertEquals(new ScrubbingRules(true, List.of("ssn"), List.of("csrf_state"), true), after);
        assertEquals(
                scrubbing.scrubbing(), SettingsChange.ScrubbingChange.of(null, null, List.of(" csrf_state "), null));
    }

    @Test
    void eachProblemNamesItsFieldWithTheSameMessageFromBodyAndForm() {
        assertSame(
                "{\"filterableDataKeys\": [\"tenant\", \"project\"]}",
                () -> SettingsChange.of(null, List.of("tenant", "project"), null),
                "filterableDataKeys[1]");
        assertSame(
                "{\"filterableDataKeys\": [\"a b\"]}",
                () -> SettingsChange.of(null, List.of("a b"), null),
                "filterableDataKeys[0]");
        assertSame("{\"retentionDays\": 0}", () -> SettingsChange.of(0, null, null), "retentionDays");
        assertSame("{\"retentionDays\": 3651}", () -> SettingsChange.of(3651, null, null), "retentionDays");
        assertSame(
                "{\"scrubbing\": {\"sensitiveKeys\": [\"ok\", \"  \"]}}",
                () -> SettingsChange.ScrubbingChange.of(null, List.of("ok", "  "), null, null),
                "scrubbing.sensitiveKeys[1]");
        assertSame(
                "{\"scrubbing\": {\"safeKeys\": [\"" + "k".repeat(101) + "\"]}}",
                () -> SettingsChange.ScrubbingChange.of(null, null, List.of("k".repeat(101)), null),
                "scrubbing.safeKeys[0]");
    }

    @Test
    void aBodyIsCheckedForItsShapeFieldByField() {
        assertEquals(
                "filterableDataKeys[0]",
                fromJson("{\"filterableDataKeys\": [3]}").field());
        assertEquals(
                "filterableDataKeys",
                fromJson("{\"filterableDataKeys\": \"tenant\"}").field());
        assertEquals("retentionDays", fromJson("{\"retentionDays\": 1.5}").field());
        assertEquals("retentionDays", fromJson("{\"retentionDays\": \"30\"}").field());
        assertEquals("scrubbing", fromJson("{\"scrubbing\": true}").field());
        assertEquals(
                "scrubbing.enable",
                fromJson("{\"scrubbing\": {\"enable\": true}}").field());
        assertEquals(
                "scrubbing.enabled",
                fromJson("{\"scrubbing\": {\"enabled\": \"yes\"}}").field());
        assertEquals(
                "scrubbing.safeKeys[1]",
                fromJson("{\"scrubbing\": {\"safeKeys\": [\"a\", 1]}}").field());
        assertEquals(
                "filterableDataKeys[0]",
                fromJson("{\"retentionDays\": 0, \"filterableDataKeys\": [\"project\"]}")
                        .field(),
                "the keys are checked before the retention");
    }

    private static Problem fromJson(String body) {
        return assertThrows(Problem.class, () -> SettingsChange.of(json(body)), body);
    }

    private static void assertSame(String body, org.junit.jupiter.api.function.Executable form, String field) {
        Problem fromBody = fromJson(body);
        Problem fromForm = assertThrows(Problem.class, form, body);
        assertEquals(field, fromBody.field(), body);
        assertEquals(400, fromBody.status(), body);
        assertEquals(fromBody.field(), fromForm.field(), body);
        assertEquals(fromBody.describe(), fromForm.describe(), body);
    }
}
