package io.lookout.scrubbing;

import jakarta.json.JsonNumber;
import java.util.Map;

/**
 * Finds secrets in free text in one pass, without regular expressions: each detector starts only at
 * a character that can begin its pattern and reads a bounded stretch, so the cost is linear in the
 * text whatever it holds (no backtracking on a megabyte of digits and spaces). Detected:
 * <ul>
 * <li>card numbers: 13–19 digits, optionally in groups of at least 3 separated by one space or dash,
 * starting with 2–6 (the card networks' first digits; a time in milliseconds starts with 1) and
 * passing the Luhn check;</li>
 * <li>IBANs: a country's code, its length and a valid mod-97 check, plain or in groups of four;</li>
 * <li>URL passwords: {@code scheme://user:pass@host} keeps the user;</li>
 * <li>bearer tokens: {@code Bearer abc…} keeps the word;</li>
 * <li>{@code name=value} with a sensitive name (query strings, form bodies, cookie strings), quoted
 * JSON members {@code "name": "value"}, header lines {@code Name: value} at a line's start, and the
 * {@code Authorization} and {@code Cookie} headers anywhere (to the line's end).</li>
 * </ul>
 */
final class TextScrubber {

    private static final String FILTERED = Scrubber.FILTERED;
    /** Longest key name read backwards from an {@code =} or {@code :}. */
    private static final int MAX_NAME = 128;
    /** IBAN lengths by country (the SWIFT IBAN registry). */
    private static final Map<String, Integer> IBAN_LENGTHS =
            ibanLengths("AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 "
                    + "BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 "
                    + "GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 "
                    + "MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 "
                    + "SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30");

    private static final String[] SECRET_HEADERS = {"Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie"};
    private static final String[] AUTH_SCHEMES = {"Bearer", "Basic", "Digest", "Token", "Negotiate", "Bot"};

    private final ScrubbingRules rules;
    private int replaced;
    private long growth;

    // the text being scrubbed and the replacements found so far, in order
    private String s;
    private int[] ranges = new int[16];
    private int[] groupBounds = new int[16];
    private int rangeCount;

    TextScrubber(ScrubbingRules rules) {
        this.rules = rules;
    }

    int replaced() {
        return replaced;
    }

    long growth() {
        return growth;
    }

    /** The text with every secret replaced; the same instance when there is none. */
    String scrub(String text) {
        if (text.length() < 5) {
            return text;
        }
        s = text;
        rangeCount = 0;
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            int next;
            if (c >= '0' && c <= '9') {
                next = boundaryBefore(i) ? digits(i) : i + 1;
            } else if (c == '=') {
                next = assignment(i);
            } else if (c == ':') {
                next = colon(i);
            } else if (isLetter(c) && !isWord(i - 1)) {
                next = word(i);
            } else {
                next = i + 1;
            }
            i = Math.max(next, i + 1);
        }
        String result = rangeCount == 0 ? text : rebuild();
        s = null;
        return result;
    }

    /** Whether a JSON number is an integer that is a card number. */
    static boolean isCardNumber(JsonNumber number) {
        if (!number.isIntegral()) {
            return false;
        }
        String digits = number.toString();
        if (digits.length() < 13 || digits.length() > 19) {
            return false;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return false;
            }
        }
        return card(digits, 0, digits.length());
    }

    private void replace(int from, int to) {
        if (to <= from || s.startsWith(FILTERED, from) && to - from == FILTERED.length()) {
            return;
        }
        if (rangeCount > 0 && from < ranges[2 * rangeCount - 1]) {
            // overlaps the previous one: never happens by construction, but never copy twice
            return;
        }
        if (2 * rangeCount + 2 > ranges.length) {
            ranges = java.util.Arrays.copyOf(ranges, ranges.length * 2);
        }
        ranges[2 * rangeCount] = from;
        ranges[2 * rangeCount + 1] = to;
        rangeCount++;
        replaced++;
        growth += FILTERED.length() - (to - from);
    }

    private String rebuild() {
        StringBuilder out = new StringBuilder(s.length());
        int copied = 0;
        for (int r = 0; r < rangeCount; r++) {
            out.append(s, copied, ranges[2 * r]).append(FILTERED);
            copied = ranges[2 * r + 1];
        }
        return out.append(s, copied, s.length()).toString();
    }

    private int lastReplacedEnd() {
        return rangeCount == 0 ? 0 : ranges[2 * rangeCount - 1];
    }

    // ---- card numbers

    /** At the first digit of a run: finds card numbers in it and returns the run's end. */
    private int digits(int start) {
        int n = s.length();
        // the run: digit groups joined by single spaces or dashes
        int groups = 0;
        int[] bounds = groupBounds;
        int i = start;
        while (true) {
            int groupStart = i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            if (2 * groups + 2 > bounds.length) {
                bounds = java.util.Arrays.copyOf(bounds, bounds.length * 2);
                groupBounds = bounds;
            }
            bounds[2 * groups] = groupStart;
            bounds[2 * groups + 1] = i;
            groups++;
            if (i + 1 < n && (s.charAt(i) == ' ' || s.charAt(i) == '-') && isDigit(s.charAt(i + 1))) {
                i++;
            } else {
                break;
            }
        }
        int runEnd = i;
        if (runEnd < n && (isLetter(s.charAt(runEnd)) || isDecimalPoint(runEnd))) {
            // part of a word or a decimal number: not a card; the last group is spoiled
            groups--;
        }
        int g = 0;
        while (g < groups) {
            int total = 0;
            int end = -1;
            for (int h = g; h < groups; h++) {
                int length = bounds[2 * h + 1] - bounds[2 * h];
                if (length < 3 && groups > 1 || total + length > 19) {
                    break;
                }
                total += length;
                if (total >= 13 && card(s, bounds[2 * g], bounds[2 * h + 1])) {
                    end = h;
                    break;
                }
            }
            if (end >= 0) {
                replace(bounds[2 * g], bounds[2 * end + 1]);
                g = end + 1;
            } else {
                g++;
            }
        }
        return runEnd;
    }

    /** Luhn over the digits of {@code text[from, to)} (separators skipped), first digit 2–6. */
    private static boolean card(String text, int from, int to) {
        int sum = 0;
        boolean twice = false;
        char first = 0;
        for (int i = to - 1; i >= from; i--) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                continue;
            }
            int d = c - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
            first = c;
        }
        return first >= '2' && first <= '6' && sum % 10 == 0;
    }

    private boolean isDecimalPoint(int i) {
        return (s.charAt(i) == '.' || s.charAt(i) == ',') && i + 1 < s.length() && isDigit(s.charAt(i + 1));
    }

    /** Not inside a word or a number: nothing letter-like before, no decimal point after a digit. */
    private boolean boundaryBefore(int i) {
        if (i == 0) {
            return true;
        }
        char before = s.charAt(i - 1);
        if (isLetter(before) || isDigit(before)) {
            return false;
        }
        return !((before == '.' || before == ',') && i >= 2 && isDigit(s.charAt(i - 2)));
    }

    // ---- words: IBANs and bearer tokens

    private int word(int i) {
        int iban = iban(i);
        if (iban > 0) {
            return iban;
        }
        return bearer(i);
    }

    private int iban(int start) {
        int n = s.length();
        if (start + 15 > n
                || !isUpper(s.charAt(start))
                || !isUpper(s.charAt(start + 1))
                || !isDigit(s.charAt(start + 2))
                || !isDigit(s.charAt(start + 3))) {
            return -1;
        }
        Integer length = IBAN_LENGTHS.get(s.substring(start, start + 2));
        if (length == null) {
            return -1;
        }
        char[] iban = new char[length];
        int count = 0;
        int i = start;
        while (count < length && i < n) {
            char c = s.charAt(i);
            if (isDigit(c) || isUpper(c)) {
                iban[count++] = c;
                i++;
            } else if (c == ' ' && count % 4 == 0 && count > 0 && i + 1 < n && isAlnum(s.charAt(i + 1))) {
                i++;
            } else {
                return -1;
            }
        }
        if (count < length || i < n && isAlnum(s.charAt(i)) || !mod97(iban)) {
            return -1;
        }
        replace(start, i);
        return i;
    }

    private static boolean mod97(char[] iban) {
        int remainder = 0;
        for (int k = 0; k < iban.length; k++) {
            char c = iban[(k + 4) % iban.length];
            if (isDigit(c)) {
                remainder = (remainder * 10 + (c - '0')) % 97;
            } else {
                remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
            }
        }
        return remainder == 1;
    }

    /**
     * {@code Bearer <token>}: with a capital B (as the header scheme is written) any token; written
     * {@code bearer} only a token of at least 8 characters with a digit or symbol, so that "the
     * bearer of" stays.
     */
    private int bearer(int start) {
        int n = s.length();
        if (!s.regionMatches(true, start, "bearer", 0, 6) || start + 7 >= n) {
            return -1;
        }
        int i = start + 6;
        if (s.charAt(i) != ' ' && s.charAt(i) != '\t') {
            return -1;
        }
        while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        int tokenStart = i;
        boolean digitOrSymbol = false;
        while (i < n && isTokenChar(s.charAt(i))) {
            digitOrSymbol |= !isLetter(s.charAt(i));
            i++;
        }
        if (i == tokenStart) {
            return -1;
        }
        boolean headerSpelling = s.charAt(start) == 'B';
        if (!headerSpelling && (i - tokenStart < 8 || !digitOrSymbol)) {
            return -1;
        }
        replace(tokenStart, i);
        return i;
    }

    private static boolean isTokenChar(char c) {
        return isAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '=';
    }

    // ---- name=value, "name": "value", Name: value, scheme://user:pass@host

    private int assignment(int at) {
        int nameStart = nameBefore(at, false);
        if (nameStart < 0 || !rules.sensitiveName(s, nameStart, nameEnd(nameStart))) {
            return at + 1;
        }
        return value(at + 1, false);
    }

    private int colon(int at) {
        int n = s.length();
        if (at + 2 < n && s.charAt(at + 1) == '/' && s.charAt(at + 2) == '/') {
            return urlPassword(at + 3);
        }
        // "name": value (JSON in a string)
        int q = at - 1;
        while (q >= 0 && s.charAt(q) == ' ') {
            q--;
        }
        if (q > 0 && s.charAt(q) == '"') {
            int open = q - 1;
            while (open >= 0 && q - open <= MAX_NAME + 1 && s.charAt(open) != '"') {
                open--;
            }
            if (open >= 0
                    && s.charAt(open) == '"'
                    && open + 1 < q
                    && open >= lastReplacedEnd()
                    && rules.sensitiveName(s, open + 1, q)) {
                return value(at + 1, false);
            }
            return at + 1;
        }
        // Name: value at the start of a line (a header dump), or anywhere for the headers that are secrets whole
        int nameStart = nameBefore(at, true);
        if (nameStart < 0) {
            return at + 1;
        }
        boolean lineStart = nameStart == 0 || s.charAt(nameStart - 1) == '\n' || s.charAt(nameStart - 1) == '\r';
        if (!(lineStart ? rules.sensitiveName(s, nameStart, at) : isSecretHeader(nameStart, at))) {
            return at + 1;
        }
        return value(at + 1, true);
    }

    /** {@code Authorization}, {@code Proxy-Authorization}, {@code Cookie}, {@code Set-Cookie}: their values are credentials whole. */
    private boolean isSecretHeader(int from, int to) {
        for (String header : SECRET_HEADERS) {
            if (to - from == header.length() && s.regionMatches(true, from, header, 0, header.length())) {
                return rules.sensitiveName(s, from, to);
            }
        }
        return false;
    }

    private int nameEnd(int start) {
        int i = start;
        while (i < s.length() && isNameChar(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The start of the key name that ends at {@code end} (spaces before it skipped), or -1 when there is none or it is too long. */
    private int nameBefore(int end, boolean header) {
        int i = end - 1;
        while (!header && i >= 0 && end - i <= 2 && s.charAt(i) == ' ') {
            i--;
        }
        int nameEnd = i + 1;
        int limit = nameEnd - MAX_NAME;
        while (i >= 0 && isNameChar(s.charAt(i))) {
            if (i < limit) {
                return -1;
            }
            i--;
        }
        int start = i + 1;
        return start == nameEnd || start < lastReplacedEnd() ? -1 : start;
    }

    /** Replaces the value starting at {@code from} (after spaces; quoted, to the line's end, or to a delimiter). */
    private int value(int from, boolean toLineEnd) {
        int n = s.length();
        int i = from;
        while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        if (i >= n) {
            return i;
        }
        char quote = s.charAt(i);
        if (quote == '"' || quote == '\'') {
            int start = i + 1;
            int end = start;
            while (end < n && s.charAt(end) != quote) {
                end += s.charAt(end) == '\\' ? 2 : 1;
            }
            end = Math.min(end, n);
            replace(start, end);
            return end;
        }
        int end = i;
        if (toLineEnd) {
            while (end < n && s.charAt(end) != '\n' && s.charAt(end) != '\r') {
                end++;
            }
            while (end > i && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
                end--;
            }
        } else {
            while (end < n && !isValueEnd(s.charAt(end))) {
                end++;
            }
            if (isAuthScheme(i, end) && end < n && s.charAt(end) == ' ') {
                // "Bearer abc", "Basic dXNl…": the credential is the word after the scheme
                end++;
                while (end < n && !isValueEnd(s.charAt(end))) {
                    end++;
                }
            }
        }
        replace(i, end);
        return end;
    }

    private boolean isAuthScheme(int from, int to) {
        for (String scheme : AUTH_SCHEMES) {
            if (to - from == scheme.length() && s.regionMatches(true, from, scheme, 0, scheme.length())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isValueEnd(char c) {
        return c == '&'
                || c == ';'
                || c == ','
                || c == '"'
                || c == '\''
                || c == '#'
                || c == '<'
                || c == '>'
                || c == '}'
                || c == ')'
                || Character.isWhitespace(c);
    }

    /** After {@code ://}: {@code user:password@} before the host; returns where to go on. */
    private int urlPassword(int from) {
        int n = s.length();
        int colon = -1;
        int i = from;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '@') {
                break;
            }
            if (c == '/'
                    || c == '?'
                    || c == '#'
                    || c == '"'
                    || c == '\''
                    || c == '<'
                    || c == '>'
                    || Character.isWhitespace(c)) {
                return from;
            }
            if (c == ':' && colon < 0) {
                colon = i;
            }
            i++;
        }
        if (i >= n || colon < 0) {
            return from;
        }
        replace(colon + 1, i);
        return i + 1;
    }

    // ---- characters

    private boolean isWord(int i) {
        return i >= 0 && (isLetter(s.charAt(i)) || isDigit(s.charAt(i)));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c > 0x7f && Character.isLetter(c);
    }

    private static boolean isAlnum(char c) {
        return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isNameChar(char c) {
        return isAlnum(c) || c == '_' || c == '-' || c == '.' || c == '[' || c == ']';
    }

    private static Map<String, Integer> ibanLengths(String table) {
        Map<String, Integer> lengths = new java.util.HashMap<>();
        for (String entry : table.split(" ")) {
            lengths.put(entry.substring(0, 2), Integer.parseInt(entry.substring(2)));
        }
        return Map.copyOf(lengths);
    }
}
