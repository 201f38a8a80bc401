package io.lookout.processing.rules;

import io.lookout.JsonFactories;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * A project's grouping rules, compiled once (docs/grouping.md, "Rules").
 *
 * <p>Syntax: one rule per line, {@code matcher [matcher ...] -> action}; {@code #} starts a comment
 * (at the start of a word, outside quotes); blank lines are ignored. A matcher is
 * {@code [!]field:pattern} with the fields {@code type}, {@code message}, {@code error.type},
 * {@code error.value}, {@code stack.module}, {@code stack.function}, {@code level},
 * {@code tags.KEY}, and a glob pattern ({@code *} any run of characters, {@code ?} one character),
 * quoted with {@code "..."} when it holds spaces ({@code \"} and {@code \\} are escapes, any other
 * backslash is kept). Actions: {@code fingerprint PART...}, {@code strip "REGEX"}, {@code +app},
 * {@code -app}. At most {@value #MAX_RULES} rules and {@value #MAX_LENGTH} characters.
 *
 * <p>Semantics: rules apply in order. Every matching {@code +app}/{@code -app} rule marks the frames
 * its {@code stack.*} matchers select (all frames without them) before the processor runs; a later
 * rule wins for a frame. Every matching {@code strip} rule replaces its matches in the checksum's
 * parts by {@value #STRIPPED}. The first matching {@code fingerprint} rule sets the checksum parts,
 * overriding the sender's {@code fingerprint}.
 *
 * <p>Applying costs no allocation while no rule matches.
 */
public final class GroupingRules {

    public static final int MAX_RULES = 200;
    public static final int MAX_LENGTH = 65536;
    /** What a {@code strip} rule puts in place of what it removed. */
    public static final String STRIPPED = "<stripped>";
    /** The frame field saying which rule set its {@code inApp} (read by the exception processor). */
    public static final String IN_APP_BY = "inAppBy";

    /** No rules. */
    public static final GroupingRules NONE = new GroupingRules("", List.of());

    private final String text;
    private final List<Rule> rules;
    private final Rule[] appRules;
    private final Rule[] eventRules;

    private GroupingRules(String text, List<Rule> rules) {
        this.text = text;
        this.rules = List.copyOf(rules);
        this.appRules = rules.stream()
                .filter(rule -> rule.action() instanceof Action.App)
                .toArray(Rule[]::new);
        this.eventRules = rules.stream()
                .filter(rule -> !(rule.action() instanceof Action.App))
                .toArray(Rule[]::new);
    }

    /**
     * @param text the rules as an admin wrote them; {@code null} or blank for none
     * @throws RuleSyntaxException naming the line, column and problem of the first error
     */
    public static GroupingRules parse(String text) throws RuleSyntaxException {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        List<Rule> rules = RuleParser.parse(text);
        return rules.isEmpty() ? new GroupingRules(text, List.of()) : new GroupingRules(text, rules);
    }

    /** The text as written. */
    public String text() {
        return text;
    }

    public List<Rule> rules() {
        return rules;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    // ---- before the processor: +app / -app --------------------------------------------------

    /**
     * The event's data with the frames the {@code +app}/{@code -app} rules select marked (their
     * {@code inApp} set, and {@value #IN_APP_BY} naming the rule); the same instance when no rule
     * selects a frame. Only {@code exception} events have frames.
     */
    public JsonObject markFrames(String type, JsonObject data) {
        if (appRules.length == 0 || !"exception".equals(type)) {
            return data;
        }
        long applicable = applicable(type, data);
        if (applicable == 0 && appRules.length <= 64 || !anyFrameSelected(type, data, applicable)) {
            return data;
        }
        List<JsonObject> chain = new ArrayList<>();
        for (JsonObject exception = data; exception != null; exception = cause(exception)) {
            chain.add(exception);
        }
        JsonObject inner = null;
        for (int i = chain.size() - 1; i >= 0; i--) {
            JsonObject exception = chain.get(i);
            JsonObjectBuilder rebuilt = JsonFactories.BUILDERS.createObjectBuilder(exception);
            if (exception.get("frames") instanceof JsonArray frames) {
                JsonArrayBuilder marked = JsonFactories.BUILDERS.createArrayBuilder();
                for (JsonValue value : frames) {
                    Rule rule = value instanceof JsonObject frame
                            ? lastSelecting(type, data, applicable, string(frame, "module"), string(frame, "function"))
                            : null;
                    if (rule == null) {
                        marked.add(value);
                    } else {
                        marked.add(JsonFactories.BUILDERS
                                .createObjectBuilder(value.asJsonObject())
                                .add("inApp", ((Action.App) rule.action()).inApp())
                                .add(IN_APP_BY, "rule line " + rule.line()));
                    }
                }
                rebuilt.add("frames", marked);
            }
            if (inner != null) {
                rebuilt.add("cause", inner);
            }
            inner = rebuilt.build();
        }
        return inner;
    }

    /**
     * Bit {@code i} set when the first 64 app rules' matchers other than {@code stack.*} match the
     * event: those are evaluated once per event, not once per frame.
     */
    private long applicable(String type, JsonObject data) {
        long mask = 0;
        for (int i = 0; i < Math.min(64, appRules.length); i++) {
            if (eventLevelMatch(appRules[i], type, data)) {
                mask |= 1L << i;
            }
        }
        return mask;
    }

    private boolean applies(int index, long applicable, String type, JsonObject data) {
        return index < 64 ? (applicable >>> index & 1) != 0 : eventLevelMatch(appRules[index], type, data);
    }

    private boolean anyFrameSelected(String type, JsonObject data, long applicable) {
        for (JsonObject exception = data; exception != null; exception = cause(exception)) {
            if (exception.get("frames") instanceof JsonArray frames) {
                for (int i = 0; i < frames.size(); i++) {
                    if (frames.get(i) instanceof JsonObject frame
                            && lastSelecting(type, data, applicable, string(frame, "module"), string(frame, "function"))
                                    != null) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The last app rule that selects the frame (its module and function), or {@code null}. */
    private Rule lastSelecting(String type, JsonObject data, long applicable, String module, String function) {
        for (int i = appRules.length - 1; i >= 0; i--) {
            Rule rule = appRules[i];
            if (applies(i, applicable, type, data) && frameMatch(rule, module, function)) {
                return rule;
            }
        }
        return null;
    }

    private static boolean eventLevelMatch(Rule rule, String type, JsonObject data) {
        for (Matcher matcher : rule.matcherArray) {
            boolean ok = switch (matcher.field()) {
                case TYPE -> matcher.accepts(type);
                case ERROR_TYPE, ERROR_VALUE -> chainAccepts(matcher, data);
                case STACK_MODULE, STACK_FUNCTION -> true;
                default -> false; // refused by the parser
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean frameMatch(Rule rule, String module, String function) {
        for (Matcher matcher : rule.matcherArray) {
            if (matcher.field() == Field.STACK_MODULE && !matcher.accepts(module)
                    || matcher.field() == Field.STACK_FUNCTION && !matcher.accepts(function)) {
                return false;
            }
        }
        return true;
    }

    // ---- after the processor: strip and fingerprint ------------------------------------------

    /**
     * The strip and fingerprint rules that match the event, or {@code null} when none does (the
     * common case, answered without allocating).
     */
    public Applied apply(EventFacts event) {
        List<Rule> strips = null;
        Rule fingerprint = null;
        for (Rule rule : eventRules) {
            boolean isStrip = rule.action() instanceof Action.Strip;
            if (!isStrip && fingerprint != null) {
                continue;
            }
            if (!matches(rule, event)) {
                continue;
            }
            if (isStrip) {
                if (strips == null) {
                    strips = new ArrayList<>(2);
                }
                strips.add(rule);
            } else {
                fingerprint = rule;
            }
        }
        return strips == null && fingerprint == null
                ? null
                : new Applied(strips == null ? List.of() : strips, fingerprint);
    }

    static boolean matches(Rule rule, EventFacts event) {
        boolean framesMatter = false;
        for (Matcher matcher : rule.matcherArray) {
            boolean ok = switch (matcher.field()) {
                case TYPE -> matcher.accepts(event.type());
                case MESSAGE -> matcher.accepts(event.message());
                case LEVEL -> matcher.accepts(event.level());
                case TAG -> matcher.accepts(event.tag(matcher.tagKey()));
                case ERROR_TYPE, ERROR_VALUE ->
                    "exception".equals(event.type()) ? chainAccepts(matcher, event.data()) : matcher.negated();
                case STACK_MODULE, STACK_FUNCTION -> {
                    framesMatter = true;
                    yield true;
                }
            };
            if (!ok) {
                return false;
            }
        }
        return !framesMatter || framesMatch(rule, event);
    }

    /**
     * The positive {@code stack.*} matchers must all match one frame (of any exception of the
     * chain); a negated one must match no frame.
     */
    private static boolean framesMatch(Rule rule, EventFacts event) {
        if (!"exception".equals(event.type())) {
            for (Matcher matcher : rule.matcherArray) {
                if (matcher.field().frame() && !matcher.negated()) {
                    return false;
                }
            }
            return true;
        }
        boolean anyPositive = false;
        for (Matcher matcher : rule.matcherArray) {
            if (matcher.field().frame()) {
                if (matcher.negated()) {
                    if (anyFrame(event.data(), matcher)) {
                        return false;
                    }
                } else {
                    anyPositive = true;
                }
            }
        }
        if (!anyPositive) {
            return true;
        }
        for (JsonObject exception = event.data(); exception != null; exception = cause(exception)) {
            if (exception.get("frames") instanceof JsonArray frames) {
                for (int i = 0; i < frames.size(); i++) {
                    if (frames.get(i) instanceof JsonObject frame && allPositiveMatch(rule, frame)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean allPositiveMatch(Rule rule, JsonObject frame) {
        for (Matcher matcher : rule.matcherArray) {
            if (matcher.field().frame() && !matcher.negated() && !matcher.glob().matches(frameValue(matcher, frame))) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyFrame(JsonObject data, Matcher matcher) {
        for (JsonObject exception = data; exception != null; exception = cause(exception)) {
            if (exception.get("frames") instanceof JsonArray frames) {
                for (int i = 0; i < frames.size(); i++) {
                    if (frames.get(i) instanceof JsonObject frame
                            && matcher.glob().matches(frameValue(matcher, frame))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static String frameValue(Matcher matcher, JsonObject frame) {
        return string(frame, matcher.field() == Field.STACK_MODULE ? "module" : "function");
    }

    /** Any exception of the chain matches (a negated matcher: none does). */
    private static boolean chainAccepts(Matcher matcher, JsonObject data) {
        String key = matcher.field() == Field.ERROR_TYPE ? "type" : "value";
        for (JsonObject exception = data; exception != null; exception = cause(exception)) {
            if (matcher.glob().matches(string(exception, key))) {
                return !matcher.negated();
            }
        }
        return matcher.negated();
    }

    static JsonObject cause(JsonObject exception) {
        return exception.get("cause") instanceof JsonObject cause ? cause : null;
    }

    static String string(JsonObject object, String key) {
        return object != null && object.get(key) instanceof JsonString string ? string.getString() : null;
    }

    @Override
    public String toString() {
        return rules.size() + " grouping rules";
    }
}
