package io.lookout.processing.rules;

import java.util.List;

/** One compiled rule: its line, its text, its matchers (all must match) and its action. */
public final class Rule {

    private final int line;
    private final String text;
    private final List<Matcher> matchers;
    private final Action action;
    /** The matchers as an array: walked per event without an iterator. */
    final Matcher[] matcherArray;

    /**
     * @param line its line in the rules text, from 1
     * @param text the rule as written (without a trailing comment)
     */
    public Rule(int line, String text, List<Matcher> matchers, Action action) {
        this.line = line;
        this.text = text;
        this.matchers = List.copyOf(matchers);
        this.action = action;
        this.matcherArray = this.matchers.toArray(Matcher[]::new);
    }

    public int line() {
        return line;
    }

    public String text() {
        return text;
    }

    public List<Matcher> matchers() {
        return matchers;
    }

    public Action action() {
        return action;
    }

    /** {@code "line 3: message:*user-* -> strip "user-\d+""}, as the grouping description names it. */
    public String describe() {
        return "line " + line + ": " + text;
    }

    @Override
    public String toString() {
        return describe();
    }
}
