package io.lookout.processing.rules;

/**
 * A compiled glob: {@code *} matches any run of characters (dots included), {@code ?} one
 * character, everything else itself (case-sensitive). Plain shapes ({@code abc}, {@code abc*},
 * {@code *abc}, {@code *abc*}, {@code *}) are answered by {@link String} methods; other patterns by
 * a wildcard walk that backtracks only to the last star, tried only on texts that contain the
 * pattern's longest literal run. Neither allocates.
 */
public final class Glob {

    private enum Shape {
        ANY,
        EXACT,
        PREFIX,
        SUFFIX,
        CONTAINS,
        GENERAL
    }

    private final String pattern;
    private final Shape shape;
    /** The literal of a plain shape; for a general one, its longest literal run. */
    private final String literal;

    private Glob(String pattern, Shape shape, String literal) {
        this.pattern = pattern;
        this.shape = shape;
        this.literal = literal;
    }

    public static Glob compile(String pattern) {
        if (pattern.indexOf('?') < 0) {
            int stars = count(pattern, '*');
            if (stars == 0) {
                return new Glob(pattern, Shape.EXACT, pattern);
            }
            if (pattern.chars().allMatch(c -> c == '*')) {
                return new Glob(pattern, Shape.ANY, "");
            }
            if (stars == 1 && pattern.endsWith("*")) {
                return new Glob(pattern, Shape.PREFIX, pattern.substring(0, pattern.length() - 1));
            }
            if (stars == 1 && pattern.startsWith("*")) {
                return new Glob(pattern, Shape.SUFFIX, pattern.substring(1));
            }
            if (stars == 2 && pattern.length() > 2 && pattern.startsWith("*") && pattern.endsWith("*")) {
                return new Glob(pattern, Shape.CONTAINS, pattern.substring(1, pattern.length() - 1));
            }
        }
        return new Glob(pattern, Shape.GENERAL, longestLiteral(pattern));
    }

    /** The longest run of the pattern without wildcards: a text that lacks it cannot match. */
    private static String longestLiteral(String pattern) {
        String longest = "";
        int start = 0;
        for (int i = 0; i <= pattern.length(); i++) {
            if (i == pattern.length() || pattern.charAt(i) == '*' || pattern.charAt(i) == '?') {
                if (i - start > longest.length()) {
                    longest = pattern.substring(start, i);
                }
                start = i + 1;
            }
        }
        return longest;
    }

    /** Whether the whole of {@code text} matches; {@code null} (a missing value) matches nothing. */
    public boolean matches(String text) {
        if (text == null) {
            return false;
        }
        return switch (shape) {
            case ANY -> true;
            case EXACT -> text.equals(literal);
            case PREFIX -> text.startsWith(literal);
            case SUFFIX -> text.endsWith(literal);
            case CONTAINS -> text.contains(literal);
            case GENERAL -> text.contains(literal) && wildcard(pattern, text);
        };
    }

    /** The pattern as written. */
    public String pattern() {
        return pattern;
    }

    @Override
    public String toString() {
        return pattern;
    }

    /**
     * The classic iterative match: on a mismatch, go back to just after the last star and let it
     * swallow one more character. At most (text × pattern) steps, no recursion, no allocation.
     */
    private static boolean wildcard(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    private static int count(String text, char c) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }
}
