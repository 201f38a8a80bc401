package io.lookout.regroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lookout.Problem;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link RegroupRequest}: the body and the form take the same days and refuse the same with the same 400. */
class RegroupRequestTest {

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void daysFromOneTo365() throws Problem {
        assertEquals(1, RegroupRequest.of(json("{\"days\": 1}")).days());
        assertEquals(365, RegroupRequest.of(json("{\"days\": 365}")).days());
        assertEquals(30, RegroupRequest.of(30).days());
    }

    @Test
    void withoutDaysTheLastWeek() throws Problem {
        assertEquals(7, RegroupRequest.of(json("{}")).days());
        assertEquals(7, RegroupRequest.of(json("{\"days\": null}")).days());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "366", "-1", "1.5", "\"7\"", "true", "[7]", "100000000000"})
    void otherDaysAreRefusedNamingTheField(String days) {
        Problem problem = assertThrows(Problem.class, () -> RegroupRequest.of(json("{\"days\": " + days + "}")));
        assertEquals(400, problem.status());
        assertEquals("days", problem.field());
        assertEquals("days must be a whole number from 1 to 365", problem.describe());
    }

    @Test
    void theFormIsRefusedAsTheBodyIs() {
        for (Integer days : new Integer[] {null, 0, 366}) {
            Problem problem = assertThrows(Problem.class, () -> RegroupRequest.of(days));
            assertEquals("days must be a whole number from 1 to 365", problem.describe());
        }
    }

    @Test
    void anUnknownFieldIsRefused() {
        Problem problem = assertThrows(Problem.class, () -> RegroupRequest.of(json("{\"day\": 7}")));
        assertEquals(400, problem.status());
        assertEquals("day", problem.field());
    }
}
