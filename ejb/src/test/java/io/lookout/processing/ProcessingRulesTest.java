package io.lookout.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.event.IncomingEvent;
import io.lookout.processing.rules.GroupingRules;
import io.lookout.processing.rules.RuleSyntaxException;
import io.lookout.processors.exception.ExceptionProcessor;
import io.lookout.processors.message.MessageProcessor;
import io.lookout.processors.query.QueryProcessor;
import io.lookout.processors.request.RequestProcessor;
import io.lookout.processors.spi.GroupingPart;
import io.lookout.processors.spi.Processor;
import io.lookout.project.ProjectSnapshot;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Processing under grouping rules, for each built-in processor. */
class ProcessingRulesTest {

    static final Map<String, Processor> PROCESSORS = new TreeMap<>();

    static {
        for (Processor processor : List.of(
                new ExceptionProcessor(), new MessageProcessor(), new QueryProcessor(), new RequestProcessor())) {
            processor.types().forEach(type -> PROCESSORS.put(type, processor));
        }
    }

    static final Processing PROCESSING = new Processing(type -> Optional.ofNullable(PROCESSORS.get(type)));
    static final ProjectSnapshot PROJECT = new ProjectSnapshot(1, "shop", "k".repeat(32), List.of());

    static IncomingEvent event(String type, String message, Map<String, String> tags, String data, List<String> fp) {
        return new IncomingEvent(
                "0".repeat(32),
                type,
                Instant.parse("2026-12-01T10:00:00Z"),
                message,
                null,
                tags,
                json(data),
                null,
                null,
                fp);
    }

    static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    static GroupingRules rules(String text) {
        try {
            return GroupingRules.parse(text);
        } catch (RuleSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static ProcessedResult process(IncomingEvent event, String rules) {
        return PROCESSING.process(event, event.fingerprint(), PROJECT, rules(rules));
    }

    private static List<GroupingPart> groupedBy(ProcessedResult result) {
        return GroupedBy.parse(result.groupedBy());
    }

    // ---- message ----

    @Test
    void aStripRuleJoinsMessagesThatDifferByAnId() {
        String rule = "message:\"*user-*\" -> strip \"user-[a-z]+\"";
        ProcessedResult a = process(event("message", "cart user-abc is empty", Map.of(), "{}", null), rule);
        ProcessedResult b = process(event("message", "cart user-xyz is empty", Map.of(), "{}", null), rule);
        assertEquals(a.checksum(), b.checksum());
        assertNotEquals(
                a.checksum(),
                process(event("message", "cart user-abc is empty", Map.of(), "{}", null), "")
                        .checksum());
        assertEquals("cart user-abc is empty", a.message(), "the stored message keeps what was stripped");
        assertEquals(
                List.of(
                        GroupingPart.used("message", "cart <stripped> is empty"),
                        GroupingPart.leftOut("stripped", "user-abc", "stripped by rule line 1")),
                groupedBy(a));
    }

    @Test
    void aRuleThatDoesNotMatchChangesNothing() {
        IncomingEvent event = event("message", "disk full on node 7", Map.of(), "{}", null);
        ProcessedResult none = process(event, "");
        ProcessedResult other = process(event, "message:*user-* -> strip \"node\"\ntype:query -> fingerprint x");
        assertEquals(none.checksum(), other.checksum());
        assertEquals(none.groupedBy(), other.groupedBy());
    }

    @Test
    void aFingerprintRuleOverridesTheSendersAndIsDescribed() {
        IncomingEvent event = event(
                "message", "payment failed", Map.of("provider", "stripe"), "{}", List.of("{{ default }}", "mine"));
        String rules = "# payments\nmessage:payment* tags.provider:* -> fingerprint payments {{ tags.provider }}";
        ProcessedResult result = process(event, rules);
        assertEquals(Checksums.checksum(List.of("ignored"), List.of("payments", "stripe")), result.checksum());
        assertEquals(
                List.of(
                        GroupingPart.used(
                                "rule",
                                "line 2: message:payment* tags.provider:* -> fingerprint payments {{ tags.provider }}"),
                        GroupingPart.leftOut("fingerprint", "mine", "replaced by rule line 2"),
                        GroupingPart.leftOut("message", "payment failed", "replaced by rule line 2"),
                        GroupingPart.used("fingerprint", "payments"),
                        GroupingPart.used("fingerprint", "stripe")),
                groupedBy(result));
    }

    @Test
    void aFingerprintRuleWithDefaultKeepsTheProcessorsPartsStripped() {
        IncomingEvent event = event("message", "job 7f3e failed", Map.of(), "{}", null);
        ProcessedResult result =
                process(event, "message:job* -> strip \"7f3e\"\nmessage:job* -> fingerprint {{ default }} jobs");
        assertEquals(
                Checksums.checksum(List.of("job <stripped> failed"), List.of("{{ default }}", "jobs")),
                result.checksum());
        List<GroupingPart> parts = groupedBy(result);
        assertEquals(GroupingPart.used("rule", "line 2: message:job* -> fingerprint {{ default }} jobs"), parts.get(0));
        assertEquals(GroupingPart.used("message", "job <stripped> failed"), parts.get(1));
        assertEquals(GroupingPart.leftOut("stripped", "7f3e", "stripped by rule line 1"), parts.get(2));
        assertEquals(GroupingPart.used("fingerprint", "jobs"), parts.get(3));
    }

    @Test
    void stripAppliesToTheSendersFingerprintButNotToDefault() {
        IncomingEvent event =
                event("message", "boom", Map.of(), "{}", List.of("{{ default }}", "tenant-42", "checkout"));
        ProcessedResult result = process(event, "type:message -> strip \"tenant-\\d+|default\"");
        assertEquals(
                Checksums.checksum(List.of("boom"), List.of("{{ default }}", "<stripped>", "checkout")),
                result.checksum());
    }

    // ---- exception ----

    private static final String EXCEPTION = """
            {"type": "com.acme.WrapperException", "value": "wrapped",
             "frames": [{"module": "org.springframework.web.Dispatcher", "function": "dispatch", "inApp": true},
                        {"module": "com.acme.Cart", "function": "checkout", "inApp": true}],
             "cause": {"type": "java.sql.SQLException", "value": "deadlock",
                       "frames": [{"module": "com.acme.Db", "function": "run", "inApp": true}]}}
            """;

    @Test
    void appRulesChangeTheFramesTheExceptionProcessorUses() {
        IncomingEvent event = event("exception", null, Map.of(), EXCEPTION, null);
        ProcessedResult plain = process(event, "");
        ProcessedResult marked = process(event, "stack.module:org.springframework.* -> -app");
        assertNotEquals(plain.checksum(), marked.checksum());
        assertTrue(
                groupedBy(marked)
                        .contains(GroupingPart.leftOut(
                                "frame", "org.springframework.web.Dispatcher.dispatch", "not in-app (rule line 1)")),
                marked.groupedBy());
        assertEquals(
                json(EXCEPTION), marked.data(), "the stored data is the sender's: rules apply again when reprocessed");
        // an event sent with that frame not in-app groups with the marked one
        IncomingEvent sentSo = event("exception", null, Map.of(), EXCEPTION.replaceFirst("true", "false"), null);
        assertEquals(process(sentSo, "").checksum(), marked.checksum());
    }

    @Test
    void aWrapperExceptionGroupsByItsCause() {
        String rule = "error.type:com.acme.WrapperException -> fingerprint {{ default }}\n"
                + "error.type:com.acme.WrapperException stack.module:com.acme.Cart -> -app";
        IncomingEvent a = event("exception", null, Map.of(), EXCEPTION, null);
        IncomingEvent b = event("exception", null, Map.of(), EXCEPTION.replace("checkout", "refund"), null);
        assertNotEquals(process(a, "").checksum(), process(b, "").checksum());
        assertEquals(process(a, rule).checksum(), process(b, rule).checksum());
    }

    @Test
    void errorTypeAndMessageInAFingerprint() {
        IncomingEvent event = event("exception", null, Map.of(), EXCEPTION, null);
        ProcessedResult result = process(event, "error.value:deadlock -> fingerprint {{ error.type }} {{ message }}");
        assertEquals(
                Checksums.checksum(List.of("x"), List.of("com.acme.WrapperException", "WrapperException: wrapped")),
                result.checksum());
    }

    // ---- query ----

    @Test
    void queriesOfOneTableJoinByAFingerprintRule() {
        String rule = "type:query tags.statement:select message:*audit_log* -> fingerprint audit-reads";
        ProcessedResult a = process(
                event("query", null, Map.of(), "{\"query\": \"SELECT a FROM audit_log WHERE id = 1\"}", null), rule);
        ProcessedResult b =
                process(event("query", null, Map.of(), "{\"query\": \"SELECT b, c FROM audit_log\"}", null), rule);
        assertEquals(a.checksum(), b.checksum());
        assertEquals(GroupingPart.used("rule", "line 1: " + rule), groupedBy(a).get(0));
    }

    @Test
    void aStripRuleOnAQueryFingerprint() {
        String rule = "type:query -> strip \"tenant_\\d+\\.\"";
        ProcessedResult a =
                process(event("query", null, Map.of(), "{\"query\": \"SELECT a FROM tenant_1.orders\"}", null), rule);
        ProcessedResult b =
                process(event("query", null, Map.of(), "{\"query\": \"SELECT a FROM tenant_2.orders\"}", null), rule);
        assertEquals(a.checksum(), b.checksum());
        assertTrue(groupedBy(a).contains(GroupingPart.leftOut("stripped", "tenant_1.", "stripped by rule line 1")));
    }

    // ---- request ----

    @Test
    void requestsSplitByATagOfTheirFingerprint() {
        String rule = "type:request tags.url:/api/* -> fingerprint {{ default }} {{ tags.status }}";
        ProcessedResult ok = process(
                event(
                        "request",
                        null,
                        Map.of(),
                        "{\"method\": \"GET\", \"url\": \"/api/items/1\", \"status\": 500}",
                        null),
                rule);
        ProcessedResult other = process(
                event(
                        "request",
                        null,
                        Map.of(),
                        "{\"method\": \"GET\", \"url\": \"/api/items/2\", \"status\": 503}",
                        null),
                rule);
        ProcessedResult same = process(
                event(
                        "request",
                        null,
                        Map.of(),
                        "{\"method\": \"GET\", \"url\": \"/api/items/3\", \"status\": 500}",
                        null),
                rule);
        assertNotEquals(ok.checksum(), other.checksum());
        assertEquals(ok.checksum(), same.checksum());
        assertEquals(
                process(event("request", null, Map.of(), "{\"method\": \"GET\", \"url\": \"/api/items/1\"}", null), "")
                        .checksum(),
                process(event("request", null, Map.of(), "{\"method\": \"GET\", \"url\": \"/api/items/9\"}", null), "")
                        .checksum());
    }

    @Test
    void aLevelRuleOnRequests() {
        String rule = "type:request level:error -> fingerprint server-errors";
        ProcessedResult error = process(
                event("request", null, Map.of(), "{\"method\": \"GET\", \"url\": \"/a\", \"status\": 500}", null),
                rule);
        ProcessedResult info = process(
                event("request", null, Map.of(), "{\"method\": \"GET\", \"url\": \"/a\", \"status\": 200}", null),
                rule);
        assertEquals(Checksums.checksum(List.of("x"), List.of("server-errors")), error.checksum());
        assertNotEquals(error.checksum(), info.checksum());
    }
}
