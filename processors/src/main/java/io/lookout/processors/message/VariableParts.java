package io.lookout.processors.message;

import io.lookout.processors.spi.ProcessedEvent;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces the parts of a text that vary between occurrences of "the same" message (numbers, ids,
 * addresses, quoted values, timestamps) with placeholders, so that such messages share a checksum.
 * Order matters: the more specific patterns run first. Used by the {@code message} processor and
 * by the {@code exception} processor for the value of an exception without frames.
 *
 * <p>Placeholders: {@code <url>}, {@code <email>}, {@code <timestamp>}, {@code <time>},
 * {@code <uuid>}, {@code <ip>}, {@code "<str>"}, {@code '<str>'}, {@code <hex>}, {@code <num>}.
 *
 * <p>The work is linear in the length of the text, whatever the text: every pattern either matches
 * a bounded length at each position, or may start only at the beginning of a run of the
 * characters it consumes (a negative look-behind) and consumes that run possessively, so that no
 * position is scanned more than a few times and nothing is given back to backtracking. No pattern
 * repeats a group with unbounded backtracking (which {@code java.util.regex} implements by
 * recursion, and which overflowed the stack on an 8 KB quoted string); quoted strings are found by
 * a hand-written scan instead of a regular expression.
 */
public final class VariableParts {

    private record Rule(Pattern pattern, String placeholder, String label) {}

    /** Characters of the local part of an e-mail address. */
    private static final String LOCAL = "A-Za-z0-9._%+-";

    private static final List<Rule> BEFORE_QUOTES = List.of(
            // scheme://rest: starts only where a run of scheme characters starts
            rule("(?<![a-zA-Z0-9+.-])[a-zA-Z][a-zA-Z0-9+.-]*+://[^\\s\"'<>]++", "<url>"),
            // local@domain.tld: the domain is labels joined by dots and ends in 2-63 letters
            rule(
                    "(?<![" + LOCAL + "])[" + LOCAL + "]++@[A-Za-z0-9-]++(?:\\.[A-Za-z0-9-]++)*+(?<=\\.[A-Za-z]{2,63})",
                    "<email>"),
            rule(
                    "\\b\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d++)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?",
                    "<timestamp>"),
            rule("\\b\\d{1,2}:\\d{2}:\\d{2}(?:[.,]\\d++)?\\b", "<time>"),
            rule("\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b", "<uuid>"),
            rule("\\b(?:\\d{1,3}\\.){3}\\d{1,3}(?::\\d{1,5})?\\b", "<ip>"),
            rule("(?<![\\w:])(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}(?![\\w:])", "<ip>"));

    private static final List<Rule> AFTER_QUOTES = List.of(
            rule("\\b0[xX][0-9a-fA-F]++\\b", "<hex>"),
            // 8+ hex digits with at least one digit and one letter a-f: the run of letters before
            // the first digit (or of digits before the first letter) is scanned possessively
            rule("\\b(?=[a-fA-F]*+\\d)(?=\\d*+[a-fA-F])[0-9a-fA-F]{8,}+\\b", "<hex>"),
            rule("(?<![\\w.])[-+]?\\d++(?:\\.\\d++)?+(?![\\w.])", "<num>"));

    /** Stripped parts described one by one; more are counted. */
    static final int MAX_DESCRIBED = 20;
    /** Characters of a stripped part as described. */
    static final int MAX_DESCRIBED_LENGTH = 200;

    private VariableParts() {}

    private static Rule rule(String regex, String placeholder) {
        return new Rule(Pattern.compile(regex), Matcher.quoteReplacement(placeholder), placeholder);
    }

    /** A variable part taken out of a text: what it was, and the placeholder that replaced it. */
    public record Stripped(String text, String placeholder) {}

    /** The text with every variable part replaced by its placeholder. */
    public static String normalize(String text) {
        return normalize(text, null);
    }

    /**
     * The text with every variable part replaced by its placeholder; each replaced part is added to
     * {@code stripped} (when not null) in the order the rules found them. A part found by a later
     * rule may hold the placeholder of an earlier one (a quoted e-mail address: {@code "<email>"}).
     */
    public static String normalize(String text, List<Stripped> stripped) {
        String result = text;
        for (Rule rule : BEFORE_QUOTES) {
            result = replace(rule, result, stripped);
        }
        result = replaceQuoted(result, '"', stripped);
        result = replaceQuoted(result, '\'', stripped);
        for (Rule rule : AFTER_QUOTES) {
            result = replace(rule, result, stripped);
        }
        return result;
    }

    /**
     * Describes the parts {@link #normalize(String, List)} took out as left out of the checksum: the
     * first {@value #MAX_DESCRIBED} one by one (each cut to {@value #MAX_DESCRIBED_LENGTH}
     * characters), the rest as a count.
     */
    public static void describe(ProcessedEvent.Builder result, List<Stripped> stripped) {
        for (int i = 0; i < stripped.size() && i < MAX_DESCRIBED; i++) {
            Stripped part = stripped.get(i);
            String text = part.text();
            result.leftOut(
                    "variable part",
                    text.length() <= MAX_DESCRIBED_LENGTH ? text : text.substring(0, MAX_DESCRIBED_LENGTH) + "…",
                    "replaced by " + part.placeholder());
        }
        if (stripped.size() > MAX_DESCRIBED) {
            int more = stripped.size() - MAX_DESCRIBED;
            result.leftOut("variable parts", more + " more", "replaced by their placeholders");
        }
    }

    private static String replace(Rule rule, String text, List<Stripped> stripped) {
        Matcher matcher = rule.pattern().matcher(text);
        if (stripped == null) {
            return matcher.replaceAll(rule.placeholder());
        }
        return matcher.replaceAll(match -> {
            stripped.add(new Stripped(match.group(), rule.label()));
            return rule.placeholder();
        });
    }

    static String replaceQuoted(String text, char quote) {
        return replaceQuoted(text, quote, null);
    }

    /**
     * Replaces every quoted string ({@code quote}, any characters where a backslash escapes the
     * next one, {@code quote}) with {@code quote<str>quote}. An opening quote without a closing
     * one is left as it is, and so is the rest of the text: when the scan from an unterminated
     * quote reaches the end, a scan from any later quote would reach the end too.
     */
    private static String replaceQuoted(String text, char quote, List<Stripped> stripped) {
        int open = text.indexOf(quote);
        if (open < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        while (open >= 0) {
            int close = -1;
            for (int i = open + 1; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    close = i;
                    break;
                }
            }
            if (close < 0) {
                break;
            }
            out.append(text, copied, open).append(quote).append("<str>").append(quote);
            if (stripped != null) {
                stripped.add(new Stripped(text.substring(open, close + 1), quote + "<str>" + quote));
            }
            copied = close + 1;
            open = text.indexOf(quote, copied);
        }
        return out.append(text, copied, text.length()).toString();
    }
}
