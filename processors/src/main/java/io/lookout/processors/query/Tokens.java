package io.lookout.processors.query;

import java.util.Arrays;

/**
 * The tokens of one SQL text, as parallel arrays of kind and character range (no substrings are
 * made). For a {@link Kind#QUOTED} identifier the range is its content without the quotes; the
 * quote character precedes it in the text.
 */
final class Tokens {

    /** What a token is. Whitespace and comments are not tokens. */
    enum Kind {
        /** An unquoted word: a keyword, an identifier, a function name, a MySQL {@code @variable}. */
        WORD,
        /** A quoted identifier: {@code "Name"} (not in MySQL) or {@code `name`}. */
        QUOTED,
        /** A string, number, hex, bit or dollar-quoted literal. */
        LITERAL,
        /** A bind placeholder: {@code ?}, {@code ?1}, {@code $1}, {@code :name}, {@code %s}, {@code %(name)s}. */
        PARAM,
        /** An optimizer hint comment, {@code /*+ ... *}{@code /}, kept verbatim. */
        HINT,
        OPEN_PAREN,
        CLOSE_PAREN,
        OPEN_BRACKET,
        CLOSE_BRACKET,
        COMMA,
        SEMICOLON,
        DOT,
        /** An operator ({@code =}, {@code <>}, {@code ::}, {@code ->>}, ...) or any other character. */
        OPERATOR
    }

    private final String text;
    private Kind[] kinds;
    private int[] starts;
    private int[] ends;
    private int size;

    Tokens(String text) {
        this.text = text;
        int capacity = Math.max(16, Math.min(text.length() / 3, 1 << 20));
        kinds = new Kind[capacity];
        starts = new int[capacity];
        ends = new int[capacity];
    }

    void add(Kind kind, int start, int end) {
        if (size == kinds.length) {
            int capacity = size * 2;
            kinds = Arrays.copyOf(kinds, capacity);
            starts = Arrays.copyOf(starts, capacity);
            ends = Arrays.copyOf(ends, capacity);
        }
        kinds[size] = kind;
        starts[size] = start;
        ends[size] = end;
        size++;
    }

    /** The text the tokens were read from. */
    String text() {
        return text;
    }

    int size() {
        return size;
    }

    /** The kind of token {@code i}, or {@code null} past the end (so look-ahead needs no bounds check). */
    Kind kind(int i) {
        return i < size ? kinds[i] : null;
    }

    int start(int i) {
        return starts[i];
    }

    int end(int i) {
        return ends[i];
    }

    /** Whether token {@code i} is the single character {@code c}. */
    boolean is(int i, char c) {
        return i < size && ends[i] - starts[i] == 1 && text.charAt(starts[i]) == c;
    }

    /** Whether token {@code i} is a word equal to {@code lowerCaseWord}, ignoring case. */
    boolean isWord(int i, String lowerCaseWord) {
        return i < size
                && kinds[i] == Kind.WORD
                && ends[i] - starts[i] == lowerCaseWord.length()
                && text.regionMatches(true, starts[i], lowerCaseWord, 0, lowerCaseWord.length());
    }

    /** The text of token {@code i} (for a quoted identifier: its raw content). */
    String text(int i) {
        return text.substring(starts[i], ends[i]);
    }
}
