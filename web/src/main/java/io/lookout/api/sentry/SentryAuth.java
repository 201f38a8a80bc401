package io.lookout.api.sentry;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Finds the public key a Sentry SDK presents: the {@code X-Sentry-Auth} header
 * ({@code Sentry sentry_key=..., sentry_version=7, sentry_client=...}), an {@code Authorization}
 * header of the same form, the {@code sentry_key} query parameter, or the envelope header's
 * {@code dsn} ({@code http://{key}@host/{projectId}}), in this order.
 */
final class SentryAuth {

    private SentryAuth() {}

    static String key(String sentryAuthHeader, String authorizationHeader, String queryKey, String dsn) {
        String key = fromHeader(sentryAuthHeader);
        if (key == null) {
            key = fromHeader(authorizationHeader);
        }
        if (key == null && queryKey != null && !queryKey.isBlank()) {
            key = queryKey.strip();
        }
        if (key == null) {
            key = fromDsn(dsn);
        }
        return key;
    }

    /** {@code sentry_key} of {@code Sentry sentry_key=abc, sentry_version=7}; {@code null} when absent. */
    static String fromHeader(String header) {
        if (header == null) {
            return null;
        }
        String value = header.strip();
        if (value.regionMatches(true, 0, "Sentry ", 0, 7)) {
            value = value.substring(7);
        } else if (!value.toLowerCase(Locale.ROOT).contains("sentry_key")) {
            return null;
        }
        for (String pair : value.split(",")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).strip().equalsIgnoreCase("sentry_key")) {
                String key = pair.substring(equals + 1).strip();
                return key.isEmpty() ? null : key;
            }
        }
        return null;
    }

    /** The user part of a DSN ({@code key} or {@code key:secret}); {@code null} when there is none. */
    static String fromDsn(String dsn) {
        if (dsn == null || dsn.isBlank()) {
            return null;
        }
        try {
            String userInfo = new URI(dsn.strip()).getRawUserInfo();
            if (userInfo == null || userInfo.isEmpty()) {
                return null;
            }
            int colon = userInfo.indexOf(':');
            return colon < 0 ? userInfo : userInfo.substring(0, colon);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
