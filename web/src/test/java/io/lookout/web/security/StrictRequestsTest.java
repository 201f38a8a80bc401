package io.lookout.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrictRequestsTest {

    private static Map<String, List<String>> headers(String... nameValues) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            headers.computeIfAbsent(nameValues[i], k -> new java.util.ArrayList<>())
                    .add(nameValues[i + 1]);
        }
        return headers;
    }

    private static StrictRequests.Refusal check(String method, String uri, String... nameValues) {
        return StrictRequests.check(method, uri, headers(nameValues));
    }

    @Test
    void anOrdinaryRequestPasses() {
        assertNull(check(
                "POST",
                "/api/1/envelope/",
                "Content-Length",
                "12",
                "Content-Type",
                "application/x-sentry-envelope",
                "X-Sentry-Auth",
                "Sentry sentry_key=abc,\tsentry_version=7"));
        assertNull(check("POST", "/api/1/events", "Transfer-Encoding", "chunked"));
        assertNull(check("POST", "/api/1/events", "Transfer-Encoding", "Chunked"));
        for (String method : StrictRequests.METHODS) {
            assertNull(check(method, "/"));
        }
    }

    @Test
    void methodsAreCaseSensitive() {
        StrictRequests.Refusal refusal = check("post", "/api/1/events");
        assertEquals(501, refusal.status());
        assertTrue(
                refusal.error().contains("case-sensitive") && refusal.error().contains("send POST"), refusal.error());
        assertFalse(refusal.close());
        assertEquals(501, check("BREW", "/").status());
        assertEquals(501, check("Get", "/").status());
    }

    @Test
    void onlyChunkedIsATransferCoding() {
        assertEquals(
                501, check("POST", "/api/1/events", "Transfer-Encoding", "gzip").status());
        assertEquals(
                501,
                check("POST", "/api/1/events", "Transfer-Encoding", "gzip, chunked")
                        .status());
        assertEquals(
                501,
                check("POST", "/api/1/events", "Transfer-Encoding", "chunked", "Transfer-Encoding", "chunked")
                        .status());
        assertEquals(
                501, check("POST", "/api/1/events", "Transfer-Encoding", "").status());
        StrictRequests.Refusal unknown = check("POST", "/api/1/events", "Transfer-Encoding", "xyz");
        assertEquals(501, unknown.status());
        assertTrue(unknown.close(), "the body cannot be delimited: the connection closes");
    }

    @Test
    void headerValuesHoldNoControlCharacters() {
        StrictRequests.Refusal nul = check("GET", "/", "X-A", "a\u0000b");
        assertEquals(400, nul.status());
        assertTrue(nul.error().contains("0x0"), nul.error());
        assertEquals(400, check("GET", "/", "X-A", "a\rb").status());
        assertEquals(400, check("GET", "/", "X-A", "a\u007fb").status());
        assertNull(check("GET", "/", "X-A", "caf\u00e9 \u00fcber\tx"));
    }

    @Test
    void pathParametersAreRefused() {
        StrictRequests.Refusal refusal = check("POST", "/api/1;drop/envelope/");
        assertEquals(400, refusal.status());
        assertTrue(refusal.error().contains("';'"), refusal.error());
        assertEquals(400, check("GET", "/index.xhtml;jsessionid=abc").status());
    }
}
