package io.lookout.processors.message;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces the parts of a text that vary between occurrences of "the same" message (numbers, ids,
 * addresses, quoted values, timestamps) with placeholders, so that such messages share a checksum.
 * Order matters: the more specific patterns run first.
 */
final class VariableParts {

    private record Rule(Pattern pattern, String placeholder) {
    }

    private static final List<Rule> RULES = List.of(
            rule("\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s\"'<>]+", "<url>"),
            rule("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}", "<email>"),
            rule("\\b\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?", "<timestamp>"),
            rule("\\b\\d{1,2}:\\d{2}:\\d{2}(?:[.,]\\d+)?\\b", "<time>"),
            rule("\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b", "<uuid>"),
            rule("\\b(?:\\d{1,3}\\.){3}\\d{1,3}(?::\\d{1,5})?\\b", "<ip>"),
            rule("(?<![\\w:])(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}(?![\\w:])", "<ip>"),
            rule("\"(?:[^\"\\\\]|\\\\.)*\"", "\"<str>\""),
            rule("'(?:[^'\\\\]|\\\\.)*'", "'<str>'"),
            rule("\\b0[xX][0-9a-fA-F]+\\b", "<hex>"),
            rule("\\b(?=[0-9a-fA-F]*\\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\\b", "<hex>"),
            rule("(?<![\\w.])[-+]?\\d+(?:\\.\\d+)?(?![\\w.])", "<num>"));

    private VariableParts() {
    }

    private static Rule rule(String regex, String placeholder) {
        return new Rule(Pattern.compile(regex), Matcher.quoteReplacement(placeholder));
    }

    /** The text with every variable part replaced by its placeholder. */
    static String normalize(String text) {
        String result = text;
        for (Rule rule : RULES) {
            result = rule.pattern().matcher(result).replaceAll(rule.placeholder());
        }
        return result;
    }
}
