package io.lookout.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SecurityHeadersTest {

    @Test
    void pagesGetThePagePolicyWithScriptSrcLastForPrimeFacesNonce() {
        Map<String, String> headers = SecurityHeaders.headers("/groups.xhtml", false);
        assertEquals(
                "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; "
                        + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'; script-src 'self'",
                headers.get("Content-Security-Policy"));
        assertEquals("nosniff", headers.get("X-Content-Type-Options"));
        assertEquals("same-origin", headers.get("Referrer-Policy"));
        assertFalse(headers.containsKey("Strict-Transport-Security"), "no HSTS over plain HTTP");
    }

    @Test
    void theApiGetsTheStrictPolicyAndOnlyTheApi() {
        String api = "default-src 'none'; frame-ancestors 'none'";
        assertEquals(api, SecurityHeaders.headers("/api/1/envelope/", false).get("Content-Security-Policy"));
        assertEquals(api, SecurityHeaders.headers("/api", false).get("Content-Security-Policy"));
        assertTrue(SecurityHeaders.headers("/apiary.xhtml", false)
                .get("Content-Security-Policy")
                .startsWith("default-src 'self'"));
        assertTrue(SecurityHeaders.headers("/", false)
                .get("Content-Security-Policy")
                .contains("script-src 'self'"));
    }

    @Test
    void hstsOnlyOverTls() {
        assertEquals("max-age=31536000", SecurityHeaders.headers("/", true).get("Strict-Transport-Security"));
        assertEquals(
                "max-age=31536000",
                SecurityHeaders.headers("/api/1/groups", true).get("Strict-Transport-Security"));
    }

    @Test
    void aPolicyIsExtendedInOnePlaceAndKeepsScriptSrcLast() {
        ContentSecurityPolicy withSso = ContentSecurityPolicy.PAGES
                .with("form-action", "https://sso.example.com")
                .with("form-action", "'self'")
                .with("connect-src", "'self'");
        String header = withSso.header();
        assertTrue(header.contains("form-action 'self' https://sso.example.com;"), header);
        assertTrue(header.endsWith("; script-src 'self'"), header);
        assertTrue(header.contains("connect-src 'self'"), header);
        assertFalse(ContentSecurityPolicy.PAGES.header().contains("sso"), "the original is unchanged");
    }
}
