package io.lookout.processors.request;

import java.util.Locale;

/**
 * The parts of a request URL that the {@code request} processor uses: the host (lower-case,
 * without user information and port; {@code null} for a bare path) and the path (before the query
 * and the fragment, never empty). Accepted are an absolute URL {@code scheme://host[:port]/path}
 * and a path starting with {@code /}; a value starting with {@code //} is a path. The parse is a
 * single scan, linear in the length.
 *
 * @param host the host, lower-case, or {@code null}
 * @param path the path, starting with {@code /}
 * @param userInfo whether the URL carried {@code user[:password]@} before its host
 */
record RequestUrl(String host, String path, boolean userInfo) {

    /** URLs longer than this are rejected. */
    static final int MAX_LENGTH = 8192;

    /** Thrown with a reason a sender understands. */
    static final class InvalidUrlException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidUrlException(String reason) {
            super(reason);
        }
    }

    static final String FORMS = "must be an absolute URL (https://host/path) or a path starting with /";

    static RequestUrl parse(String url) throws InvalidUrlException {
        if (url.isBlank()) {
            throw new InvalidUrlException("must not be blank");
        }
        if (url.length() > MAX_LENGTH) {
            throw new InvalidUrlException("is longer than " + MAX_LENGTH + " characters");
        }
        int end = 0;
        while (end < url.length() && url.charAt(end) != '?' && url.charAt(end) != '#') {
            end++;
        }
        String beforeQuery = url.substring(0, end);
        if (beforeQuery.startsWith("/")) {
            requireVisible(beforeQuery);
            return new RequestUrl(null, beforeQuery, false);
        }
        int schemeEnd = schemeEnd(beforeQuery);
        if (schemeEnd < 0) {
            throw new InvalidUrlException(FORMS);
        }
        requireVisible(beforeQuery);
        String rest = beforeQuery.substring(schemeEnd + 3);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "/" : rest.substring(slash);
        int at = authority.lastIndexOf('@');
        String hostAndPort = at < 0 ? authority : authority.substring(at + 1);
        return new RequestUrl(host(hostAndPort), path, at >= 0);
    }

    /** The index of {@code ://} after a scheme of letters, digits, {@code + . -}, or -1. */
    private static int schemeEnd(String url) {
        if (url.isEmpty() || !isAsciiLetter(url.charAt(0))) {
            return -1;
        }
        int i = 1;
        while (i < url.length()) {
            char c = url.charAt(i);
            if (isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '.' || c == '-') {
                i++;
            } else {
                break;
            }
        }
        return url.startsWith("://", i) ? i : -1;
    }

    private static String host(String hostAndPort) throws InvalidUrlException {
        String host;
        String port;
        if (hostAndPort.startsWith("[")) {
            int close = hostAndPort.indexOf(']');
            if (close < 0) {
                throw new InvalidUrlException("has an unterminated IPv6 address");
            }
            host = hostAndPort.substring(0, close + 1);
            for (int i = 1; i < close; i++) {
                char c = host.charAt(i);
                if (!(isHexDigit(c) || c == ':' || c == '.')) {
                    throw new InvalidUrlException("has an invalid IPv6 address");
                }
            }
            String after = hostAndPort.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":")) {
                throw new InvalidUrlException("has an invalid host");
            }
            port = after.isEmpty() ? "" : after.substring(1);
        } else {
            int colon = hostAndPort.indexOf(':');
            host = colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
            port = colon < 0 ? "" : hostAndPort.substring(colon + 1);
            for (int i = 0; i < host.length(); i++) {
                char c = host.charAt(i);
                if (!(isAsciiLetter(c)
                        || (c >= '0' && c <= '9')
                        || c == '.'
                        || c == '-'
                        || c == '_'
                        || c == '~'
                        || c == '%')) {
                    throw new InvalidUrlException("has an invalid host");
                }
            }
        }
        if (host.isEmpty() || host.equals("[]")) {
            throw new InvalidUrlException("has no host");
        }
        if (!port.isEmpty()) {
            if (port.length() > 5
                    || !port.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(port) > 65535) {
                throw new InvalidUrlException("has an invalid port");
            }
        }
        return host.toLowerCase(Locale.ROOT);
    }

    private static void requireVisible(String text) throws InvalidUrlException {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
                throw new InvalidUrlException("must not contain whitespace or control characters");
            }
        }
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
