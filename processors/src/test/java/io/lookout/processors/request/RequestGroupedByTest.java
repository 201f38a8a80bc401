package io.lookout.processors.request;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lookout.processors.spi.GroupingPart;
import io.lookout.processors.spi.ProcessedEvent;
import io.lookout.processors.spi.testing.RawEventBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the request processor describes the parts of its checksum. */
class RequestGroupedByTest {

    private final RequestProcessor processor = new RequestProcessor();

    private ProcessedEvent process(String data) throws Exception {
        return RawEventBuilder.event("request").data(data).processedBy(processor);
    }

    @Test
    void theMethodAndTheRouteAreUsedAndThePathStatusAndHostLeftOut() throws Exception {
        ProcessedEvent event = process(
                "{\"method\": \"get\", \"url\": \"https://shop.example.com/orders/4711/items?page=2\", \"status\": 503}");

        assertEquals(
                List.of(
                        GroupingPart.used("method", "GET"),
                        GroupingPart.used("route", "/orders/{id}/items"),
                        GroupingPart.leftOut("path", "/orders/4711/items", "its ids are templated in the route"),
                        GroupingPart.leftOut("status", "503", "a tag, not part of the group"),
                        GroupingPart.leftOut("host", "shop.example.com", "a tag, not part of the group")),
                event.groupedBy());
        assertEquals(List.of("GET", "/orders/{id}/items"), event.checksumParts());
    }

    @Test
    void aPathWithoutIdsIsNotRepeated() throws Exception {
        ProcessedEvent event = process("{\"method\": \"POST\", \"url\": \"/cart/checkout\"}");

        assertEquals(
                List.of(GroupingPart.used("method", "POST"), GroupingPart.used("route", "/cart/checkout")),
                event.groupedBy());
    }
}
