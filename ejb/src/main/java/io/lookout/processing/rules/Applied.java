package io.lookout.processing.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The rules that matched one event: the {@code strip} rules in order, and the {@code fingerprint}
 * rule that won, if any.
 */
public record Applied(List<Rule> strips, Rule fingerprint) {

    public Applied {
        strips = List.copyOf(strips);
    }

    /** The part with every matching strip rule's matches replaced by {@link GroupingRules#STRIPPED}. */
    public String strip(String part) {
        String result = part;
        for (Rule rule : strips) {
            result = pattern(rule).matcher(result).replaceAll(GroupingRules.STRIPPED);
        }
        return result;
    }

    /** The parts, each {@linkplain #strip(String) stripped}. */
    public List<String> strip(List<String> parts) {
        if (strips.isEmpty() || parts == null) {
            return parts;
        }
        List<String> stripped = new ArrayList<>(parts.size());
        for (String part : parts) {
            stripped.add(strip(part));
        }
        return stripped;
    }

    /**
     * Tells {@code removed} each text a strip rule took out of {@code part}, with the rule, in the
     * order the rules apply.
     */
    public void stripped(String part, BiConsumer<String, Rule> removed) {
        String result = part;
        for (Rule rule : strips) {
            java.util.regex.Matcher matcher = pattern(rule).matcher(result);
            boolean found = false;
            while (matcher.find()) {
                found = true;
                removed.accept(matcher.group(), rule);
            }
            if (found) {
                result = matcher.replaceAll(GroupingRules.STRIPPED);
            }
        }
    }

    /**
     * The fingerprint rule's parts with the event's values filled in (and stripped);
     * {@code {{ default }}} stays as {@code defaultPlaceholder}. {@code null} without a fingerprint rule.
     */
    public List<String> fingerprint(EventFacts event, String defaultPlaceholder) {
        if (fingerprint == null) {
            return null;
        }
        List<Action.Part> parts = ((Action.Fingerprint) fingerprint.action()).parts();
        List<String> resolved = new ArrayList<>(parts.size());
        for (Action.Part part : parts) {
            if (part instanceof Action.Literal literal) {
                resolved.add(literal.text());
            } else if (part instanceof Action.Value value) {
                resolved.add(strip(value(event, value)));
            } else {
                resolved.add(defaultPlaceholder);
            }
        }
        return resolved;
    }

    private static String value(EventFacts event, Action.Value value) {
        String text = switch (value.field()) {
            case TYPE -> event.type();
            case MESSAGE -> event.message();
            case TAG -> event.tag(value.tagKey());
            case ERROR_TYPE -> "exception".equals(event.type()) ? GroupingRules.string(event.data(), "type") : null;
            default -> null;
        };
        return text == null ? "" : text;
    }

    private static Pattern pattern(Rule rule) {
        return ((Action.Strip) rule.action()).pattern();
    }
}
