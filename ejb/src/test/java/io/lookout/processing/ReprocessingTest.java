package io.lookout.processing;

import static io.lookout.processing.ProcessingRulesTest.PROJECT;
import static io.lookout.processing.ProcessingRulesTest.event;
import static io.lookout.processing.ProcessingRulesTest.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.lookout.event.IncomingEvent;
import io.lookout.grouping.EventStore;
import io.lookout.processing.rules.GroupingRules;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Processed, stored as the event store stores it, rebuilt with {@link Reprocessing#incoming} and
 * processed again under the same rules: the same checksum, for every built-in processor.
 */
class ReprocessingTest {

    private static final Reprocessing REPROCESSING = new Reprocessing(ProcessingRulesTest.PROCESSING);

    private static final String RULES = """
            message:"*user-*" -> strip "user-[a-z0-9]+"
            stack.module:org.springframework.* -> -app
            type:query tags.statement:delete -> fingerprint deletes {{ default }}
            type:request tags.method:POST -> fingerprint {{ default }} {{ tags.status }}
            error.type:*SQLException -> fingerprint {{ error.type }} {{ message }}
            """;

    private static final List<IncomingEvent> EVENTS = List.of(
            event("message", "cart user-k7 is empty", Map.of("env", "prod"), "{}", null),
            event("message", "cart user-k7 is empty", Map.of(), "{}", List.of("{{ default }}", "cart")),
            event(
                    "message",
                    null,
                    Map.of(),
                    "{\"message\": \"User %s failed\", \"params\": [\"bob\"], \"logger\": \"auth\"}",
                    null),
            event("message", "m".repeat(900) + " user-x " + "n".repeat(300), Map.of(), "{\"message\": \"long\"}", null),
            event("exception", null, Map.of(), """
                    {"type": "com.acme.Boom", "value": "no user-a1b2",
                     "frames": [{"module": "org.springframework.web.Dispatcher", "function": "dispatch", "inApp": true},
                                {"module": "com.acme.Cart", "function": "checkout", "lineno": 3, "inApp": true}],
                     "cause": {"type": "java.sql.SQLException", "value": "deadlock"}}
                    """, null),
            event(
                    "exception",
                    "checkout failed",
                    Map.of(),
                    "{\"type\": \"com.acme.Boom\", \"value\": \"id 42\"}",
                    List.of("x")),
            event(
                    "exception",
                    null,
                    Map.of(),
                    "{\"type\": \"Err\", \"frames\": [" + "{\"function\": \"f\"},".repeat(1200)
                            + "{\"function\": \"g\"}]}",
                    null),
            event(
                    "query",
                    null,
                    Map.of(),
                    "{\"query\": \"DELETE FROM carts WHERE id = 7\", \"engine\": \"postgresql\"}",
                    null),
            event("query", null, Map.of(), "{\"query\": \"select * from users where name = 'user-bob'\"}", null),
            event(
                    "request",
                    null,
                    Map.of(),
                    "{\"method\": \"post\", \"url\": \"https://a:b@shop.example.com/items/123?x=1\", \"status\": 502}",
                    null),
            event(
                    "request",
                    "slow page",
                    Map.of("status", "200"),
                    "{\"method\": \"GET\", \"url\": \"/user-abc/cart\"}",
                    List.of("{{ default }}", "pages")));

    /** The row the event store writes, read back. */
    private static IncomingEvent stored(IncomingEvent event, ProcessedResult result, boolean withFingerprintColumn) {
        return Reprocessing.incoming(
                event.id(),
                event.type(),
                event.timestamp(),
                EventStore.summary(result.message()),
                result.level(),
                EventStore.tagsJson(result.tags()),
                result.data().toString(),
                event.duration(),
                event.correlationId(),
                withFingerprintColumn ? EventStore.fingerprintJson(event.fingerprint()) : null,
                result.groupedBy());
    }

    @Test
    void aStoredEventProcessedAgainUnderTheSameRulesKeepsItsChecksum() {
        for (GroupingRules rules : List.of(GroupingRules.NONE, rules(RULES))) {
            for (IncomingEvent event : EVENTS) {
                ProcessedResult first =
                        ProcessingRulesTest.PROCESSING.process(event, event.fingerprint(), PROJECT, rules);
                IncomingEvent again = stored(event, first, true);
                ProcessedResult second = REPROCESSING.process(again, PROJECT, rules);
                String name = event.type() + " "
                        + event.data()
                                .toString()
                                .substring(
                                        0, Math.min(120, event.data().toString().length()));
                assertEquals(first.checksum(), second.checksum(), name);
                // twice: what the regroup of a regrouped event does
                assertEquals(
                        first.checksum(),
                        REPROCESSING
                                .process(stored(again, second, true), PROJECT, rules)
                                .checksum());
            }
        }
    }

    @Test
    void anEventStoredBeforeTheFingerprintColumnHasItsFingerprintRecoveredFromItsDescription() {
        for (IncomingEvent event : EVENTS) {
            ProcessedResult first =
                    ProcessingRulesTest.PROCESSING.process(event, event.fingerprint(), PROJECT, GroupingRules.NONE);
            IncomingEvent again = stored(event, first, false);
            assertEquals(
                    first.checksum(),
                    REPROCESSING.process(again, PROJECT).checksum(),
                    event.type() + " " + event.fingerprint());
        }
    }

    @Test
    void recoversTheFingerprintsShapes() {
        IncomingEvent event = event("message", "boom", Map.of(), "{}", null);
        for (List<String> fingerprint : List.of(
                List.of("a"),
                List.of("a", "b"),
                List.of("{{ default }}", "a"),
                List.of("a", "{{ default }}"),
                List.of("a", "{{ default }}", "b"))) {
            ProcessedResult result =
                    ProcessingRulesTest.PROCESSING.process(event, fingerprint, PROJECT, GroupingRules.NONE);
            assertEquals(fingerprint, Reprocessing.recoveredFingerprint(result.groupedBy()));
        }
        assertNull(Reprocessing.recoveredFingerprint(null));
        assertNull(Reprocessing.recoveredFingerprint(ProcessingRulesTest.PROCESSING
                .process(event, null, PROJECT, GroupingRules.NONE)
                .groupedBy()));
        ProcessedResult ruled = ProcessingRulesTest.PROCESSING.process(
                event, null, PROJECT, rules("message:boom -> fingerprint explosions"));
        assertNull(Reprocessing.recoveredFingerprint(ruled.groupedBy()), "a rule's fingerprint is not the sender's");
    }
}
