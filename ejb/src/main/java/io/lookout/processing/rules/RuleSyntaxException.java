package io.lookout.processing.rules;

/**
 * A grouping rule text that does not parse: where (line and column, both from 1) and what is wrong.
 * The message reads {@code "line 3, column 9: unknown field 'stack.modul'; known: ..."}.
 */
public class RuleSyntaxException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final String problem;

    public RuleSyntaxException(int line, int column, String problem) {
        super(line > 0 ? "line " + line + ", column " + column + ": " + problem : problem);
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    /** The line, from 1; 0 when the problem is the text as a whole (its size). */
    public int line() {
        return line;
    }

    /** The column, from 1; 0 when the problem is the text as a whole. */
    public int column() {
        return column;
    }

    /** What is wrong, without the position. */
    public String problem() {
        return problem;
    }
}
