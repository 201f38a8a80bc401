package io.lookout.api.sentry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SentryAuthTest {

    @Test
    void theKeyComesFromTheHeaderTheQueryOrTheDsn() {
        assertEquals(
                "abc",
                SentryAuth.key(
                        "Sentry sentry_version=7, sentry_client=sentry.java/8.64.0, sentry_key=abc",
                        null,
                        "q",
                        "http://d@h/1"));
        assertEquals("abc", SentryAuth.key("Sentry sentry_key=abc,sentry_secret=s", null, null, null));
        assertEquals("auth", SentryAuth.key(null, "Sentry sentry_key=auth", null, null));
        assertEquals("q", SentryAuth.key(null, "Basic YTpi", "q", "http://d@h/1"));
        assertEquals("d", SentryAuth.key(null, null, null, "http://d@h:8080/1"));
        assertEquals("d", SentryAuth.key(null, null, " ", "https://d:secret@h/1"));
        assertNull(SentryAuth.key("Sentry sentry_version=7", null, null, "http://h/1"));
        assertNull(SentryAuth.key(null, null, null, "not a uri ::"));
    }
}
