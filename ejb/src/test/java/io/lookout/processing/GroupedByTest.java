package io.lookout.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.processors.spi.GroupingPart;
import io.lookout.processors.spi.ProcessedEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupedByTest {

    private static final ProcessedEvent DESCRIBED = ProcessedEvent.builder()
            .checksumParts("GET", "/items/{id}")
            .message("GET /items/{id}")
            .groupedBy("method", "GET")
            .groupedBy("route", "/items/{id}")
            .leftOut("status", "503", "a tag, not part of the group")
            .build();

    @Test
    void aProcessorThatDescribesNothingHasItsChecksumPartsDescribedAsTheyAre() {
        ProcessedEvent plugIn = ProcessedEvent.builder()
                .checksumParts("cart", "1.2.3")
                .message("Deployed cart")
                .build();

        assertEquals(
                List.of(GroupingPart.used("part 1", "cart"), GroupingPart.used("part 2", "1.2.3")),
                GroupedBy.describe(plugIn, null));
    }

    @Test
    void withoutAFingerprintTheProcessorsDescriptionStands() {
        assertEquals(DESCRIBED.groupedBy(), GroupedBy.describe(DESCRIBED, null));
        assertEquals(DESCRIBED.groupedBy(), GroupedBy.describe(DESCRIBED, List.of()));
    }

    @Test
    void aFingerprintWithoutTheDefaultReplacesTheProcessorsParts() {
        assertEquals(
                List.of(
                        GroupingPart.leftOut("method", "GET", GroupedBy.REPLACED),
                        GroupingPart.leftOut("route", "/items/{id}", GroupedBy.REPLACED),
                        GroupingPart.leftOut("status", "503", "a tag, not part of the group"),
                        GroupingPart.used("fingerprint", "checkout"),
                        GroupingPart.used("fingerprint", "eu-west")),
                GroupedBy.describe(DESCRIBED, List.of("checkout", "eu-west")));
    }

    @Test
    void aFingerprintWithTheDefaultExtendsTheProcessorsPartsWhereItStandsForThem() {
        assertEquals(
                List.of(
                        GroupingPart.used("fingerprint", "tenant-a"),
                        GroupingPart.used("method", "GET"),
                        GroupingPart.used("route", "/items/{id}"),
                        GroupingPart.leftOut("status", "503", "a tag, not part of the group"),
                        GroupingPart.used("fingerprint", "v2")),
                GroupedBy.describe(DESCRIBED, List.of("tenant-a", "{{default}}", "v2")));
    }

    @Test
    void theStoredJsonReadsBackAsTheSameParts() {
        List<GroupingPart> parts = GroupedBy.describe(DESCRIBED, List.of("{{ default }}", "v2"));
        String json = GroupedBy.json(parts);

        assertEquals(
                "[{\"label\":\"method\",\"value\":\"GET\",\"used\":true},"
                        + "{\"label\":\"route\",\"value\":\"/items/{id}\",\"used\":true},"
                        + "{\"label\":\"status\",\"value\":\"503\",\"used\":false,\"reason\":\"a tag, not part of the group\"},"
                        + "{\"label\":\"fingerprint\",\"value\":\"v2\",\"used\":true}]",
                json);
        assertEquals(parts, GroupedBy.parse(json));
        assertNull(GroupedBy.parse(null));
    }

    @Test
    void theStoredJsonIsBoundedLongValuesCutAndTheRestCounted() {
        List<GroupingPart> parts = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            parts.add(GroupingPart.used("frame", "com.acme.deep.Module" + i + ".function" + "x".repeat(600)));
        }
        String json = GroupedBy.json(parts);
        List<GroupingPart> read = GroupedBy.parse(json);

        assertTrue(json.length() <= GroupedBy.MAX_JSON_LENGTH, "length " + json.length());
        GroupingPart first = read.get(0);
        assertEquals(GroupedBy.MAX_VALUE_LENGTH, first.value().length());
        assertTrue(first.value().endsWith("…"));
        GroupingPart last = read.get(read.size() - 1);
        assertEquals("more parts", last.label());
        assertEquals(Integer.toString(2000 - (read.size() - 1)), last.value());
        assertEquals(false, last.used());
    }
}
