package io.lookout.processors.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lookout.processors.spi.GroupingPart;
import io.lookout.processors.spi.ProcessedEvent;
import io.lookout.processors.spi.testing.RawEventBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the query processor describes the parts of its checksum. */
class QueryGroupedByTest {

    private final QueryProcessor processor = new QueryProcessor();

    private ProcessedEvent process(String data) throws Exception {
        return RawEventBuilder.event("query").data(data).processedBy(processor);
    }

    @Test
    void theNormalisedQueryIsUsedAndTheEngineLeftOut() throws Exception {
        ProcessedEvent event =
                process("{\"query\": \"SELECT * FROM orders WHERE customer_id = 42 AND status IN ('open', 'held')\","
                        + " \"engine\": \"postgresql\"}");

        assertEquals(
                List.of(
                        GroupingPart.used(
                                "normalised query", event.checksumParts().get(0)),
                        GroupingPart.leftOut("engine", "postgresql", "a tag, not part of the group")),
                event.groupedBy());
        assertEquals(
                "select * from orders where customer_id = ? and status in (?+)",
                event.checksumParts().get(0));
    }

    @Test
    void withoutAnEngineOnlyTheNormalisedQueryIsDescribed() throws Exception {
        ProcessedEvent event = process("{\"query\": \"update carts set total = 9.5 where id = 7\"}");

        assertEquals(
                List.of(GroupingPart.used("normalised query", "update carts set total = ? where id = ?")),
                event.groupedBy());
    }
}
