package io.lookout.processors.query;

import java.util.Set;

/** The few keyword lists the normaliser needs. All words are lower case. */
final class Keywords {

    /**
     * Clause keywords: a parenthesis after one of these is preceded by a space ({@code in (},
     * {@code from (}, {@code values (}), after any other word it is not ({@code count(},
     * {@code coalesce(}, {@code users(id, name)}).
     */
    static final Set<String> CLAUSE = Set.of(
            "all", "and", "any", "as", "between", "by", "case", "check", "conflict", "distinct", "do",
            "else", "except", "exists", "explain", "filter", "from", "group", "having", "in", "intersect", "is",
            "join", "key", "lateral", "like", "ilike", "limit", "materialized", "not", "offset", "on",
            "or", "over", "recursive", "return", "returning", "select", "set", "some", "then", "union",
            "unique", "using", "value", "values", "when", "where", "window", "with", "within");

    /**
     * Keywords after which an operand is expected, so that a following {@code -} or {@code +} is a
     * sign ({@code where -1 < x}, {@code then -1}) rather than a subtraction ({@code price - 1}).
     * Words that are also common column names ({@code value}, {@code at}, {@code mod}) are left out.
     */
    static final Set<String> BEFORE_OPERAND = Set.of(
            "all", "and", "any", "between", "by", "case", "default", "distinct", "else", "escape", "exists",
            "from", "having", "ilike", "in", "interval", "is", "like", "limit", "not", "offset", "on", "or",
            "regexp", "return", "returning", "rlike", "select", "set", "similar", "some", "then", "to",
            "using", "when", "where", "xor");

    /**
     * Reserved words: a quoted identifier that spells one keeps its quotes ({@code "order"}), any
     * other lower-case quoted identifier loses them ({@code "users"} becomes {@code users}).
     */
    static final Set<String> RESERVED = Set.of(
            "all", "alter", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric",
            "authorization", "between", "binary", "both", "by", "call", "case", "cast", "check", "collate",
            "column", "concurrently", "constraint", "create", "cross", "current_date", "current_time",
            "current_timestamp", "current_user", "database", "default", "delete", "desc", "distinct", "div",
            "do", "drop", "else", "end", "escape", "except", "exists", "false", "fetch", "filter", "for",
            "foreign", "freeze", "from", "full", "grant", "group", "having", "ilike", "in", "index", "inner",
            "insert", "intersect", "interval", "into", "is", "isnull", "join", "key", "lateral", "leading",
            "left", "like", "limit", "localtime", "localtimestamp", "match", "mod", "natural", "not",
            "notnull", "null", "offset", "on", "only", "or", "order", "outer", "over", "overlaps",
            "partition", "placing", "primary", "range", "recursive", "references", "regexp", "rename",
            "replace", "returning", "right", "rlike", "row", "rows", "schema", "select", "session_user",
            "set", "show", "similar", "some", "symmetric", "table", "tablesample", "then", "to", "trailing",
            "true", "union", "unique", "update", "usage", "use", "user", "using", "values", "variadic",
            "verbose", "when", "where", "window", "with", "xor");

    private Keywords() {
    }
}
