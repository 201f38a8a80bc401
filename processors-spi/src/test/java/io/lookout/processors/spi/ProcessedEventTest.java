package io.lookout.processors.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessedEventTest {

    @Test
    void theDescriptionKeepsUsedAndLeftOutPartsInOrder() {
        ProcessedEvent event = ProcessedEvent.builder()
                .checksumParts("java.lang.IllegalStateException", "com.acme.Cart.checkout")
                .message("IllegalStateException: boom")
                .groupedBy("type", "java.lang.IllegalStateException")
                .leftOut("frame", "org.hibernate.Session.flush", "not in-app")
                .groupedBy("frame", "com.acme.Cart.checkout")
                .build();

        assertEquals(
                List.of(
                        new GroupingPart("type", "java.lang.IllegalStateException", true, null),
                        new GroupingPart("frame", "org.hibernate.Session.flush", false, "not in-app"),
                        new GroupingPart("frame", "com.acme.Cart.checkout", true, null)),
                event.groupedBy());
        assertEquals(List.of("java.lang.IllegalStateException", "com.acme.Cart.checkout"), event.checksumParts());
    }

    @Test
    void aProcessorThatDescribesNothingStillBuildsAnEvent() {
        ProcessedEvent event = ProcessedEvent.builder()
                .checksumParts("cart")
                .message("Deployed cart")
                .build();
        assertEquals(List.of(), event.groupedBy());
        assertEquals(List.of("cart"), event.checksumParts());
    }

    @Test
    void aPartLeftOutNeedsAReasonAndAUsedPartHasNone() {
        ProcessedEvent.Builder builder = ProcessedEvent.builder();
        assertThrows(IllegalArgumentException.class, () -> builder.leftOut("frame", "x", " "));
        assertThrows(IllegalArgumentException.class, () -> builder.leftOut("frame", "x", null));
        assertThrows(IllegalArgumentException.class, () -> new GroupingPart("type", "x", true, "why"));
        assertThrows(NullPointerException.class, () -> builder.groupedBy(null, "x"));
        assertThrows(NullPointerException.class, () -> builder.groupedBy("type", null));
    }

    @Test
    void theDescriptionCannotBeChangedAfterBuilding() {
        ProcessedEvent event = ProcessedEvent.builder()
                .checksumParts("a")
                .message("m")
                .groupedBy("part", "a")
                .build();
        assertThrows(
                UnsupportedOperationException.class, () -> event.groupedBy().add(GroupingPart.used("b", "b")));
    }
}
