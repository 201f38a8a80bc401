package io.lookout.processing.rules;

/**
 * One {@code [!]field:pattern} of a rule.
 *
 * @param field what it looks at
 * @param tagKey the key of a {@code tags.KEY} matcher, else {@code null}
 * @param negated written with {@code !}
 * @param glob the compiled pattern
 */
public record Matcher(Field field, String tagKey, boolean negated, Glob glob) {

    /** Whether a single value passes (the negation applied); a missing value matches no pattern. */
    boolean accepts(String value) {
        return glob.matches(value) != negated;
    }

    @Override
    public String toString() {
        return (negated ? "!" : "") + (field == Field.TAG ? "tags." + tagKey : field.syntax()) + ":" + glob;
    }
}
