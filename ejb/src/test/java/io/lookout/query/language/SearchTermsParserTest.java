package io.lookout.query.language;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The terms of "search that finds things": wildcard tag values, relative and absolute times, words and phrases. */
class SearchTermsParserTest {

    private static Term only(String query) throws QuerySyntaxException {
        List<Term> terms = QueryParser.parse(query).terms();
        assertEquals(1, terms.size(), () -> query + " is one term: " + terms);
        return terms.get(0);
    }

    private static QuerySyntaxException error(String query) {
        return assertThrows(QuerySyntaxException.class, () -> QueryParser.parse(query), () -> "should reject " + query);
    }

    private static WildcardTerm wildcard(String key, boolean negated, String... pieces) {
        return new WildcardTerm(key, List.of(pieces), negated);
    }

    // ---- wildcards ---------------------------------------------------------------------------

    static Stream<Arguments> wildcards() {
        return Stream.of(
                Arguments.of("url:/checkout/*", wildcard("url", false, "/checkout/", "")),
                Arguments.of("!url:/checkout/*", wildcard("url", true, "/checkout/", "")),
                Arguments.of("url:*admin*", wildcard("url", false, "", "admin", "")),
                Arguments.of("url:/a/*/b", wildcard("url", false, "/a/", "/b")),
                Arguments.of("url:a**b", wildcard("url", false, "a", "b")),
                Arguments.of("url:*", wildcard("url", false, "", "")),
                Arguments.of("url:" + "*".repeat(200), wildcard("url", false, "", "")),
                Arguments.of("url:\"/my shop/*\"", wildcard("url", false, "/my shop/", "")),
                Arguments.of("url:\"a\\*b*\"", wildcard("url", false, "a*b", "")),
                Arguments.of("url:a\\*b*", wildcard("url", false, "a*b", "")),
                Arguments.of("release:2.3.*", wildcard("release", false, "2.3.", "")),
                Arguments.of("environment:prod*", wildcard("environment", false, "prod", "")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("wildcards")
    void wildcardValues(String query, Term expected) throws QuerySyntaxException {
        assertEquals(expected, only(query));
    }

    @Test
    void escapedStarsAreStarsThemselves() throws QuerySyntaxException {
        assertEquals(new TagTerm("k", "*", false), only("k:\\*"));
        assertEquals(new TagTerm("k", "a*b", false), only("k:\"a\\*b\""));
        assertEquals(new TagTerm("k", "**", true), only("!k:\\*\\*"));
        // unquoted, a backslash before anything but a star is itself (also at the end)
        assertEquals(new TagTerm("k", "a\\b\\", false), only("k:a\\b\\"));
        // has:, type:, is: and free words know no wildcards
        assertEquals(new TextTerm("time*", false), only("time*"));
    }

    @Test
    void wildcardsMatchLikeTheDatabaseDoes() {
        WildcardTerm checkout = wildcard("url", false, "/checkout/", "");
        assertTrue(checkout.matches("/checkout/"));
        assertTrue(checkout.matches("/checkout/pay"));
        assertFalse(checkout.matches("/checkout"));
        assertFalse(checkout.matches("/cart/checkout/x"));
        assertFalse(checkout.matches(null));
        WildcardTerm middle = wildcard("url", false, "a", "b", "c");
        assertTrue(middle.matches("abc"));
        assertTrue(middle.matches("axxbyyc"));
        assertFalse(middle.matches("ac"));
        assertFalse(middle.matches("abcb"));
        // pieces do not overlap
        assertFalse(wildcard("k", false, "ab", "ba").matches("aba"));
        assertTrue(wildcard("k", false, "ab", "ba").matches("abba"));
        assertEquals("a!%b!_c!!%", wildcard("k", false, "a%b_c!", "").likePattern());
        assertEquals("/checkout/%", checkout.likePattern());
    }

    @Test
    void aThousandStarsAreRejectedAtTheValueLimit() {
        assertEquals(1000, error("url:" + "*".repeat(1000)).position(), "longer than a query may be");
        QuerySyntaxException e = error("url:" + "*".repeat(996));
        assertEquals(204, e.position());
        assertTrue(e.getMessage().contains("longer than 200"), e.getMessage());
        // and matching a long pattern against a long value stays linear (no backtracking)
        WildcardTerm many = new WildcardTerm("k", java.util.Collections.nCopies(101, "a"), false);
        assertFalse(many.matches("a".repeat(99) + "b".repeat(100_000)));
    }

    @Test
    void unbalancedEscapesAreReported() {
        assertTrue(error("url:\"a\\").getMessage().contains("the last '\\' escapes nothing"));
        assertTrue(error("url:\"a\\q\"").getMessage().contains("\\* (star)"));
        assertEquals(4, error("url:\"a*").position());
    }

    // ---- times -------------------------------------------------------------------------------

    static Stream<Arguments> times() {
        Instant december = Instant.parse("2026-12-01T00:00:00Z");
        return Stream.of(
                Arguments.of(
                        "lastSeen:-24h",
                        new TimeTerm(
                                TimeTerm.Field.LAST_SEEN,
                                TimeTerm.Comparison.AT_OR_AFTER,
                                Duration.ofHours(24),
                                null,
                                false)),
                Arguments.of(
                        "firstSeen:+7d",
                        new TimeTerm(
                                TimeTerm.Field.FIRST_SEEN,
                                TimeTerm.Comparison.BEFORE,
                                Duration.ofDays(7),
                                null,
                                false)),
                Arguments.of(
                        "!lastSeen:-15m",
                        new TimeTerm(
                                TimeTerm.Field.LAST_SEEN,
                                TimeTerm.Comparison.AT_OR_AFTER,
                                Duration.ofMinutes(15),
                                null,
                                true)),
                Arguments.of(
                        "lastSeen:+2w",
                        new TimeTerm(
                                TimeTerm.Field.LAST_SEEN,
                                TimeTerm.Comparison.BEFORE,
                                Duration.ofDays(14),
                                null,
                                false)),
                Arguments.of(
                        "lastSeen:-3650d",
                        new TimeTerm(
                                TimeTerm.Field.LAST_SEEN,
                                TimeTerm.Comparison.AT_OR_AFTER,
                                Duration.ofDays(3650),
                                null,
                                false)),
                Arguments.of(
                        "lastSeen:>2026-12-01",
                        new TimeTerm(TimeTerm.Field.LAST_SEEN, TimeTerm.Comparison.AFTER, null, december, false)),
                Arguments.of(
                        "lastSeen:>=2026-12-01",
                        new TimeTerm(TimeTerm.Field.LAST_SEEN, TimeTerm.Comparison.AT_OR_AFTER, null, december, false)),
                Arguments.of(
                        "firstSeen:<2026-12-01T00:00",
                        new TimeTerm(TimeTerm.Field.FIRST_SEEN, TimeTerm.Comparison.BEFORE, null, december, false)),
                Arguments.of(
                        "firstSeen:<=2026-12-01T02:00:00+02:00",
                        new TimeTerm(
                                TimeTerm.Field.FIRST_SEEN, TimeTerm.Comparison.AT_OR_BEFORE, null, december, false)),
                Arguments.of(
                        "lastSeen:\"<2026-12-01T00:00:00Z\"",
                        new TimeTerm(TimeTerm.Field.LAST_SEEN, TimeTerm.Comparison.BEFORE, null, december, false)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("times")
    void timeTerms(String query, Term expected) throws QuerySyntaxException {
        assertEquals(expected, only(query));
    }

    @Test
    void relativeTimesCountBackFromNowAsSentryDoes() throws QuerySyntaxException {
        Instant now = Instant.parse("2026-12-05T12:00:00Z");
        TimeTerm recent = (TimeTerm) only("lastSeen:-24h");
        Instant bound = recent.bound(now);
        assertEquals(Instant.parse("2026-12-04T12:00:00Z"), bound);
        assertTrue(recent.comparison().holds(now.minus(Duration.ofHours(23)), bound), "seen 23 h ago is within");
        assertFalse(recent.comparison().holds(now.minus(Duration.ofHours(25)), bound), "25 h ago is not");
        TimeTerm old = (TimeTerm) only("firstSeen:+7d");
        assertTrue(old.comparison().holds(now.minus(Duration.ofDays(8)), old.bound(now)), "8 days ago is older");
        assertFalse(old.comparison().holds(now.minus(Duration.ofDays(6)), old.bound(now)), "6 days ago is not");
    }

    static Stream<Arguments> timeErrors() {
        return Stream.of(
                Arguments.of("lastSeen:", 9, "'lastSeen:' at column 10 expects -N or +N and a unit"),
                Arguments.of("lastSeen:24h", 9, "expects -N or +N and a unit"),
                Arguments.of("lastSeen:-24", 9, "expects -N or +N and a unit"),
                Arguments.of("lastSeen:-h", 9, "expects -N or +N and a unit"),
                Arguments.of("lastSeen:-24hh", 9, "expects -N or +N and a unit"),
                Arguments.of("x lastSeen:-24y", 14, "unknown time unit 'y' after 'lastSeen:' at column 15"),
                Arguments.of("lastSeen:-0h", 9, "out of range"),
                Arguments.of("lastSeen:-3651d", 9, "out of range"),
                Arguments.of("lastSeen:-99999999999999999999999999d", 9, "out of range"),
                Arguments.of("firstSeen:+9999999w", 10, "out of range"),
                Arguments.of("lastSeen:>2026-13-01", 10, "invalid date '2026-13-01'"),
                Arguments.of("lastSeen:>=yesterday", 11, "invalid date 'yesterday'"),
                Arguments.of("lastSeen:>", 10, "invalid date ''"),
                Arguments.of("lastSeen:2026-12-01", 9, "expects -N or +N"),
                Arguments.of("lastSeen:=2026-12-01", 9, "expects -N or +N"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("timeErrors")
    void timeMistakesNameTheProblemWithItsPosition(String query, int position, String message) {
        QuerySyntaxException e = error(query);
        assertEquals(position, e.position(), () -> query + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(message), () -> "'" + e.getMessage() + "' should contain '" + message + "'");
    }

    // ---- words and phrases -------------------------------------------------------------------

    @Test
    void wordsAndPhrasesAreTold() throws QuerySyntaxException {
        assertEquals(new TextTerm("com.acme.Foo", false, false), only("com.acme.Foo"));
        assertEquals(new TextTerm("connection reset", false, true), only("\"connection reset\""));
        assertEquals(new TextTerm("NullPointer*", true, false), only("!NullPointer*"));
    }
}
