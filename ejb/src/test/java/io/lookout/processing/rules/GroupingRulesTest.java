package io.lookout.processing.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GroupingRulesTest {

    record Facts(String type, String message, String level, Map<String, String> tags, JsonObject data)
            implements EventFacts {
        @Override
        public String tag(String key) {
            return tags.get(key);
        }
    }

    private static final JsonObject EXCEPTION = json("""
            {"type": "com.acme.WrapperException", "value": "wrapped",
             "frames": [{"module": "org.springframework.web.Dispatcher", "function": "dispatch", "inApp": true},
                        {"module": "com.acme.Cart", "function": "checkout", "inApp": true}],
             "cause": {"type": "java.sql.SQLException", "value": "deadlock on row 17",
                       "frames": [{"module": "org.postgresql.Driver", "function": "execute"}]}}
            """);

    private static Facts exception() {
        return new Facts("exception", "WrapperException: wrapped", "error", Map.of("env", "prod"), EXCEPTION);
    }

    private static Facts message(String text) {
        return new Facts(
                "message",
                text,
                "info",
                Map.of("env", "staging"),
                Json.createObjectBuilder().build());
    }

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    private static GroupingRules rules(String text) {
        try {
            return GroupingRules.parse(text);
        } catch (RuleSyntaxException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    // ---- syntax ----

    @Test
    void aTextOfCommentsAndBlankLinesHasNoRules() {
        assertTrue(rules("").isEmpty());
        assertTrue(rules(null).isEmpty());
        assertTrue(rules("# nothing yet\n\n   \n  # still nothing\r\n").isEmpty());
    }

    @Test
    void parsesEveryFieldActionAndPart() {
        GroupingRules rules = rules("""
                # ids in messages
                message:"*user-*" -> strip "user-\\d+"   # a trailing comment
                type:exception error.type:com.acme.WrapperException -> fingerprint {{ default }} wrapper
                stack.module:org.springframework.* -> -app
                !stack.function:main? level:error tags.env:prod -> fingerprint {{type}} {{ error.type }} {{ message }} {{ tags.env }} "two words"
                error.value:*deadlock* -> +app
                """);
        assertEquals(5, rules.rules().size());
        Rule strip = rules.rules().get(0);
        assertEquals(2, strip.line());
        assertEquals("message:\"*user-*\" -> strip \"user-\\d+\"", strip.text());
        assertEquals("line 2: message:\"*user-*\" -> strip \"user-\\d+\"", strip.describe());
        assertEquals("user-\\d+", ((Action.Strip) strip.action()).pattern().pattern());
        assertEquals("*user-*", strip.matchers().get(0).glob().pattern());
        Rule wrapper = rules.rules().get(1);
        assertEquals(
                List.of(new Action.Default(), new Action.Literal("wrapper")),
                ((Action.Fingerprint) wrapper.action()).parts());
        assertEquals(new Action.App(false), rules.rules().get(2).action());
        Rule all = rules.rules().get(3);
        assertTrue(all.matchers().get(0).negated());
        assertEquals(Field.STACK_FUNCTION, all.matchers().get(0).field());
        assertEquals("env", all.matchers().get(2).tagKey());
        assertEquals(
                List.of(
                        new Action.Value(Field.TYPE, null),
                        new Action.Value(Field.ERROR_TYPE, null),
                        new Action.Value(Field.MESSAGE, null),
                        new Action.Value(Field.TAG, "env"),
                        new Action.Literal("two words")),
                ((Action.Fingerprint) all.action()).parts());
        assertEquals(new Action.App(true), rules.rules().get(4).action());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "message:x|line 1, column 10: expected '->' and an action (fingerprint, strip, +app, -app) after the matchers",
                "-> -app|line 1, column 1: a rule needs at least one matcher before '->'",
                "type:a ->|line 1, column 10: expected an action (fingerprint, strip, +app, -app) after '->'",
                "type:a -> merge|line 1, column 11: unknown action 'merge'; known: fingerprint, strip, +app, -app",
                "stack.modul:x -> -app|line 1, column 1: unknown field 'stack.modul'; known: type, message, error.type, error.value, stack.module, stack.function, level, tags.KEY",
                "type:a !stack.modul:x -> -app|line 1, column 9: unknown field 'stack.modul'; known: type, message, error.type, error.value, stack.module, stack.function, level, tags.KEY",
                "message -> strip \"x\"|line 1, column 1: expected a matcher field:pattern (fields: type, message, error.type, error.value, stack.module, stack.function, level, tags.KEY), found 'message'",
                "tags.:x -> -app|line 1, column 1: 'tags.' needs a key, for example tags.environment",
                "message: -> strip \"x\"|line 1, column 9: the pattern of 'message' is empty; * matches any value",
                "message:\"a b -> -app|line 1, column 9: a quote without its closing '\"'",
                "type:a -> fingerprint|line 1, column 22: 'fingerprint' needs at least one part, for example {{ default }} or a word",
                "type:a -> fingerprint {{ defualt }}|line 1, column 23: unknown variable '{{ defualt }}'; known: {{ default }}, {{ type }}, {{ error.type }}, {{ message }}, {{ tags.KEY }}",
                "type:a -> fingerprint {{ default|line 1, column 23: '{{' without its '}}'",
                "type:a -> strip|line 1, column 16: 'strip' needs one regular expression, quoted: strip \"user-\\d+\"",
                "type:a -> strip \"a\" \"b\"|line 1, column 21: 'strip' needs one regular expression, quoted: strip \"user-\\d+\"",
                "type:a -> strip \"user-(\\d+\"|line 1, column 17: invalid regular expression: Unclosed group near index 9",
                "type:a -> strip \"x*\"|line 1, column 17: the regular expression matches the empty text; it must match at least one character",
                "type:a -> -app now|line 1, column 16: '-app' takes nothing after it",
                "message:*x* -> +app|line 1, column 1: 'message' cannot select frames: +app rules run before the processor, when only type, error.type, error.value, stack.module, stack.function are known",
                "{{ type }} -> -app|line 1, column 1: expected a matcher field:pattern, found a variable",
            })
    void refusesWithLineColumnAndProblem(String rule, String message) {
        RuleSyntaxException e = assertThrows(RuleSyntaxException.class, () -> GroupingRules.parse(rule));
        assertEquals(message, e.getMessage());
    }

    @Test
    void namesTheLineOfTheFirstError() {
        RuleSyntaxException e = assertThrows(
                RuleSyntaxException.class,
                () -> GroupingRules.parse("# comment\ntype:a -> -app\n\n  level:err -> frob\n"));
        assertEquals(4, e.line());
        assertEquals(16, e.column());
        assertEquals("unknown action 'frob'; known: fingerprint, strip, +app, -app", e.problem());
    }

    @Test
    void boundsTheNumberOfRulesAndTheSize() {
        String rule = "type:a -> -app\n";
        assertEquals(200, rules(rule.repeat(200)).rules().size());
        RuleSyntaxException many = assertThrows(RuleSyntaxException.class, () -> GroupingRules.parse(rule.repeat(201)));
        assertEquals("line 201, column 1: more than 200 rules", many.getMessage());
        RuleSyntaxException big = assertThrows(
                RuleSyntaxException.class, () -> GroupingRules.parse("#".repeat(GroupingRules.MAX_LENGTH + 1)));
        assertEquals(0, big.line());
        assertEquals("the rules are longer than 65536 characters (64 KB)", big.getMessage());
    }

    // ---- globs ----

    @ParameterizedTest
    @CsvSource({
        "abc, abc, true",
        "abc, abcd, false",
        "abc*, abcd, true",
        "*bcd, abcd, true",
        "*bc*, abcd, true",
        "*bc*, acd, false",
        "*, '', true",
        "a?c, abc, true",
        "a?c, ac, false",
        "org.*.Cart, org.acme.shop.Cart, true",
        "org.*.Cart, org.acme.shop.Carts, false",
        "*a*b*c, xxaxxbxxc, true",
        "*a*b*c, xxaxxcxxb, false",
        "**, anything, true",
    })
    void globsMatchWholeValues(String pattern, String text, boolean matches) {
        assertEquals(matches, Glob.compile(pattern).matches(text));
    }

    @Test
    void aMissingValueMatchesNoPattern() {
        assertFalse(Glob.compile("*").matches(null));
    }

    // ---- matchers ----

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "type:exception|true",
                "type:message|false",
                "!type:message|true",
                "message:WrapperException*|true",
                "level:error|true",
                "level:info|false",
                "tags.env:prod|true",
                "tags.region:*|false",
                "!tags.region:*|true",
                "error.type:java.sql.*|true",
                "error.type:java.io.*|false",
                "!error.type:java.sql.*|false",
                "error.value:*deadlock*|true",
                "stack.module:org.postgresql.*|true",
                "stack.function:checkout|true",
                "stack.function:refund|false",
                "stack.module:com.acme.Cart stack.function:checkout|true",
                "stack.module:com.acme.Cart stack.function:dispatch|false",
                "!stack.module:org.postgresql.*|false",
                "!stack.module:org.hibernate.*|true",
            })
    void eachMatcherLooksAtItsField(String matchers, boolean matches) {
        GroupingRules rules = rules(matchers + " -> fingerprint x");
        assertEquals(matches, rules.apply(exception()) != null, matchers);
    }

    @Test
    void errorAndStackMatchersNeverMatchOtherTypes() {
        assertNull(rules("error.type:* -> fingerprint x").apply(message("boom")));
        assertNull(rules("stack.module:* -> fingerprint x").apply(message("boom")));
        assertTrue(rules("!error.type:* -> fingerprint x").apply(message("boom")) != null);
    }

    // ---- actions and precedence ----

    @Test
    void stripReplacesEveryMatchOfEveryMatchingRuleInOrder() {
        GroupingRules rules = rules("""
                message:*user-* -> strip "user-\\d+"
                message:*cart* -> strip "cart \\w+"
                message:*nothing* -> strip "is"
                """);
        Applied applied = rules.apply(message("user-17 and user-18 emptied cart abc"));
        assertEquals(2, applied.strips().size());
        assertNull(applied.fingerprint());
        assertEquals(
                "<stripped> and <stripped> emptied <stripped>", applied.strip("user-17 and user-18 emptied cart abc"));
        List<String> removed = new ArrayList<>();
        applied.stripped("user-17 and user-18 emptied cart abc", (text, rule) -> removed.add(text + "@" + rule.line()));
        assertEquals(List.of("user-17@1", "user-18@1", "cart abc@2"), removed);
        assertEquals(List.of("a <stripped>", "b"), applied.strip(List.of("a user-1", "b")));
    }

    @Test
    void theFirstMatchingFingerprintRuleWinsAndStripsStillApply() {
        GroupingRules rules = rules("""
                message:*nothing* -> fingerprint never
                message:*user-* -> fingerprint {{ type }} {{ message }} {{ tags.env }} {{ tags.none }} fixed {{ default }}
                message:* -> fingerprint later
                message:* -> strip "user-\\d+"
                """);
        Facts event = message("user-17 left");
        Applied applied = rules.apply(event);
        assertEquals(2, applied.fingerprint().line());
        assertEquals(List.of(rules.rules().get(3)), applied.strips());
        assertEquals(
                List.of("message", "<stripped> left", "staging", "", "fixed", "{{ default }}"),
                applied.fingerprint(event, "{{ default }}"));
    }

    @Test
    void errorTypeInAFingerprintIsTheThrownException() {
        Applied applied =
                rules("type:exception -> fingerprint {{ error.type }}").apply(exception());
        assertEquals(List.of("com.acme.WrapperException"), applied.fingerprint(exception(), "{{ default }}"));
    }

    @Test
    void noMatchingRuleAnswersNull() {
        assertNull(rules("message:*user-* -> strip \"user-\\d+\"\nlevel:fatal -> fingerprint x")
                .apply(message("nothing here")));
        assertNull(GroupingRules.NONE.apply(message("x")));
    }

    @Test
    void appRulesMarkTheSelectedFramesTheLastRuleWinning() {
        GroupingRules rules = rules("""
                stack.module:org.* -> -app
                stack.module:org.postgresql.* -> +app
                type:message -> +app
                """);
        JsonObject marked = rules.markFrames("exception", EXCEPTION);
        var frames = marked.getJsonArray("frames");
        assertFalse(frames.getJsonObject(0).getBoolean("inApp"));
        assertEquals("rule line 1", frames.getJsonObject(0).getString(GroupingRules.IN_APP_BY));
        assertTrue(frames.getJsonObject(1).getBoolean("inApp"));
        assertFalse(frames.getJsonObject(1).containsKey(GroupingRules.IN_APP_BY));
        var cause = marked.getJsonObject("cause").getJsonArray("frames").getJsonObject(0);
        assertTrue(cause.getBoolean("inApp"));
        assertEquals("rule line 2", cause.getString(GroupingRules.IN_APP_BY));
        assertEquals("deadlock on row 17", marked.getJsonObject("cause").getString("value"));
    }

    @Test
    void appRulesBeyondTheSixtyFourthApplyToo() {
        String many = "type:message -> -app\n".repeat(69) + "error.type:java.sql.* stack.module:com.acme.* -> -app\n";
        JsonObject marked = rules(many).markFrames("exception", EXCEPTION);
        assertFalse(marked.getJsonArray("frames").getJsonObject(1).getBoolean("inApp"));
        assertEquals(
                "rule line 70", marked.getJsonArray("frames").getJsonObject(1).getString(GroupingRules.IN_APP_BY));
        assertTrue(marked.getJsonArray("frames").getJsonObject(0).getBoolean("inApp"));
        assertSame(EXCEPTION, rules("type:message -> -app\n".repeat(70)).markFrames("exception", EXCEPTION));
    }

    @Test
    void appRulesWithoutStackMatchersMarkEveryFrameOfAMatchingEvent() {
        JsonObject marked = rules("error.type:java.sql.* -> -app").markFrames("exception", EXCEPTION);
        assertFalse(marked.getJsonArray("frames").getJsonObject(1).getBoolean("inApp"));
    }

    @Test
    void appRulesThatSelectNothingLeaveTheDataAsItIs() {
        GroupingRules rules = rules("stack.module:net.* -> -app\nerror.type:java.io.* -> +app");
        assertSame(EXCEPTION, rules.markFrames("exception", EXCEPTION));
        assertSame(EXCEPTION, rules("stack.module:* -> -app").markFrames("message", EXCEPTION));
    }
}
