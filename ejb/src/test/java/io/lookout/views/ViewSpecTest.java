package io.lookout.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lookout.Problem;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A view's definition from a request body and from the administration page's form: the same checks. */
class ViewSpecTest {

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    private static Problem fromJson(String body) {
        return assertThrows(Problem.class, () -> ViewSpec.of(json(body), null), body);
    }

    private static Problem fromForm(String name, List<String> types, List<String> keys) {
        return assertThrows(Problem.class, () -> ViewSpec.of(name, null, types, keys, null));
    }

    @Test
    void aBodyAndAFormMakeTheSameSpec() throws Problem {
        ViewSpec body = ViewSpec.of(json("{\"name\": \"  Exceptions by URL \", \"keys\": [\"url\"]}"), null);
        ViewSpec form = ViewSpec.of("  Exceptions by URL ", null, null, List.of("url"), null);
        assertEquals(new ViewSpec("Exceptions by URL", "exceptions-by-url", null, List.of("url")), body);
        assertEquals(body, form);
        assertEquals(
                List.of("exception", "message"),
                ViewSpec.of(
                                json(
                                        "{\"name\": \"x\", \"types\": [\"exception\", \"message\", \"exception\"], \"keys\": [\"a\"]}"),
                                null)
                        .types(),
                "types without repeats");
        assertNull(
                ViewSpec.of(json("{\"name\": \"x\", \"types\": null, \"keys\": [\"k\"]}"), null)
                        .types(),
                "null types are all types");
    }

    @Test
    void aReplacementKeepsTheSlugUnlessItNamesOne() throws Problem {
        assertEquals(
                "old",
                ViewSpec.of(json("{\"name\": \"New\", \"keys\": [\"url\"]}"), "old")
                        .slug());
        assertEquals(
                "new",
                ViewSpec.of(json("{\"name\": \"New\", \"slug\": \"new\", \"keys\": [\"url\"]}"), "old")
                        .slug());
        assertEquals(
                "old", ViewSpec.of("New", null, null, List.of("url"), "old").slug());
    }

    @Test
    void eachProblemNamesItsFieldWithTheSameMessageFromBodyAndForm() {
        record Case(String body, String name, List<String> types, List<String> keys, String field) {}
        for (Case c : List.of(
                new Case("{\"name\": \" \", \"keys\": [\"url\"]}", " ", null, List.of("url"), "name"),
                new Case(
                        "{\"name\": \"" + "n".repeat(201) + "\", \"keys\": [\"url\"]}",
                        "n".repeat(201),
                        null,
                        List.of("url"),
                        "name"),
                new Case(
                        "{\"name\": \"x\", \"types\": [], \"keys\": [\"url\"]}",
                        "x",
                        List.of(),
                        List.of("url"),
                        "types"),
                new Case(
                        "{\"name\": \"x\", \"types\": [\"exception\", \"Bad Type\"], \"keys\": [\"url\"]}",
                        "x",
                        List.of("exception", "Bad Type"),
                        List.of("url"),
                        "types[1]"),
                new Case("{\"name\": \"x\", \"keys\": []}", "x", null, List.of(), "keys"),
                new Case("{\"name\": \"x\"}", "x", null, null, "keys"),
                new Case(
                        "{\"name\": \"x\", \"keys\": [\"url\", \"url\"]}", "x", null, List.of("url", "url"), "keys[1]"),
                new Case("{\"name\": \"x\", \"keys\": [\"a b\"]}", "x", null, List.of("a b"), "keys[0]"),
                new Case(
                        "{\"name\": \"x\", \"keys\": [\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\"]}",
                        "x",
                        null,
                        List.of("a", "b", "c", "d", "e", "f", "g", "h", "i"),
                        "keys"))) {
            Problem body = fromJson(c.body());
            Problem form = fromForm(c.name(), c.types(), c.keys());
            assertEquals(c.field(), body.field(), c.body());
            assertEquals(400, body.status(), c.body());
            assertEquals(body.field(), form.field(), c.body());
            assertEquals(body.describe(), form.describe(), c.body());
        }
    }

    @Test
    void aBodyNamesTheElementThatIsNotAStringAndTheFirstFieldThatIsWrong() {
        assertEquals(
                "types[1]",
                fromJson("{\"name\": \"x\", \"types\": [\"message\", 3], \"keys\": [\"url\"]}")
                        .field());
        assertEquals("keys[0]", fromJson("{\"name\": \"x\", \"keys\": [null]}").field());
        assertEquals(
                "slug",
                fromJson("{\"name\": \"x\", \"slug\": 5, \"keys\": [\"url\"]}").field());
        assertEquals(
                "name", fromJson("{\"name\": 5, \"slug\": 5, \"keys\": []}").field());
        assertEquals(
                "slug",
                fromJson("{\"name\": \"x\", \"slug\": \"Not A Slug\", \"keys\": []}")
                        .field());
        assertEquals(
                "types",
                fromJson("{\"name\": \"x\", \"types\": \"exception\", \"keys\": []}")
                        .field());
    }

    @Test
    void aFormsTypesMayHoldANull() {
        assertEquals(
                "types[0]",
                fromForm("x", Arrays.asList((String) null), List.of("url")).field());
    }
}
