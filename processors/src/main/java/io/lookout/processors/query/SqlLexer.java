package io.lookout.processors.query;

import io.lookout.processors.query.Tokens.Kind;

/**
 * Splits SQL text into {@link Tokens} in one forward pass. Every branch advances the position and
 * nothing is ever re-read, so the time is linear in the length of the text whatever it contains
 * (unterminated strings and comments run to the end of the text). Whitespace and comments are
 * dropped, except optimizer hints ({@code /*+ ... *}{@code /}); the markers of a MySQL executable
 * comment ({@code /*!50100 ... *}{@code /}) are dropped and its content is read as SQL.
 */
final class SqlLexer {

    private final String text;
    private final int length;
    private final Dialect dialect;
    private final Tokens tokens;
    private int pos;
    private boolean inExecutableComment;

    private SqlLexer(String text, Dialect dialect) {
        this.text = text;
        this.length = text.length();
        this.dialect = dialect;
        this.tokens = new Tokens(text);
    }

    /** The tokens of {@code text} read with the lexical rules of {@code dialect}. */
    static Tokens lex(String text, Dialect dialect) {
        SqlLexer lexer = new SqlLexer(text, dialect);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (pos < length) {
            char c = text.charAt(pos);
            if (isSpace(c)) {
                pos++;
                continue;
            }
            switch (c) {
                case '\'' -> string(pos, pos + 1, '\'', dialect.backslashEscapes());
                case '"' -> {
                    if (dialect.doubleQuotedStrings()) {
                        string(pos, pos + 1, '"', true);
                    } else {
                        quoted('"');
                    }
                }
                case '`' -> quoted('`');
                case '(' -> single(Kind.OPEN_PAREN);
                case ')' -> single(Kind.CLOSE_PAREN);
                case '[' -> single(Kind.OPEN_BRACKET);
                case ']' -> single(Kind.CLOSE_BRACKET);
                case ',' -> single(Kind.COMMA);
                case ';' -> single(Kind.SEMICOLON);
                case '-' -> {
                    if (startsLineComment(pos)) {
                        lineComment();
                    } else {
                        operator();
                    }
                }
                case '#' -> {
                    if (dialect.hashComment(text, pos)) {
                        lineComment();
                    } else {
                        operator();
                    }
                }
                case '/' -> {
                    if (at(pos + 1) == '*') {
                        blockComment();
                    } else {
                        operator();
                    }
                }
                case '*' -> {
                    if (inExecutableComment && at(pos + 1) == '/') {
                        inExecutableComment = false;
                        pos += 2;
                    } else {
                        operator();
                    }
                }
                case '$' -> dollar();
                case '?' -> question();
                case ':' -> colon();
                case '@' -> atSign();
                case '%' -> percent();
                case '.' -> {
                    if (isDigit(at(pos + 1)) && !previousIsOperand()) {
                        number();
                    } else {
                        single(Kind.DOT);
                    }
                }
                default -> {
                    if (isDigit(c)) {
                        number();
                    } else if (isIdentifierStart(c)) {
                        word();
                    } else if (isOperatorChar(c)) {
                        operator();
                    } else {
                        single(Kind.OPERATOR);
                    }
                }
            }
        }
    }

    /** The character at {@code i}, or {@code 0} past the end. */
    private char at(int i) {
        return i < length ? text.charAt(i) : 0;
    }

    private void single(Kind kind) {
        tokens.add(kind, pos, pos + 1);
        pos++;
    }

    private boolean previousIsOperand() {
        int last = tokens.size() - 1;
        Kind kind = tokens.kind(last < 0 ? Integer.MAX_VALUE : last);
        return kind == Kind.WORD || kind == Kind.QUOTED || kind == Kind.CLOSE_PAREN || kind == Kind.CLOSE_BRACKET;
    }

    // ----------------------------------------------------------------------------------------
    // comments

    private boolean startsLineComment(int i) {
        if (at(i) != '-' || at(i + 1) != '-') {
            return false;
        }
        return !dialect.dashDashNeedsSpace() || i + 2 >= length || isSpace(text.charAt(i + 2));
    }

    private void lineComment() {
        while (pos < length && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
            pos++;
        }
    }

    private void blockComment() {
        char third = at(pos + 2);
        if (third == '!' && dialect.executableComments() && !inExecutableComment) {
            inExecutableComment = true;
            pos += 3;
            while (isDigit(at(pos))) {
                pos++;
            }
            return;
        }
        if (third == '+') {
            int close = text.indexOf("*/", pos + 3);
            int end = close < 0 ? length : close + 2;
            tokens.add(Kind.HINT, pos, end);
            pos = end;
            return;
        }
        if (dialect.nestedComments()) {
            int depth = 0;
            while (pos < length) {
                char c = text.charAt(pos);
                if (c == '/' && at(pos + 1) == '*') {
                    depth++;
                    pos += 2;
                } else if (c == '*' && at(pos + 1) == '/') {
                    pos += 2;
                    if (--depth == 0) {
                        return;
                    }
                } else {
                    pos++;
                }
            }
            return;
        }
        int close = text.indexOf("*/", pos + 2);
        pos = close < 0 ? length : close + 2;
    }

    // ----------------------------------------------------------------------------------------
    // literals and identifiers

    /** A string from {@code contentStart} to its closing {@code quote}; {@code start} is the token's start. */
    private void string(int start, int contentStart, char quote, boolean backslashEscapes) {
        int i = contentStart;
        while (i < length) {
            char c = text.charAt(i);
            if (c == quote) {
                if (at(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                i++;
                break;
            }
            i += c == '\\' && backslashEscapes ? 2 : 1;
        }
        pos = Math.min(i, length);
        tokens.add(Kind.LITERAL, start, pos);
    }

    private void quoted(char quote) {
        int contentStart = pos + 1;
        int i = contentStart;
        int contentEnd = length;
        while (i < length) {
            if (text.charAt(i) == quote) {
                if (at(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                contentEnd = i;
                i++;
                break;
            }
            i++;
        }
        pos = Math.min(i, length);
        tokens.add(Kind.QUOTED, contentStart, Math.min(contentEnd, length));
    }

    private void number() {
        int start = pos;
        int i = pos;
        char c = text.charAt(i);
        char radix = Character.toLowerCase(at(i + 1));
        if (c == '0' && radix == 'x' && isHexDigit(at(i + 2))) {
            i += 2;
            while (isHexDigit(at(i))) {
                i++;
            }
        } else if (c == '0' && radix == 'b' && isBinaryDigit(at(i + 2))) {
            i += 2;
            while (isBinaryDigit(at(i))) {
                i++;
            }
        } else if (c == '0' && radix == 'o' && isOctalDigit(at(i + 2))) {
            i += 2;
            while (isOctalDigit(at(i))) {
                i++;
            }
        } else {
            while (isDigit(at(i)) || at(i) == '_' && isDigit(at(i + 1)) && i > start) {
                i++;
            }
            if (at(i) == '.' && at(i + 1) != '.') {
                i++;
                while (isDigit(at(i))) {
                    i++;
                }
            }
            if (Character.toLowerCase(at(i)) == 'e') {
                int j = i + 1;
                if (at(j) == '+' || at(j) == '-') {
                    j++;
                }
                if (isDigit(at(j))) {
                    i = j;
                    while (isDigit(at(i))) {
                        i++;
                    }
                }
            }
        }
        if (isIdentifierPart(at(i))) {
            // MySQL identifiers may begin with digits: 1st_table, 0xyz, 123abc.
            while (isIdentifierPart(at(i))) {
                i++;
            }
            tokens.add(Kind.WORD, start, i);
        } else {
            tokens.add(Kind.LITERAL, start, i);
        }
        pos = i;
    }

    private void word() {
        int start = pos;
        int i = pos + 1;
        while (isIdentifierPart(at(i))) {
            i++;
        }
        char first = text.charAt(start);
        if (at(i) == '\'') {
            if (i - start == 1 && "eEnNxXbB".indexOf(first) >= 0) {
                // E'...' (backslash escapes), N'...', X'AB', B'0101'
                string(start, i + 1, '\'', first == 'e' || first == 'E' || dialect.backslashEscapes());
                return;
            }
            if (first == '_' && dialect != Dialect.POSTGRESQL) {
                // a MySQL character set introducer: _utf8mb4'text'
                string(start, i + 1, '\'', true);
                return;
            }
        }
        tokens.add(Kind.WORD, start, i);
        pos = i;
    }

    private void dollar() {
        char next = at(pos + 1);
        if (isDigit(next)) {
            int i = pos + 1;
            while (isDigit(at(i))) {
                i++;
            }
            tokens.add(Kind.PARAM, pos, i);
            pos = i;
            return;
        }
        if (dialect.dollarQuoting()) {
            int tagEnd = -1;
            if (next == '$') {
                tagEnd = pos + 1;
            } else if (isIdentifierStart(next)) {
                int i = pos + 1;
                while (isIdentifierStart(at(i)) || isDigit(at(i))) {
                    i++;
                }
                if (at(i) == '$') {
                    tagEnd = i;
                }
            }
            if (tagEnd >= 0) {
                // The tag has no '$' inside, so occurrences of it cannot overlap: indexOf stays linear.
                String tag = text.substring(pos, tagEnd + 1);
                int close = text.indexOf(tag, tagEnd + 1);
                int end = close < 0 ? length : close + tag.length();
                tokens.add(Kind.LITERAL, pos, end);
                pos = end;
                return;
            }
        } else if (isIdentifierPart(next)) {
            word();
            return;
        }
        single(Kind.OPERATOR);
    }

    private void question() {
        char next = at(pos + 1);
        if (dialect != Dialect.MYSQL && (next == '|' || next == '&')) {
            // PostgreSQL's jsonb operators ?| and ?&
            tokens.add(Kind.OPERATOR, pos, pos + 2);
            pos += 2;
            return;
        }
        int i = pos + 1;
        while (isDigit(at(i))) {
            i++;
        }
        tokens.add(Kind.PARAM, pos, i);
        pos = i;
    }

    private void colon() {
        char next = at(pos + 1);
        if (next == ':' || next == '=') {
            tokens.add(Kind.OPERATOR, pos, pos + 2);
            pos += 2;
        } else if (isIdentifierStart(next)) {
            int i = pos + 2;
            while (isIdentifierPart(at(i))) {
                i++;
            }
            tokens.add(Kind.PARAM, pos, i);
            pos = i;
        } else {
            single(Kind.OPERATOR);
        }
    }

    /** Python DB-API placeholders as logged by psycopg and SQLAlchemy: {@code %s}, {@code %(name)s}. */
    private void percent() {
        int i = pos + 1;
        if (at(i) == '(') {
            i++;
            while (isIdentifierPart(at(i))) {
                i++;
            }
            if (at(i) == ')') {
                i++;
            } else {
                i = -1;
            }
        }
        if (i > pos && at(i) == 's' && !isIdentifierPart(at(i + 1))) {
            tokens.add(Kind.PARAM, pos, i + 1);
            pos = i + 1;
            return;
        }
        operator();
    }

    private void atSign() {
        if (dialect != Dialect.POSTGRESQL) {
            // MySQL user and system variables: @name, @@session.name
            int i = pos + 1;
            if (at(i) == '@') {
                i++;
            }
            if (isIdentifierPart(at(i))) {
                while (isIdentifierPart(at(i))) {
                    i++;
                }
                tokens.add(Kind.WORD, pos, i);
                pos = i;
                return;
            }
        }
        operator();
    }

    /**
     * A run of operator characters, ended by a comment start. As in PostgreSQL, an operator of
     * several characters cannot end in {@code +} or {@code -} unless it contains one of
     * {@code ~ ! @ # % ^ & |}, so {@code =-1} is {@code =} followed by {@code -1}.
     */
    private void operator() {
        int start = pos;
        int i = pos;
        boolean special = false;
        while (i < length) {
            char c = text.charAt(i);
            if (!isOperatorChar(c) || i > start && endsOperator(i)) {
                break;
            }
            special |= "~!@#%^&|".indexOf(c) >= 0;
            i++;
        }
        if (i == start) {
            i = start + 1;
        }
        int end = i;
        if (!special) {
            while (end > start + 1 && (text.charAt(end - 1) == '+' || text.charAt(end - 1) == '-')) {
                end--;
            }
        }
        tokens.add(Kind.OPERATOR, start, end);
        for (int j = end; j < i; j++) {
            tokens.add(Kind.OPERATOR, j, j + 1);
        }
        pos = i;
    }

    /** Whether an operator run must stop before position {@code i} (a comment or a variable starts there). */
    private boolean endsOperator(int i) {
        char c = text.charAt(i);
        return switch (c) {
            case '-' -> startsLineComment(i);
            case '/' -> at(i + 1) == '*';
            case '*' -> inExecutableComment && at(i + 1) == '/';
            case '#' -> dialect.hashComment(text, i);
            case '@' -> dialect != Dialect.POSTGRESQL && (isIdentifierPart(at(i + 1)) || at(i + 1) == '@');
            default -> false;
        };
    }

    // ----------------------------------------------------------------------------------------
    // character classes

    static boolean isSpace(char c) {
        return c <= ' '
                || c == '\u00A0'
                || c == '\uFEFF'
                || c >= 0x80 && Character.isWhitespace(c)
                || c >= 0x80 && Character.isSpaceChar(c);
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(char c) {
        return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static boolean isBinaryDigit(char c) {
        return c == '0' || c == '1';
    }

    private static boolean isOctalDigit(char c) {
        return c >= '0' && c <= '7';
    }

    static boolean isIdentifierStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80 && !isSpace(c);
    }

    static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || isDigit(c) || c == '$';
    }

    private static boolean isOperatorChar(char c) {
        return "+-*/<>=~!@#%^&|".indexOf(c) >= 0;
    }
}
