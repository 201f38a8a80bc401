package io.lookout.processors.query;

import io.lookout.processors.query.Tokens.Kind;
import java.util.Arrays;

/**
 * Turns a SQL statement into its fingerprint: the text that stays the same when only the values
 * change. {@code SELECT * FROM users WHERE id = 42 AND name IN ('a', 'b')} and
 * {@code select *  from USERS where id=7 and name in ('c')} both become
 * {@code select * from users where id = ? and name in (?+)}.
 *
 * <p>The rules (see {@code docs/processors-query.md} for examples):
 * <ul>
 * <li>comments are dropped, optimizer hints ({@code /*+ ... *}{@code /}) are kept;
 * <li>literals (strings, numbers with their sign, hex and bit strings, dollar-quoted strings,
 *     {@code TRUE}, {@code FALSE}, {@code NULL}) and placeholders ({@code ?}, {@code $1},
 *     {@code :name}) become {@code ?}; {@code IS [NOT] NULL/TRUE/FALSE} and {@code NOT NULL} stay;
 * <li>lists of values collapse: {@code IN (1, 2, 3)} to {@code in (?+)}, {@code ARRAY[1, 2]} to
 *     {@code array[?+]}, the rows after the first of a {@code VALUES} list to {@code , ...}, and
 *     repeated identical {@code UNION} branches to {@code union ...};
 * <li>{@code LIMIT n, m} and {@code LIMIT n OFFSET m} become {@code limit ?}; {@code ASC} is dropped;
 * <li>unquoted words are lower-cased; a quoted identifier keeps its case, and loses its quotes
 *     when it is a plain lower-case name that is not a reserved word;
 * <li>spacing is canonical: one space between tokens, none inside parentheses and brackets,
 *     before a comma, around a dot or {@code ::}, or between a function name and its parenthesis;
 *     trailing semicolons are dropped.
 * </ul>
 *
 * <p>The text is read once by {@link SqlLexer}; the tokens are then written once, and the list
 * collapses look ahead at most over the list they remove. Nothing recurses, so any input of
 * length n takes O(n) time and memory.
 */
final class SqlNormalizer {

    /** What was written last, which decides the spacing and whether a minus is a sign. */
    private enum Out {
        START,
        KEYWORD,
        WORD,
        VALUE,
        OPEN,
        OPEN_BRACKET,
        CLOSE,
        COMMA,
        DOT,
        JOINER,
        OPERATOR,
        SIGN,
        SEMICOLON,
        HINT
    }

    private final Tokens tokens;
    private final int end;
    private final StringBuilder out;
    private final RepeatedUnions unions;
    private Out previous = Out.START;
    private String previousWord;
    private int depth;
    private int[] valuesDepths = new int[8];
    private int valuesCount;

    private SqlNormalizer(Tokens tokens) {
        this.tokens = tokens;
        int last = tokens.size();
        while (last > 0 && tokens.kind(last - 1) == Kind.SEMICOLON) {
            last--;
        }
        this.end = last;
        this.out = new StringBuilder(Math.min(tokens.text().length(), 1 << 16));
        this.unions = new RepeatedUnions(out);
    }

    /** The fingerprint, statement kind and culprit of {@code sql} read as {@code dialect}. */
    static NormalizedQuery normalize(String sql, Dialect dialect) {
        Tokens tokens = SqlLexer.lex(sql, dialect);
        String fingerprint = new SqlNormalizer(tokens).write();
        return StatementSummary.summarize(tokens, fingerprint);
    }

    /** A word lower-cased, or a quoted identifier in its canonical form. */
    static String renderName(Tokens tokens, int i) {
        if (tokens.kind(i) == Kind.WORD) {
            return lowerAscii(tokens.text(), tokens.start(i), tokens.end(i));
        }
        char quote = tokens.text().charAt(tokens.start(i) - 1);
        String doubled = String.valueOf(quote) + quote;
        String name = tokens.text(i).replace(doubled, String.valueOf(quote));
        if (isPlainName(name) && !Keywords.RESERVED.contains(name)) {
            return name;
        }
        return quote + name.replace(String.valueOf(quote), doubled) + quote;
    }

    private String write() {
        unions.open(0);
        int i = 0;
        while (i < end) {
            i = switch (tokens.kind(i)) {
                case WORD -> word(i);
                case QUOTED -> emit(renderName(tokens, i), Out.WORD, i);
                case LITERAL, PARAM -> emit("?", Out.VALUE, i);
                case HINT -> emit(hint(i), Out.HINT, i);
                case OPEN_PAREN -> {
                    emit("(", Out.OPEN, i);
                    depth++;
                    unions.open(depth);
                    yield i + 1;
                }
                case CLOSE_PAREN -> closeParen(i);
                case OPEN_BRACKET -> emit("[", Out.OPEN_BRACKET, i);
                case CLOSE_BRACKET -> emit("]", Out.CLOSE, i);
                case COMMA -> emit(",", Out.COMMA, i);
                case DOT -> emit(".", Out.DOT, i);
                case SEMICOLON -> semicolon(i);
                case OPERATOR -> operator(i);
            };
        }
        branchEnds();
        return out.toString();
    }

    // ----------------------------------------------------------------------------------------
    // tokens

    private int word(int i) {
        String word = lowerAscii(tokens.text(), tokens.start(i), tokens.end(i));
        switch (word) {
            case "null", "true", "false" -> {
                boolean predicate = (previous == Out.KEYWORD || previous == Out.WORD)
                        && ("is".equals(previousWord) || "not".equals(previousWord));
                if (predicate) {
                    emitWord(word);
                } else {
                    emit("?", Out.VALUE);
                }
                return i + 1;
            }
            case "asc" -> {
                return i + 1;
            }
            case "in", "array" -> {
                boolean in = word.equals("in");
                Kind open = in ? Kind.OPEN_PAREN : Kind.OPEN_BRACKET;
                int after = tokens.kind(i + 1) == open
                        ? valueList(i + 1, open, in ? Kind.CLOSE_PAREN : Kind.CLOSE_BRACKET)
                        : -1;
                if (after >= 0) {
                    emitWord(word);
                    emit(in ? "(" : "[", in ? Out.OPEN : Out.OPEN_BRACKET);
                    emit("?+", Out.VALUE);
                    emit(in ? ")" : "]", Out.CLOSE);
                    return after;
                }
            }
            case "values", "value" -> {
                if (tokens.kind(i + 1) == Kind.OPEN_PAREN
                        || tokens.isWord(i + 1, "row") && tokens.kind(i + 2) == Kind.OPEN_PAREN) {
                    pushValues(depth);
                }
            }
            case "limit" -> {
                if (isValue(i + 1)
                        && (tokens.kind(i + 2) == Kind.COMMA || tokens.isWord(i + 2, "offset"))
                        && isValue(i + 3)) {
                    emitWord(word);
                    emit("?", Out.VALUE);
                    return i + 4;
                }
            }
            case "union", "intersect", "except" -> {
                return setOperation(i, word);
            }
            default -> {}
        }
        emitWord(word);
        return i + 1;
    }

    private int operator(int i) {
        String operator = tokens.text(i);
        if ((operator.equals("-") || operator.equals("+")) && expectsOperand()) {
            Kind next = tokens.kind(i + 1);
            if (next == Kind.LITERAL || next == Kind.PARAM) {
                return i + 1; // a sign: part of the literal that follows
            }
            return emit(operator, Out.SIGN, i);
        }
        return emit(operator, operator.equals("::") || operator.equals(":") ? Out.JOINER : Out.OPERATOR, i);
    }

    private int closeParen(int i) {
        branchEnds();
        emit(")", Out.CLOSE);
        if (depth > 0) {
            depth--;
        }
        if (valuesCount > 0 && valuesDepths[valuesCount - 1] == depth) {
            valuesCount--;
            return skipFurtherRows(i + 1);
        }
        return i + 1;
    }

    private int semicolon(int i) {
        branchEnds();
        emit(";", Out.SEMICOLON);
        depth = 0;
        valuesCount = 0;
        unions.open(0);
        return i + 1;
    }

    private int setOperation(int i, String word) {
        branchEnds();
        emitWord(word);
        String operation = word;
        int next = i + 1;
        if (tokens.isWord(next, "all") || tokens.isWord(next, "distinct")) {
            String quantifier = lowerAscii(tokens.text(), tokens.start(next), tokens.end(next));
            emitWord(quantifier);
            operation = word + " " + quantifier;
            next++;
        }
        unions.operationWritten(depth, operation);
        return next;
    }

    private void branchEnds() {
        if (unions.branchEnds(depth)) {
            previous = Out.VALUE;
            previousWord = null;
        }
    }

    // ----------------------------------------------------------------------------------------
    // lists

    /**
     * If the group opened at {@code open} holds only values, commas, signs and nested groups
     * (and at least one value), the index after its close; otherwise -1. It reads at most up to
     * the first token that is none of these, which no later list scan reads again.
     */
    private int valueList(int open, Kind opening, Kind closing) {
        int nesting = 0;
        boolean anyValue = false;
        for (int j = open; j < end; j++) {
            Kind kind = tokens.kind(j);
            if (kind == opening) {
                nesting++;
            } else if (kind == closing) {
                if (--nesting == 0) {
                    return anyValue ? j + 1 : -1;
                }
            } else if (kind == Kind.LITERAL
                    || kind == Kind.PARAM
                    || tokens.isWord(j, "null")
                    || tokens.isWord(j, "true")
                    || tokens.isWord(j, "false")) {
                anyValue = true;
            } else if (kind != Kind.COMMA && !tokens.is(j, '-') && !tokens.is(j, '+')) {
                return -1;
            }
        }
        return -1;
    }

    /** After the first row of a VALUES list: skips {@code , (...)} rows and writes {@code , ...} for them. */
    private int skipFurtherRows(int start) {
        int j = start;
        boolean skipped = false;
        while (tokens.kind(j) == Kind.COMMA) {
            int open = tokens.isWord(j + 1, "row") ? j + 2 : j + 1;
            if (tokens.kind(open) != Kind.OPEN_PAREN) {
                break;
            }
            j = skipGroup(open);
            skipped = true;
        }
        if (skipped) {
            emit(",", Out.COMMA);
            emit("...", Out.VALUE);
        }
        return j;
    }

    /** The index after the parenthesis that closes the one at {@code open}, or the end. */
    private int skipGroup(int open) {
        int nesting = 0;
        for (int j = open; j < end; j++) {
            Kind kind = tokens.kind(j);
            if (kind == Kind.OPEN_PAREN) {
                nesting++;
            } else if (kind == Kind.CLOSE_PAREN && --nesting == 0) {
                return j + 1;
            }
        }
        return end;
    }

    private void pushValues(int valuesDepth) {
        if (valuesCount == valuesDepths.length) {
            valuesDepths = Arrays.copyOf(valuesDepths, valuesCount * 2);
        }
        valuesDepths[valuesCount++] = valuesDepth;
    }

    private boolean isValue(int i) {
        Kind kind = tokens.kind(i);
        return kind == Kind.LITERAL || kind == Kind.PARAM;
    }

    // ----------------------------------------------------------------------------------------
    // output

    private void emitWord(String word) {
        emit(word, Keywords.CLAUSE.contains(word) ? Out.KEYWORD : Out.WORD);
        previousWord = word;
    }

    private int emit(String text, Out kind, int i) {
        emit(text, kind);
        return i + 1;
    }

    private void emit(String text, Out kind) {
        if (spaceBetween(previous, kind)) {
            out.append(' ');
        }
        out.append(text);
        previous = kind;
        previousWord = null;
    }

    private static boolean spaceBetween(Out before, Out next) {
        switch (before) {
            case START, OPEN, OPEN_BRACKET, DOT, JOINER, SIGN -> {
                return false;
            }
            default -> {}
        }
        return switch (next) {
            case CLOSE, COMMA, DOT, JOINER, SEMICOLON -> false;
            case OPEN -> before != Out.WORD;
            case OPEN_BRACKET ->
                before != Out.WORD && before != Out.KEYWORD && before != Out.CLOSE && before != Out.VALUE;
            default -> true;
        };
    }

    /** Whether a {@code -} or {@code +} here is a sign (an operand is expected) rather than an operator. */
    private boolean expectsOperand() {
        return switch (previous) {
            case START, OPEN, OPEN_BRACKET, COMMA, OPERATOR, SIGN, SEMICOLON, HINT, JOINER -> true;
            case KEYWORD, WORD -> previousWord != null && Keywords.BEFORE_OPERAND.contains(previousWord);
            case VALUE, CLOSE, DOT -> false;
        };
    }

    private String hint(int i) {
        String text = tokens.text();
        StringBuilder hint = new StringBuilder(tokens.end(i) - tokens.start(i));
        boolean space = false;
        for (int j = tokens.start(i); j < tokens.end(i); j++) {
            char c = text.charAt(j);
            if (SqlLexer.isSpace(c)) {
                space = true;
            } else {
                if (space) {
                    hint.append(' ');
                    space = false;
                }
                hint.append(c);
            }
        }
        return hint.toString();
    }

    // ----------------------------------------------------------------------------------------
    // names

    private static boolean isPlainName(String name) {
        if (name.isEmpty() || !(name.charAt(0) >= 'a' && name.charAt(0) <= 'z' || name.charAt(0) == '_')) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** {@code text[start, end)} with A-Z lower-cased; other characters as they are (PostgreSQL folds only ASCII). */
    static String lowerAscii(String text, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] chars = new char[end - start];
                text.getChars(start, end, chars, 0);
                for (int j = i - start; j < chars.length; j++) {
                    if (chars[j] >= 'A' && chars[j] <= 'Z') {
                        chars[j] = (char) (chars[j] + ('a' - 'A'));
                    }
                }
                return new String(chars);
            }
        }
        return text.substring(start, end);
    }
}
