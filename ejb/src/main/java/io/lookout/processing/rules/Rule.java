package io.lookout.processing.rules;

import java.util.List;

/**
 * One compiled rule.
 *
 * @param line its line in the rules text, from 1
 * @param text the rule as written (without a trailing comment)
 * @param matchers at least one, all must match
 * @param action what it does
 */
public record Rule(int line, String text, List<Matcher> matchers, Action action) {

    public Rule {
        matchers = List.copyOf(matchers);
    }

    /** {@code "line 3: message:*user-* -> strip "user-\d+""}, as the grouping description names it. */
    public String describe() {
        return "line " + line + ": " + text;
    }
}
