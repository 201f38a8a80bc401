package io.lookout.security;

import java.util.Locale;

/**
 * What an API token may do (docs/security.md). Each request needs one scope: {@link #ADMIN} for
 * {@code /api/admin/*} and for managing tokens, {@link #READ} for the other reads, {@link #WRITE}
 * for the other changes. A scope never grants more than the token's user has: {@code admin} is
 * for admins only, and a demoted user's token loses it at once.
 */
public enum TokenScope {
    READ,
    WRITE,
    ADMIN;

    /** As the API writes it: {@code read}, {@code write}, {@code admin}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scope named {@code word}, or {@code null}. */
    public static TokenScope of(String word) {
        for (TokenScope scope : values()) {
            if (scope.word().equals(word)) {
                return scope;
            }
        }
        return null;
    }

    /**
     * The scope a request needs.
     *
     * @param method the HTTP method
     * @param path the path below the context, starting with {@code /api}
     */
    public static TokenScope needed(String method, String path) {
        if (path.equals("/api/admin") || path.startsWith("/api/admin/")) {
            return ADMIN;
        }
        boolean reads = "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method);
        if (path.equals("/api/tokens") || path.startsWith("/api/tokens/")) {
            return reads ? READ : ADMIN;
        }
        return reads ? READ : WRITE;
    }
}
