package io.lookout.processors.query;

import io.lookout.processors.query.Tokens.Kind;
import java.util.Set;

/**
 * The kind of a statement and its first table, read from its tokens. For {@code WITH ...} the
 * main statement after the common table expressions counts; a leading parenthesis (as in
 * {@code (SELECT ...) UNION (SELECT ...)}) is skipped. Only the first statement of a
 * multi-statement text is looked at. Every scan is a single forward pass.
 */
final class StatementSummary {

    private static final Set<String> MAIN_VERBS =
            Set.of("select", "insert", "replace", "update", "delete", "merge", "values", "table");
    private static final Set<String> FROM = Set.of("from");
    private static final Set<String> MODIFIERS =
            Set.of("low_priority", "delayed", "high_priority", "ignore", "quick", "only");

    private StatementSummary() {}

    /** The statement kind and culprit of the first statement in {@code tokens}. */
    static NormalizedQuery summarize(Tokens tokens, String sql) {
        int i = 0;
        int depth = 0;
        while (i < tokens.size() && tokens.kind(i) != Kind.WORD) {
            Kind kind = tokens.kind(i);
            if (kind == Kind.OPEN_PAREN) {
                depth++;
            } else if (kind != Kind.HINT && kind != Kind.SEMICOLON) {
                return new NormalizedQuery(sql, "other", null);
            }
            i++;
        }
        if (i >= tokens.size()) {
            return new NormalizedQuery(sql, "other", null);
        }
        String verb = lower(tokens, i);
        if (verb.equals("with")) {
            int main = findAtDepth(tokens, i + 1, depth, MAIN_VERBS);
            if (main < 0) {
                return new NormalizedQuery(sql, "other", "with");
            }
            i = main;
            verb = lower(tokens, i);
        }
        String statement = switch (verb) {
            case "select", "update", "delete" -> verb;
            case "insert", "replace" -> "insert";
            default -> "other";
        };
        String table = switch (verb) {
            case "select", "delete" -> {
                int from = findAtDepth(tokens, i + 1, depth, FROM);
                yield from < 0 ? null : tableAt(tokens, from + 1);
            }
            case "insert", "replace", "merge", "update" -> {
                int j = skipModifiers(tokens, i + 1);
                yield tableAt(tokens, tokens.isWord(j, "into") ? skipModifiers(tokens, j + 1) : j);
            }
            case "call" -> tableAt(tokens, i + 1);
            default -> null;
        };
        return new NormalizedQuery(sql, statement, table == null ? verb : verb + " " + table);
    }

    /** The first word of {@code words} at {@code depth} from {@code start}, before the statement or the scope ends; or -1. */
    private static int findAtDepth(Tokens tokens, int start, int depth, Set<String> words) {
        int d = depth;
        for (int j = start; j < tokens.size(); j++) {
            switch (tokens.kind(j)) {
                case OPEN_PAREN -> d++;
                case CLOSE_PAREN -> {
                    if (--d < depth) {
                        return -1;
                    }
                }
                case SEMICOLON -> {
                    return -1;
                }
                case WORD -> {
                    if (d == depth && words.contains(lower(tokens, j))) {
                        return j;
                    }
                }
                default -> {}
            }
        }
        return -1;
    }

    private static int skipModifiers(Tokens tokens, int start) {
        int j = start;
        while (tokens.kind(j) == Kind.WORD && MODIFIERS.contains(lower(tokens, j))) {
            j++;
        }
        return j;
    }

    /** The (possibly qualified) name at {@code start}, rendered as in the fingerprint; or null. */
    private static String tableAt(Tokens tokens, int start) {
        int j = tokens.isWord(start, "only") || tokens.isWord(start, "lateral") ? start + 1 : start;
        if (!isName(tokens, j) || tokens.kind(j) == Kind.WORD && Keywords.RESERVED.contains(lower(tokens, j))) {
            return null;
        }
        StringBuilder name = new StringBuilder(SqlNormalizer.renderName(tokens, j));
        while (tokens.kind(j + 1) == Kind.DOT && isName(tokens, j + 2)) {
            name.append('.').append(SqlNormalizer.renderName(tokens, j + 2));
            j += 2;
        }
        return name.toString();
    }

    private static boolean isName(Tokens tokens, int i) {
        return tokens.kind(i) == Kind.WORD || tokens.kind(i) == Kind.QUOTED;
    }

    private static String lower(Tokens tokens, int i) {
        return SqlNormalizer.lowerAscii(tokens.text(), tokens.start(i), tokens.end(i));
    }
}
