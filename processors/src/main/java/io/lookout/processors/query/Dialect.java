package io.lookout.processors.query;

/**
 * The SQL dialect a statement is lexed in. It decides only the lexical rules that differ between
 * the engines (what a double quote, a backslash, a {@code #} or a {@code $} means); the
 * normalisation rules themselves are the same for every dialect.
 */
enum Dialect {

    /**
     * No engine given: PostgreSQL and MySQL features are both accepted where they do not
     * conflict. Double quotes delimit identifiers (ANSI), backslashes escape in strings (MySQL),
     * {@code $$} and {@code $tag$} quote strings (PostgreSQL), {@code #} starts a comment unless
     * it is followed by {@code >} (PostgreSQL's {@code #>} and {@code #>>}).
     */
    GENERIC,

    /** PostgreSQL, with {@code standard_conforming_strings} on (the default since 9.1). */
    POSTGRESQL,

    /** MySQL and MariaDB, with the default SQL mode (no {@code ANSI_QUOTES}). */
    MYSQL;

    /** The dialect of an event's {@code data.engine}; {@code null} selects {@link #GENERIC}. */
    static Dialect ofEngine(String engine) {
        if (engine == null) {
            return GENERIC;
        }
        return switch (engine) {
            case "postgresql" -> POSTGRESQL;
            case "mysql" -> MYSQL;
            default -> throw new IllegalArgumentException("unknown engine: " + engine);
        };
    }

    /** Whether {@code \} escapes the next character in a {@code '...'} string. */
    boolean backslashEscapes() {
        return this != POSTGRESQL;
    }

    /** Whether {@code "..."} is a string literal (otherwise it is a quoted identifier). */
    boolean doubleQuotedStrings() {
        return this == MYSQL;
    }

    /** Whether {@code $$...$$} and {@code $tag$...$tag$} are string literals. */
    boolean dollarQuoting() {
        return this != MYSQL;
    }

    /** Whether {@code /* ... *}{@code /} comments nest. */
    boolean nestedComments() {
        return this == POSTGRESQL;
    }

    /** Whether {@code /*! ... *}{@code /} is MySQL's executable comment (its content is SQL). */
    boolean executableComments() {
        return this != POSTGRESQL;
    }

    /** Whether {@code --} starts a comment only when followed by whitespace (MySQL). */
    boolean dashDashNeedsSpace() {
        return this == MYSQL;
    }

    /** Whether {@code #} at {@code text[i]} starts a comment. */
    boolean hashComment(CharSequence text, int i) {
        return switch (this) {
            case MYSQL -> true;
            case POSTGRESQL -> false;
            case GENERIC -> i + 1 >= text.length() || text.charAt(i + 1) != '>';
        };
    }
}
