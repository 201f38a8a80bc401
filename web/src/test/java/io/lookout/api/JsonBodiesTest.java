package io.lookout.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.Problem;
import org.junit.jupiter.api.Test;

class JsonBodiesTest {

    @Test
    void oneObjectIsRead() throws Problem {
        assertEquals(
                "resolved", JsonBodies.object(" {\"status\": \"resolved\"}\n").getString("status"));
    }

    @Test
    void anythingElseIsA400NamingTheProblem() {
        String[][] cases = {
            {"{\"status\": \"resolved\"}xyz", "trailing content"},
            {"{\"status\": \"resolved\"}{\"status\": \"ignored\"}", "trailing content"},
            {"{\"status\": \"resolved\", \"status\": \"ignored\"}", "Duplicate key"},
            {"[\"status\"]", "must be a JSON object"},
            {"", "must be a JSON object"},
            {"{\"status\": ", "malformed JSON at line 1"},
            {"{\"a\": " + "[".repeat(2000) + "]".repeat(2000) + "}", "too deeply nested"},
        };
        for (String[] c : cases) {
            Problem problem = assertThrows(Problem.class, () -> JsonBodies.object(c[0]), c[0]);
            assertEquals(400, problem.status());
            assertTrue(problem.getMessage().contains(c[1]), problem.getMessage());
        }
    }
}
