package io.lookout.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lookout.Problem;
import org.junit.jupiter.api.Test;

class QueryParamsTest {

    @Test
    void aWholeNumberIsReadAndAnythingElseNamesTheParameter() throws Problem {
        assertNull(QueryParams.integer(null, "limit"));
        assertEquals(50, QueryParams.integer("50", "limit"));
        assertEquals(-3, QueryParams.integer("-3", "limit"));
        for (String bad : new String[] {"", "abc", "1.5", "1e3", "99999999999", " 5", "0x10"}) {
            Problem problem = assertThrows(Problem.class, () -> QueryParams.integer(bad, "limit"), bad);
            assertEquals(400, problem.status());
            assertEquals("limit", problem.field());
        }
    }
}
