package io.lookout.processors.spi.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.processors.spi.InvalidEventException;
import io.lookout.processors.spi.ProcessedEvent;
import io.lookout.processors.spi.Processor;
import io.lookout.processors.spi.RawEvent;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RawEventBuilderTest {

    @Test
    void anEventOfOnlyATypeHasNothingElseAndAFixedTimestamp() {
        RawEvent event = RawEventBuilder.event("deploy").build();
        assertEquals("deploy", event.type());
        assertEquals(Instant.parse("2026-11-28T12:00:00Z"), event.timestamp());
        assertEquals(Optional.empty(), event.message());
        assertEquals(Optional.empty(), event.level());
        assertEquals(Map.of(), event.tags());
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, event.data());
        assertEquals(OptionalDouble.empty(), event.timeSpent());
    }

    @Test
    void everyFieldIsHandedOnAsSet() {
        Instant at = Instant.parse("2025-01-02T03:04:05Z");
        Map<String, String> more = new HashMap<>();
        more.put("release", null);
        RawEvent event = RawEventBuilder.event("query")
                .timestamp(at)
                .message("Slow checkout")
                .level("warning")
                .tag("server", "web-1")
                .tags(more)
                .data("{\"query\": \"SELECT 1\"}")
                .timeSpent(12.5)
                .build();
        assertEquals(at, event.timestamp());
        assertEquals(Optional.of("Slow checkout"), event.message());
        assertEquals(Optional.of("warning"), event.level());
        assertEquals("web-1", event.tags().get("server"));
        assertTrue(event.tags().containsKey("release") && event.tags().get("release") == null, "a null tag is kept");
        assertEquals(Json.createObjectBuilder().add("query", "SELECT 1").build(), event.data());
        assertEquals(OptionalDouble.of(12.5), event.timeSpent());
    }

    @Test
    void aBuiltEventDoesNotChangeWithItsBuilder() {
        RawEventBuilder builder = RawEventBuilder.event("message").tag("a", "1").timeSpent(3);
        RawEvent first = builder.build();
        RawEvent second = builder.tag("b", "2").noTimeSpent().message("later").build();

        assertEquals(Map.of("a", "1"), first.tags());
        assertEquals(OptionalDouble.of(3), first.timeSpent());
        assertEquals(Optional.empty(), first.message());
        assertEquals(Map.of("a", "1", "b", "2"), second.tags());
        assertEquals(OptionalDouble.empty(), second.timeSpent());
        assertThrows(UnsupportedOperationException.class, () -> first.tags().put("c", "3"), "the tags are read-only");
    }

    @Test
    void dataThatIsNotAJsonObjectIsAClearError() {
        IllegalArgumentException array = assertThrows(
                IllegalArgumentException.class,
                () -> RawEventBuilder.event("message").data("[1, 2]"));
        assertTrue(array.getMessage().contains("must be a JSON object"), array.getMessage());
        IllegalArgumentException broken = assertThrows(
                IllegalArgumentException.class,
                () -> RawEventBuilder.event("message").data("{\"message\": "));
        assertTrue(broken.getMessage().contains("not valid JSON"), broken.getMessage());
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1, Double.NaN, Double.POSITIVE_INFINITY})
    void aTimeSpentLookoutWouldRefuseIsAClearError(double milliseconds) {
        IllegalArgumentException error = assertThrows(
                IllegalArgumentException.class,
                () -> RawEventBuilder.event("request").timeSpent(milliseconds));
        assertTrue(error.getMessage().startsWith("timeSpent must be"), error.getMessage());
    }

    @Test
    void aTypeAndTagKeysAreRequired() {
        assertEquals(
                "type must not be null",
                assertThrows(IllegalArgumentException.class, () -> RawEventBuilder.event(null))
                        .getMessage());
        assertEquals(
                "type must not be blank",
                assertThrows(IllegalArgumentException.class, () -> RawEventBuilder.event(" "))
                        .getMessage());
        assertEquals(
                "tag key must not be null",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> RawEventBuilder.event("message").tag(null, "x"))
                        .getMessage());
    }

    @Test
    void processedByValidatesFirstAndProcessesOnlyAValidEvent() throws Exception {
        Processor strict = new Processor() {
            @Override
            public java.util.Set<String> types() {
                return java.util.Set.of("checkout");
            }

            @Override
            public void validate(RawEvent event) throws InvalidEventException {
                if (!event.data().containsKey("cart")) {
                    throw new InvalidEventException("data.cart", "is required");
                }
            }

            @Override
            public ProcessedEvent process(RawEvent event) {
                return ProcessedEvent.builder()
                        .checksumParts(event.data().getString("cart"))
                        .message("checkout of " + event.data().getString("cart"))
                        .build();
            }
        };
        assertEquals(
                "checkout of c-1",
                RawEventBuilder.event("checkout")
                        .data("{\"cart\": \"c-1\"}")
                        .processedBy(strict)
                        .message());
        InvalidEventException refused = assertThrows(
                InvalidEventException.class,
                () -> RawEventBuilder.event("checkout").data("{}").processedBy(strict));
        assertEquals("data.cart", refused.field());
    }
}
