package io.lookout.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Counting a refused body's events without parsing it: strings, escapes and nesting must not fool it. */
class EventCountTest {

    @Test
    void anObjectIsOneEventAndAnArrayHasItsTopLevelElements() {
        assertEquals(1, EventCount.of("{\"type\":\"message\",\"message\":\"a\"}"));
        assertEquals(0, EventCount.of("[]"));
        assertEquals(0, EventCount.of("  [ \n ] "));
        assertEquals(1, EventCount.of("[{\"a\":1}]"));
        assertEquals(3, EventCount.of(" [ {\"a\":1} , {\"b\":[1,2,3]} ,{\"c\":{\"d\":[{},{}]}} ] "));
    }

    @Test
    void commasAndBracketsInsideStringsAndNestedValuesDoNotCount() {
        assertEquals(2, EventCount.of("[{\"message\":\"a, b], [c\"},{\"message\":\"x\\\", ]\"}]"));
        assertEquals(2, EventCount.of("[{\"tags\":{\"k\":\"v,w\"},\"data\":[\",\",\"]\"]},{}]"));
        assertEquals(2, EventCount.of("[\"not an event\", 42]"), "what the parser would refuse still counts");
    }

    @Test
    void whatIsNotJsonCountsAsOneAndAnUnclosedArrayAsWhatWasSeen() {
        assertEquals(1, EventCount.of(""));
        assertEquals(1, EventCount.of("garbage"));
        assertEquals(2, EventCount.of("[{},{"));
        assertEquals(1, EventCount.of("[{\"m\":\"unterminated"));
    }
}
