package io.lookout.processors.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lookout.processors.spi.GroupingPart;
import io.lookout.processors.spi.ProcessedEvent;
import io.lookout.processors.spi.testing.RawEventBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the message processor describes the parts of its checksum. */
class MessageGroupedByTest {

    private final MessageProcessor processor = new MessageProcessor();

    private ProcessedEvent process(String data) throws Exception {
        return RawEventBuilder.event("message").data(data).processedBy(processor);
    }

    @Test
    void aTemplateIsUsedAndItsParametersAreLeftOut() throws Exception {
        ProcessedEvent event = process("{\"message\": \"User %s failed login %d times\", \"params\": [\"bob\", 3]}");

        assertEquals(
                List.of(
                        GroupingPart.used("template", "User %s failed login %d times"),
                        GroupingPart.leftOut("parameter 1", "bob", "a parameter of the template"),
                        GroupingPart.leftOut("parameter 2", "3", "a parameter of the template")),
                event.groupedBy());
    }

    @Test
    void aFormattedMessageIsUsedNormalisedWithEachVariablePartLeftOut() throws Exception {
        ProcessedEvent event = process(
                "{\"message\": \"Payment 3f2a9c1e-4b5d-4e6f-8a7b-9c0d1e2f3a4b for 'bob' declined after 3 tries\"}");

        assertEquals(
                List.of(
                        GroupingPart.used("message", "Payment <uuid> for '<str>' declined after <num> tries"),
                        GroupingPart.leftOut(
                                "variable part", "3f2a9c1e-4b5d-4e6f-8a7b-9c0d1e2f3a4b", "replaced by <uuid>"),
                        GroupingPart.leftOut("variable part", "'bob'", "replaced by '<str>'"),
                        GroupingPart.leftOut("variable part", "3", "replaced by <num>")),
                event.groupedBy());
        assertEquals(event.checksumParts(), List.of(event.groupedBy().get(0).value()));
    }

    @Test
    void manyVariablePartsAreDescribedOneByOneUpToALimitThenCounted() throws Exception {
        StringBuilder message = new StringBuilder("Batch failed for ids");
        for (int i = 0; i < VariableParts.MAX_DESCRIBED + 5; i++) {
            message.append(' ').append(1000 + i);
        }
        ProcessedEvent event = process("{\"message\": \"" + message + "\"}");

        List<GroupingPart> parts = event.groupedBy();
        assertEquals(1 + VariableParts.MAX_DESCRIBED + 1, parts.size());
        assertEquals(GroupingPart.leftOut("variable part", "1000", "replaced by <num>"), parts.get(1));
        assertEquals(
                GroupingPart.leftOut("variable parts", "5 more", "replaced by their placeholders"),
                parts.get(parts.size() - 1));
    }
}
