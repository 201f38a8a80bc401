package io.lookout.scrubbing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.JsonFactories;
import io.lookout.event.IncomingEvent;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScrubberTest {

    private static final ScrubbingRules DEFAULTS = ScrubbingRules.DEFAULT;

    private static JsonObject json(String text) {
        try (var reader = JsonFactories.READERS.createReader(new StringReader(text.replace('\'', '"')))) {
            return reader.readObject();
        }
    }

    private static JsonValue scrubJson(String text, ScrubbingRules rules) {
        return new Scrubber(rules).json(json(text));
    }

    private static String text(String text) {
        return new Scrubber(DEFAULTS).text(text);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "password",
                "PASSWD",
                "client_secret",
                "token",
                "api_key",
                "apiKey",
                "x-api-key",
                "X-Auth-Token",
                "Authorization",
                "Cookie",
                "Set-Cookie",
                "sessionid",
                "JSESSIONID",
                "csrf_token",
                "credentials",
                "private_key",
                "db_password",
                "privateKey"
            })
    void sensitiveKeysAreReplacedWhole(String key) {
        JsonValue scrubbed = scrubJson("{'" + key + "': 'hunter2 and more', 'user': 'bob'}", DEFAULTS);
        assertEquals(json("{'" + key + "': '[Filtered]', 'user': 'bob'}"), scrubbed);
    }

    @Test
    void nestedObjectsArraysAndNumbersUnderSensitiveKeys() {
        JsonValue scrubbed = scrubJson("""
                {'request': {'headers': {'Authorization': 'Basic dXNlcjpwYXNz', 'Accept': 'text/html'},
                             'data': {'form': [{'login': 'bob', 'password': 'pw1'}, {'pin_token': 1234}]}},
                 'credentials': {'user': 'bob', 'keys': ['a', 'b'], 'active': true},
                 'frames': [{'vars': {'secret': null, 'count': 3}}]}""", DEFAULTS);
        assertEquals(json("""
                {'request': {'headers': {'Authorization': '[Filtered]', 'Accept': 'text/html'},
                             'data': {'form': [{'login': 'bob', 'password': '[Filtered]'}, {'pin_token': '[Filtered]'}]}},
                 'credentials': {'user': '[Filtered]', 'keys': ['[Filtered]', '[Filtered]'], 'active': true},
                 'frames': [{'vars': {'secret': null, 'count': 3}}]}"""), scrubbed);
    }

    @Test
    void sentryPairListsAreReadAsKeysAndValues() {
        JsonValue scrubbed =
                scrubJson("{'headers': [['Cookie', 'a=b; c=d'], ['Host', 'shop'], ['X-Api-Key', 'k1']]}", DEFAULTS);
        assertEquals(
                json("{'headers': [['Cookie', '[Filtered]'], ['Host', 'shop'], ['X-Api-Key', '[Filtered]']]}"),
                scrubbed);
    }

    @Test
    void nothingToScrubReturnsTheSameInstances() {
        JsonObject data = json("{'a': {'b': [1, 'two', {'c': 'order 1234567890123456'}]}, 'message': 'fine'}");
        Scrubber scrubber = new Scrubber(DEFAULTS);
        assertSame(data, scrubber.json(data));
        assertEquals(0, scrubber.replaced());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "paid with 4111 1111 1111 1111 today|paid with [Filtered] today",
                "card=4111-1111-1111-1111|card=[Filtered]",
                "4242424242424242|[Filtered]",
                "amex 3782 822463 10005.|amex [Filtered].",
                "mc 5555555555554444, visa 4012888888881881|mc [Filtered], visa [Filtered]",
                "transfer to DE89 3704 0044 0532 0130 00 now|transfer to [Filtered] now",
                "iban GB82WEST12345698765432|iban [Filtered]",
                "jdbc:postgresql://app:s3cret@db:5432/shop|jdbc:postgresql://app:[Filtered]@db:5432/shop",
                "see https://bob:hunter2@example.com/x?y=1|see https://bob:[Filtered]@example.com/x?y=1",
                "sent Authorization Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig to api|sent Authorization Bearer [Filtered] to api",
                "retry with bearer abc123def456|retry with bearer [Filtered]",
                "GET /items?token=abc123&page=2|GET /items?token=[Filtered]&page=2",
                "https://x/cb?code=1&access_token=zz9&state=ok|https://x/cb?code=1&access_token=[Filtered]&state=ok",
                "JSESSIONID=A1B2C3; theme=dark; csrftoken=xyz|JSESSIONID=[Filtered]; theme=dark; csrftoken=[Filtered]",
                "login=bob&password=hunter2&remember=1|login=bob&password=[Filtered]&remember=1",
                "Cookie: a=b; c=d|Cookie: [Filtered]",
                "Set-Cookie: sid=1; Path=/; HttpOnly|Set-Cookie: [Filtered]",
                "body {\"user\": \"bob\", \"password\": \"p w\"}|body {\"user\": \"bob\", \"password\": \"[Filtered]\"}",
                "auth=Bearer abc.def|auth=[Filtered]",
                "request had Authorization: Basic dXNlcjpwYXNz|request had Authorization: [Filtered]",
                "sent cookie: JSESSIONID=1; theme=dark|sent cookie: [Filtered]",
            })
    void patternsInFreeText(String before, String after) {
        assertEquals(after, text(before));
    }

    @Test
    void headerLinesInADump() {
        assertEquals(
                "Host: shop\nAuthorization: [Filtered]\r\nAccept: */*",
                text("Host: shop\nAuthorization: Basic dXNlcjpwYXNz\r\nAccept: */*"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "order 4111111111111112 shipped", // 16 digits, fails Luhn
                "order 1234567890123456 shipped", // fails Luhn
                "at 1764892800005 ms", // Luhn-valid time in milliseconds: starts with 1
                "id 9ec79c33ec9942ab8353589fcb2e04dc", // hex id
                "pi 3.14159265358979 and 4111111111111111.5", // decimals
                "12 34 56 78 90 12 34 56", // short groups are not a card
                "DE89 3704 0044 0532 0130 01", // IBAN with a wrong check
                "XX89370400440532013000", // no such country
                "the bearer of bad news",
                "https://example.com:8443/path?q=1",
                "tokens left: 3",
                "error in session: expired",
                "GET /items?page=2&sort=asc",
            })
    void lookAlikesStay(String text) {
        assertSame(text, text(text), text);
    }

    @Test
    void cardNumbersAsJsonNumbers() {
        assertEquals(
                json("{'n': '[Filtered]', 'order': 1234567890123456, 'ms': 1764892800005}"),
                scrubJson("{'n': 4111111111111111, 'order': 1234567890123456, 'ms': 1764892800005}", DEFAULTS));
    }

    @Test
    void clientIpAddressesAreReplacedUnlessKept() {
        String sentry = "{'user': {'ip_address': '203.0.113.9', 'id': '42'}, 'env': {'REMOTE_ADDR': '203.0.113.9'},"
                + " 'headers': {'X-Forwarded-For': '203.0.113.9'}}";
        assertEquals(
                json("{'user': {'ip_address': '[Filtered]', 'id': '42'}, 'env': {'REMOTE_ADDR': '[Filtered]'},"
                        + " 'headers': {'X-Forwarded-For': '[Filtered]'}}"),
                scrubJson(sentry, DEFAULTS));
        ScrubbingRules keep = new ScrubbingRules(true, List.of(), List.of(), true);
        assertEquals(json(sentry), scrubJson(sentry, keep));
    }

    @Test
    void extraKeysAndSafeKeys() {
        ScrubbingRules rules =
                new ScrubbingRules(true, List.of("ssn", "pin"), List.of("csrf_token", "session-state"), false);
        assertEquals(
                json(
                        "{'ssn': '[Filtered]', 'user_pin': '[Filtered]', 'csrf_token': 'abc', 'sessionState': {'token': 'kept'},"
                                + " 'password': '[Filtered]'}"),
                scrubJson(
                        "{'ssn': '078-05-1120', 'user_pin': '1234', 'csrf_token': 'abc', 'sessionState': {'token': 'kept'},"
                                + " 'password': 'x'}",
                        rules));
        assertEquals("a=1&csrf_token=abc&ssn=[Filtered]", new Scrubber(rules).text("a=1&csrf_token=abc&ssn=078051120"));
    }

    @Test
    void offSwitchKeepsEverything() {
        ScrubbingRules off = new ScrubbingRules(false, List.of(), List.of(), false);
        JsonObject data = json("{'password': 'x', 'm': 'card 4111 1111 1111 1111'}");
        Scrubber scrubber = new Scrubber(off);
        assertSame(data, scrubber.json(data));
        assertEquals("token=abc", scrubber.text("token=abc"));
        assertEquals(0, scrubber.replaced());
    }

    @Test
    void scrubbingTwiceChangesAndCountsNothing() {
        String[] texts = {
            "paid with 4111 1111 1111 1111 and 5555555555554444",
            "https://bob:pw@h/x?token=t&a=1",
            "Bearer abc Bearer def",
            "Cookie: a=b\nAuthorization: Basic x",
            "DE89370400440532013000 and password=x",
            "{\"secret\": \"s\", \"n\": 1}",
            "auth=Basic dXNl; session=1",
            "x 4111 1111 1111 1111 1111 2222"
        };
        for (String text : texts) {
            String once = text(text);
            Scrubber again = new Scrubber(DEFAULTS);
            assertSame(once, again.text(once), text);
            assertEquals(0, again.replaced(), text);
        }
        JsonObject data =
                json("{'password': 'x', 'n': 4111111111111111, 'h': [['Cookie', 'c']], 'u': {'ip_address': '1.2.3.4'},"
                        + " 'q': 'token=abc', 'nested': {'auth': {'a': [1, 'b']}}}");
        JsonValue once = new Scrubber(DEFAULTS).json(data);
        Scrubber again = new Scrubber(DEFAULTS);
        assertSame(once, again.json(once));
        assertEquals(0, again.replaced());
    }

    @Test
    void counts() {
        Scrubber scrubber = new Scrubber(DEFAULTS);
        scrubber.json(json(
                "{'password': 'x', 'headers': {'Cookie': 'a', 'Accept': 'x'}, 'm': 'card 4111111111111111 token=1'}"));
        assertEquals(4, scrubber.replaced());
    }

    @Test
    void eventsAreScrubbedInSummaryTagsDataAndFingerprint() throws Exception {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("session_id", "s-1");
        tags.put("url", "/pay?token=abc");
        tags.put("server", "web-1");
        tags.put("release", null);
        IncomingEvent event = new IncomingEvent(
                "9ec79c33ec9942ab8353589fcb2e04dc",
                "message",
                Instant.EPOCH,
                "declined 4111 1111 1111 1111",
                "error",
                tags,
                json("{'password': 'pw'}"),
                null,
                "req-1",
                List.of("pay", "card 5555555555554444"));
        EventScrubbing.Scrubbed scrubbed = EventScrubbing.scrub(List.of(event), DEFAULTS, type -> Optional.empty());
        IncomingEvent after = scrubbed.events().get(0);
        assertEquals("declined [Filtered]", after.summary());
        assertEquals("[Filtered]", after.tags().get("session_id"));
        assertEquals("/pay?token=[Filtered]", after.tags().get("url"));
        assertEquals("web-1", after.tags().get("server"));
        assertTrue(after.tags().containsKey("release"));
        assertEquals(json("{'password': '[Filtered]'}"), after.data());
        assertEquals(List.of("pay", "card [Filtered]"), after.fingerprint());
        assertEquals(5, scrubbed.total());

        EventScrubbing.Scrubbed again = EventScrubbing.scrub(scrubbed.events(), DEFAULTS, type -> Optional.empty());
        assertSame(after, again.events().get(0));
        assertEquals(0, again.total());
    }

    @Test
    void aCardNumberDoesNotSplitAFingerprint() throws Exception {
        IncomingEvent a = new IncomingEvent(
                "a".repeat(32),
                "message",
                Instant.EPOCH,
                null,
                null,
                Map.of(),
                JsonValue.EMPTY_JSON_OBJECT,
                null,
                null,
                List.of("declined", "card 4111 1111 1111 1111"));
        IncomingEvent b = new IncomingEvent(
                "b".repeat(32),
                "message",
                Instant.EPOCH,
                null,
                null,
                Map.of(),
                JsonValue.EMPTY_JSON_OBJECT,
                null,
                null,
                List.of("declined", "card 5555 5555 5555 4444"));
        var scrubbed = EventScrubbing.scrub(List.of(a, b), DEFAULTS, type -> Optional.empty())
                .events();
        assertEquals(scrubbed.get(0).fingerprint(), scrubbed.get(1).fingerprint());
    }

    /** Hostile inputs must finish: the detectors are linear, there is no backtracking to blow up. */
    @Test
    void hostileInputsFinish() {
        StringBuilder digits = new StringBuilder();
        java.util.Random random = new java.util.Random(7);
        while (digits.length() < 200_000) {
            digits.append((char) ('0' + random.nextInt(10)));
            if (random.nextInt(4) == 0) {
                digits.append(random.nextBoolean() ? ' ' : '-');
            }
        }
        String scrubbed = text(digits.toString());
        assertFalse(scrubbed.isEmpty());
        String[] others = {
            "1 ".repeat(100_000),
            "9".repeat(200_000),
            "a=".repeat(100_000),
            "x".repeat(200_000) + "=1",
            "\"a\":".repeat(50_000),
            "s://".repeat(50_000) + "u:p@h",
            "password=\"" + "x".repeat(200_000),
            "Bearer ".repeat(30_000),
            "DE89 ".repeat(40_000),
            ":".repeat(200_000),
            "\n:".repeat(100_000)
        };
        for (String other : others) {
            assertFalse(text(other).isEmpty());
        }
        StringBuilder body = new StringBuilder("{");
        for (int i = 0; i < 20_000; i++) {
            body.append("'k")
                    .append(i)
                    .append("': 'v 4111 1111 1111 1111 token=")
                    .append(i)
                    .append("',");
        }
        body.append("'end': 1}");
        Scrubber scrubber = new Scrubber(DEFAULTS);
        scrubber.json(json(body.toString()));
        assertEquals(40_000, scrubber.replaced());
    }
}
