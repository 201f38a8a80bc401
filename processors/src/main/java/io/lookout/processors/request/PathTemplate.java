package io.lookout.processors.request;

import java.util.StringJoiner;

/**
 * Turns a request path into its template: id-like segments become {@value #ID}, so that
 * {@code /items/123} and {@code /items/456} are one group. Empty segments are dropped (so a
 * trailing slash and doubled slashes do not count) and so are path parameters
 * ({@code ;jsessionid=…}). A segment is id-like when it is (or, with a file extension such as
 * {@code .jpg}, its stem is):
 * <ul>
 * <li>a number or a date/time: digits with the separators {@code - . _ : , +} only, at least one
 *     digit ({@code 123}, {@code 2024-01-31}, {@code 1.5});
 * <li>a UUID ({@code 9ec79c33-ec99-42ab-8353-589fcb2e04dc});
 * <li>long hex: at least 8 hex digits with at least one digit ({@code 3f2a9b7c4d5e}; not
 *     {@code deadbeef} or {@code cafebabe}, which are words);
 * <li>a generated token: at least 10 characters of {@code A-Za-z0-9_-} in which a letter and a
 *     digit meet at least 3 times ({@code dQw4w9WgXcQ}, {@code cus_9s6XKzkNRiz8i3}, ULIDs);
 * <li>a code with at least 6 digits in all ({@code ORD-2024-000123}, {@code report-20240131});
 * <li>an e-mail address ({@code bob@example.com}: characters, {@code @}, characters).
 * </ul>
 * Everything else (words, slugs, versions such as {@code v2}, {@code @scope} names) stays. The
 * work is linear in the length of the path.
 */
final class PathTemplate {

    /** The placeholder of an id-like segment. */
    static final String ID = "{id}";

    private PathTemplate() {}

    static String of(String path) {
        StringJoiner template = new StringJoiner("/", "/", "");
        int start = 0;
        while (start <= path.length()) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            String segment = path.substring(start, end);
            int parameters = segment.indexOf(';');
            if (parameters >= 0) {
                segment = segment.substring(0, parameters);
            }
            if (!segment.isEmpty()) {
                template.add(templated(segment));
            }
            start = end + 1;
        }
        return template.toString();
    }

    private static String templated(String segment) {
        if (isEmail(segment)) {
            return ID;
        }
        int dot = segment.lastIndexOf('.');
        if (dot > 0 && isExtension(segment, dot + 1) && isId(segment.substring(0, dot))) {
            return ID + segment.substring(dot);
        }
        return isId(segment) ? ID : segment;
    }

    static boolean isId(String segment) {
        return isNumberOrDate(segment)
                || isUuid(segment)
                || isLongHex(segment)
                || isToken(segment)
                || digits(segment) >= 6
                || isEmail(segment);
    }

    private static boolean isNumberOrDate(String segment) {
        boolean digit = false;
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (isDigit(c)) {
                digit = true;
            } else if ("-._:,+".indexOf(c) < 0) {
                return false;
            }
        }
        return digit;
    }

    private static boolean isUuid(String segment) {
        if (segment.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = segment.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !isHex(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLongHex(String segment) {
        if (segment.length() < 8) {
            return false;
        }
        boolean digit = false;
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (!isHex(c)) {
                return false;
            }
            digit |= isDigit(c);
        }
        return digit;
    }

    private static boolean isToken(String segment) {
        if (segment.length() < 10) {
            return false;
        }
        int changes = 0;
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (!(isLetter(c) || isDigit(c) || c == '_' || c == '-')) {
                return false;
            }
            if (i > 0) {
                char previous = segment.charAt(i - 1);
                if ((isLetter(previous) && isDigit(c)) || (isDigit(previous) && isLetter(c))) {
                    changes++;
                }
            }
        }
        return changes >= 3;
    }

    private static int digits(String segment) {
        int digits = 0;
        for (int i = 0; i < segment.length(); i++) {
            if (isDigit(segment.charAt(i))) {
                digits++;
            }
        }
        return digits;
    }

    private static boolean isEmail(String segment) {
        int at = segment.indexOf('@');
        return at > 0 && at < segment.length() - 1;
    }

    /** 1-5 letters and digits, at least one letter, from {@code from} to the end. */
    private static boolean isExtension(String segment, int from) {
        int length = segment.length() - from;
        if (length < 1 || length > 5) {
            return false;
        }
        boolean letter = false;
        for (int i = from; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (!(isLetter(c) || isDigit(c))) {
                return false;
            }
            letter |= isLetter(c);
        }
        return letter;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
