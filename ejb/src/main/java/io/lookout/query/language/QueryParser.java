package io.lookout.query.language;

import io.lookout.ProblemCode;
import io.lookout.grouping.GroupStatus;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses the search query language into a {@link Query}.
 *
 * <h2>Syntax</h2>
 * A query is a list of terms separated by whitespace; an event matches when it matches
 * <em>every</em> term (AND). There is no {@code OR} and there are no parentheses.
 *
 * <table>
 *   <caption>Terms</caption>
 *   <tr><th>Written</th><th>Meaning</th><th>Parsed to</th></tr>
 *   <tr><td>{@code key:value}</td><td>tag {@code key} has the text {@code value}</td><td>{@link TagTerm}</td></tr>
 *   <tr><td>{@code key:"a value"}</td><td>the same, with a value that contains spaces or quotes</td><td>{@link TagTerm}</td></tr>
 *   <tr><td>{@code !key:value}</td><td>tag {@code key} does not have the text {@code value}</td><td>{@link TagTerm}, negated</td></tr>
 *   <tr><td>{@code url:/checkout/*}, {@code !url:*admin*}</td><td>a value of tag {@code url} matches the pattern: {@code *}
 *       is any text, {@code \*} a star itself (also {@code release:2.3.*}, {@code environment:prod*})</td><td>{@link WildcardTerm}</td></tr>
 *   <tr><td>{@code lastSeen:-24h}, {@code firstSeen:+7d}</td><td>last (first) seen within the last 24 hours; longer ago
 *       than 7 days (as in Sentry); units {@code m h d w}</td><td>{@link TimeTerm}</td></tr>
 *   <tr><td>{@code lastSeen:>2026-12-01}, {@code >=}, {@code <}, {@code <=}</td><td>last (first) seen after, at or
 *       after, before, at or before the date (UTC midnight) or date and time</td><td>{@link TimeTerm}</td></tr>
 *   <tr><td>{@code has:key}</td><td>tag {@code key} is present and not null</td><td>{@link HasTerm}</td></tr>
 *   <tr><td>{@code !has:key}</td><td>tag {@code key} is absent or null</td><td>{@link HasTerm}, negated</td></tr>
 *   <tr><td>{@code type:exception}</td><td>the event type</td><td>{@link TypeTerm}</td></tr>
 *   <tr><td>{@code is:unresolved}, {@code is:resolved}, {@code is:ignored}</td><td>the group status</td><td>{@link StatusTerm}</td></tr>
 *   <tr><td>{@code is:bookmarked}</td><td>the searching user starred the group</td><td>{@link BookmarkedTerm}</td></tr>
 *   <tr><td>{@code assigned:me}, {@code assigned:none}, {@code assigned:USER}</td><td>the group's assignee: the searching user, nobody, or that user</td><td>{@link AssignedTerm}</td></tr>
 *   <tr><td>{@code word}</td><td>groups: each word of it starts a word of the group's message, exception type and
 *       value, frame functions and modules (full-text, see {@link TextTerm}); events: the message contains it</td><td>{@link TextTerm}</td></tr>
 *   <tr><td>{@code "two words"}</td><td>the summary (message or culprit) contains the phrase</td><td>{@link TextTerm}, a phrase</td></tr>
 *   <tr><td>{@code !word}, {@code !"two words"}</td><td>the summary does not contain it</td><td>{@link TextTerm}, negated</td></tr>
 * </table>
 *
 * <p>Example: {@code type:exception url:/checkout !has:release is:unresolved "connection reset"}.
 *
 * <h2>Grammar</h2>
 * <pre>
 * query    = [ws] [ term { ws term } ] [ws]          at most 1000 characters, at most 20 terms
 * term     = [ "!" ] ( keyed | phrase | word )        "!" directly before the term, once
 * keyed    = key ":" value                            the FIRST ':' separates key and value
 *            has:KEY | type:TYPE | is:STATUS | is:bookmarked | assigned:WHO | lastSeen:TIME | firstSeen:TIME
 *            | key:value (any other key is a tag; a value with an unescaped '*' is a wildcard pattern)
 * key      = 1-64 of  A-Z a-z 0-9 _ . -
 * value    = quoted | unquoted
 * unquoted = 1-200 characters up to the next whitespace; may contain ':'; no '"'; in a tag value
 *            \* is a star itself (any other backslash is itself)
 * quoted   = '"' { character | \" | \\ | \* } '"'    0-200 characters after unescaping; may contain
 *                                                     whitespace, ':' and any Unicode; \* only in tag values
 * TIME     = ( "-" | "+" ) 1-7 digits ( m | h | d | w )    1 minute to 3650 days; "-": within, "+": longer ago
 *          | ( ">" | ">=" | "<" | "<=" ) DATE
 * DATE     = YYYY-MM-DD (midnight UTC) | YYYY-MM-DDTHH:MM[:SS[.fraction]] [ Z | +HH:MM | -HH:MM ] (UTC without one)
 * phrase   = quoted                                   not empty
 * word     = characters up to the next whitespace, without ':' or '"', not starting with '!'
 * TYPE     = [a-z0-9][a-z0-9_-]{0,63}
 * STATUS   = unresolved | resolved | ignored
 * WHO      = me | none | a user name (1-100 characters)
 * ws       = any Unicode whitespace (space, tab, no-break space, ideographic space, ...)
 * </pre>
 *
 * <h2>Rules worth knowing</h2>
 * <ul>
 *   <li>Values are always text. {@code key:"null"} is the string {@code null}; a missing or null tag is
 *       {@code !has:key}. {@code key:""} is the empty string; {@code key:} with nothing after it is an
 *       error.</li>
 *   <li>Because the first {@code :} ends the key, keys cannot contain {@code :} — tags whose names
 *       contain {@code :} cannot be searched. Values can: {@code url:https://shop/x?a=b} is the tag
 *       {@code url} with the value {@code https://shop/x?a=b}.</li>
 *   <li>To search the summary for text containing {@code :} or {@code !} at its start, quote it:
 *       {@code "Error: timeout"}, {@code "!important"}.</li>
 *   <li>{@code has}, {@code type} and {@code is} are lowercase keywords; their values may also be
 *       quoted ({@code is:"resolved"}). Keys, values and keywords are case-sensitive.</li>
 *   <li>{@code !} only negates a whole term: {@code key:!value} is the tag {@code key} with the
 *       value {@code !value}.</li>
 *   <li>A backslash is literal outside quotes; inside quotes only {@code \"} and {@code \\} exist.</li>
 *   <li>Control characters other than tab (including line breaks) and unpaired UTF-16 surrogates are
 *       rejected anywhere. Nothing else in a value is interpreted: SQL, {@code %}, {@code ?} and the like are plain
 *       text; {@code *} is a wildcard only in tag values.</li>
 *   <li>{@code lastSeen} and {@code firstSeen} are keywords like {@code assigned}: tags of those names cannot be
 *       searched. For events both mean the event's time.</li>
 *   <li>Empty or blank text, or {@code null}, parses to {@link Query#EMPTY}.</li>
 * </ul>
 *
 * <p>Lengths are counted in UTF-16 {@code char}s, as {@link String#length()} does, like the limits on
 * tags at ingestion. Parsing is a single left-to-right pass, linear in the length of the query, and
 * any mistake is reported as a {@link QuerySyntaxException} whose position is the 0-based offset of
 * the offending character; nothing else is thrown.
 */
public final class QueryParser {

    static final int MAX_QUERY_LENGTH = 1000;
    static final int MAX_TERMS = 20;
    static final int MAX_KEY_LENGTH = 64;
    static final int MAX_VALUE_LENGTH = 200;
    static final int MAX_TYPE_LENGTH = 64;
    static final List<String> STATUSES = GroupStatus.wireNames();
    /** What {@code is:} takes: the statuses and {@code bookmarked}. */
    static final String BOOKMARKED = "bookmarked";

    static final List<String> IS_VALUES = java.util.stream.Stream.concat(
                    STATUSES.stream(), java.util.stream.Stream.of(BOOKMARKED))
            .toList();
    static final int MAX_USER_LENGTH = 100;
    /** The longest relative time: {@code -3650d}, ten years. */
    static final Duration MAX_TIME = Duration.ofDays(3650);
    /** Longest piece of the query quoted back in an error message. */
    private static final int SHOWN = 40;

    private enum Kind {
        TAG,
        HAS,
        TYPE,
        IS,
        ASSIGNED,
        TIME
    }

    private final String q;
    private final int end;
    private int pos;

    private QueryParser(String q) {
        this.q = q;
        this.end = q.length();
    }

    /**
     * Parses a search query.
     *
     * @param text the query as typed; {@code null}, empty or blank give {@link Query#EMPTY}
     * @return the terms of the query, in the order they were written
     * @throws QuerySyntaxException if the text does not follow the syntax above or exceeds a limit;
     *         its position is the 0-based offset of the mistake
     */
    public static Query parse(String text) throws QuerySyntaxException {
        if (text == null) {
            return Query.EMPTY;
        }
        if (text.length() > MAX_QUERY_LENGTH) {
            throw new QuerySyntaxException(
                    ProblemCode.QUERY_TOO_LONG, MAX_QUERY_LENGTH, MAX_QUERY_LENGTH, text.length());
        }
        return new QueryParser(text).query();
    }

    private Query query() throws QuerySyntaxException {
        List<Term> terms = new ArrayList<>();
        while (true) {
            while (pos < end && isSpace(at(pos))) {
                pos++;
            }
            if (pos == end) {
                break;
            }
            if (terms.size() == MAX_TERMS) {
                throw error(ProblemCode.QUERY_TOO_MANY_TERMS, pos, MAX_TERMS, MAX_TERMS + 1, column(pos));
            }
            terms.add(term());
        }
        return terms.isEmpty() ? Query.EMPTY : new Query(terms);
    }

    /** One term, from {@code pos} (not whitespace) to the whitespace or end after it. */
    private Term term() throws QuerySyntaxException {
        int start = pos;
        boolean negated = false;
        if (at(pos) == '!') {
            negated = true;
            pos++;
            if (pos == end || isSpace(at(pos))) {
                throw error(ProblemCode.QUERY_BANG_ALONE, start);
            }
            if (at(pos) == '!') {
                throw error(ProblemCode.QUERY_DOUBLE_BANG, pos);
            }
        }
        if (at(pos) == '"') {
            int open = pos;
            String text = quoted(true, Integer.MAX_VALUE, null, null);
            endOfQuoted();
            if (text.isEmpty()) {
                throw error(ProblemCode.QUERY_EMPTY_PHRASE, open);
            }
            return new TextTerm(text, negated, true);
        }

        int wordStart = pos;
        while (pos < end) {
            char c = at(pos);
            if (c == ':' || isSpace(c)) {
                break;
            }
            if (c == '"') {
                throw error(ProblemCode.QUERY_QUOTE_IN_WORD, pos);
            }
            pos++;
        }
        if (pos == end || q.charAt(pos) != ':') {
            return new TextTerm(q.substring(wordStart, pos), negated);
        }

        int colon = pos;
        if (colon == wordStart) {
            throw error(ProblemCode.QUERY_MISSING_KEY, colon);
        }
        for (int i = wordStart; i < colon; i++) {
            if (i - wordStart == MAX_KEY_LENGTH) {
                throw error(ProblemCode.QUERY_KEY_TOO_LONG, i, MAX_KEY_LENGTH);
            }
            if (!isKeyChar(q.charAt(i))) {
                throw error(ProblemCode.QUERY_KEY_CHARACTER, i, describe(i), shown(q.substring(wordStart, colon)));
            }
        }
        String key = q.substring(wordStart, colon);
        Kind kind = switch (key) {
            case "has" -> Kind.HAS;
            case "type" -> Kind.TYPE;
            case "is" -> Kind.IS;
            case "assigned" -> Kind.ASSIGNED;
            case "lastSeen", "firstSeen" -> Kind.TIME;
            default -> Kind.TAG;
        };
        int limit = switch (kind) {
            case HAS -> MAX_KEY_LENGTH;
            case TYPE -> MAX_TYPE_LENGTH;
            case ASSIGNED -> MAX_USER_LENGTH;
            default -> MAX_VALUE_LENGTH;
        };
        TooLong tooLong = switch (kind) {
            case HAS -> new TooLong(ProblemCode.QUERY_HAS_TOO_LONG, MAX_KEY_LENGTH);
            case TYPE -> new TooLong(ProblemCode.QUERY_TYPE_TOO_LONG, MAX_TYPE_LENGTH);
            case ASSIGNED -> new TooLong(ProblemCode.QUERY_VALUE_TOO_LONG, key, MAX_USER_LENGTH);
            default -> new TooLong(ProblemCode.QUERY_VALUE_TOO_LONG, key, MAX_VALUE_LENGTH);
        };

        pos = colon + 1;
        int valueStart = pos;
        if (pos == end || isSpace(at(pos))) {
            throw switch (kind) {
                case HAS -> error(ProblemCode.QUERY_HAS_EMPTY, pos);
                case TYPE -> error(ProblemCode.QUERY_TYPE_EMPTY, pos);
                case IS -> error(ProblemCode.QUERY_IS_EMPTY, pos, IS_VALUES.toArray());
                case ASSIGNED -> error(ProblemCode.QUERY_ASSIGNED_EMPTY, pos);
                case TIME -> error(ProblemCode.QUERY_TIME_VALUE, pos, key, "", column(pos));
                case TAG -> error(ProblemCode.QUERY_TAG_EMPTY, pos, key);
            };
        }
        String value;
        int contentStart;
        // a tag value's unescaped stars, by their index in the value
        List<Integer> stars = kind == Kind.TAG ? new ArrayList<>() : null;
        if (at(pos) == '"') {
            contentStart = pos + 1;
            value = quoted(false, limit, tooLong, stars);
            endOfQuoted();
        } else if (kind == Kind.TAG) {
            contentStart = pos;
            StringBuilder text = new StringBuilder();
            while (pos < end) {
                char c = at(pos);
                if (isSpace(c)) {
                    break;
                }
                if (c == '"') {
                    throw error(ProblemCode.QUERY_QUOTE_IN_VALUE, pos, key);
                }
                if (text.length() == limit) {
                    throw tooLong.at(pos);
                }
                if (c == '\\' && pos + 1 < end && q.charAt(pos + 1) == '*') {
                    // unquoted, only \* is an escape: other backslashes are themselves
                    c = '*';
                    pos++;
                } else if (c == '*') {
                    stars.add(text.length());
                }
                text.append(c);
                pos++;
            }
            value = text.toString();
        } else {
            contentStart = pos;
            while (pos < end) {
                char c = at(pos);
                if (isSpace(c)) {
                    break;
                }
                if (c == '"') {
                    throw error(ProblemCode.QUERY_QUOTE_IN_VALUE, pos, key);
                }
                if (pos - valueStart == limit) {
                    throw tooLong.at(pos);
                }
                pos++;
            }
            value = q.substring(valueStart, pos);
        }

        // In a quoted value only '"' and '\' are escaped, and neither is valid in a key, type or status,
        // so the first invalid character of one lies before any escape: at contentStart + its index.
        return switch (kind) {
            case TAG -> stars.isEmpty() ? new TagTerm(key, value, negated) : wildcard(key, value, stars, negated);
            case TIME -> time(key, value, contentStart, negated);
            case HAS -> {
                if (value.isEmpty()) {
                    throw error(ProblemCode.QUERY_HAS_EMPTY, contentStart);
                }
                for (int i = 0; i < value.length(); i++) {
                    if (!isKeyChar(value.charAt(i))) {
                        throw error(
                                ProblemCode.QUERY_HAS_CHARACTER,
                                contentStart + i,
                                describe(contentStart + i),
                                shown(value));
                    }
                }
                yield new HasTerm(value, negated);
            }
            case TYPE -> {
                if (value.isEmpty()) {
                    throw error(ProblemCode.QUERY_TYPE_EMPTY, contentStart);
                }
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    boolean ok = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || i > 0 && (c == '_' || c == '-');
                    if (!ok) {
                        throw error(ProblemCode.QUERY_TYPE_CHARACTER, contentStart + i, shown(value));
                    }
                }
                yield new TypeTerm(value, negated);
            }
            case IS -> {
                if (BOOKMARKED.equals(value)) {
                    yield new BookmarkedTerm(negated);
                }
                Optional<GroupStatus> status = GroupStatus.byWireName(value);
                if (status.isEmpty()) {
                    throw error(
                            ProblemCode.QUERY_IS_VALUE,
                            contentStart,
                            IS_VALUES.get(0),
                            IS_VALUES.get(1),
                            IS_VALUES.get(2),
                            IS_VALUES.get(3),
                            shown(value));
                }
                yield new StatusTerm(status.get(), negated);
            }
            case ASSIGNED -> {
                if (value.isEmpty()) {
                    throw error(ProblemCode.QUERY_ASSIGNED_EMPTY, contentStart);
                }
                yield switch (value) {
                    case "me" -> new AssignedTerm(AssignedTerm.Who.ME, null, negated);
                    case "none" -> new AssignedTerm(AssignedTerm.Who.NONE, null, negated);
                    default -> new AssignedTerm(AssignedTerm.Who.USER, value, negated);
                };
            }
        };
    }

    /**
     * A quoted string from the {@code '"'} at {@code pos} to just after its closing quote, unescaped.
     *
     * @param phrase a phrase (or else a value), for messages
     * @param limit most characters after unescaping
     * @param tooLong the mistake when there are more
     * @param stars where a tag value's unescaped stars go (their index in the text; {@code \*} is a star
     *     itself), or null when stars are plain text and {@code \*} is no escape
     */
    private String quoted(boolean phrase, int limit, TooLong tooLong, List<Integer> stars) throws QuerySyntaxException {
        int open = pos;
        pos++;
        StringBuilder text = new StringBuilder();
        while (true) {
            if (pos == end) {
                throw error(
                        phrase ? ProblemCode.QUERY_UNTERMINATED_PHRASE : ProblemCode.QUERY_UNTERMINATED_VALUE,
                        open,
                        column(open));
            }
            char c = at(pos);
            if (c == '"') {
                pos++;
                return text.toString();
            }
            int charStart = pos;
            if (c == '\\') {
                if (pos + 1 == end) {
                    throw error(
                            phrase
                                    ? ProblemCode.QUERY_UNTERMINATED_PHRASE_ESCAPE
                                    : ProblemCode.QUERY_UNTERMINATED_VALUE_ESCAPE,
                            open,
                            column(open));
                }
                char next = at(pos + 1);
                if (next != '"' && next != '\\' && (stars == null || next != '*')) {
                    throw error(
                            phrase ? ProblemCode.QUERY_UNKNOWN_ESCAPE_PHRASE : ProblemCode.QUERY_UNKNOWN_ESCAPE_VALUE,
                            pos,
                            q.substring(pos + 1, pos + 1 + Character.charCount(q.codePointAt(pos + 1))));
                }
                c = next;
                pos += 2;
            } else {
                if (c == '*' && stars != null && text.length() < limit) {
                    stars.add(text.length());
                }
                pos++;
            }
            if (text.length() == limit) {
                throw tooLong.at(charStart);
            }
            text.append(c);
        }
    }

    /** A tag value with unescaped stars: the literal pieces around them (stars in a row count as one). */
    private static WildcardTerm wildcard(String key, String value, List<Integer> stars, boolean negated) {
        List<String> pieces = new ArrayList<>();
        int from = 0;
        for (int star : stars) {
            if (star == from && !pieces.isEmpty()) {
                from = star + 1; // a star right after a star
                continue;
            }
            pieces.add(value.substring(from, star));
            from = star + 1;
        }
        pieces.add(value.substring(from));
        return new WildcardTerm(key, pieces, negated);
    }

    /**
     * The value of {@code lastSeen:} or {@code firstSeen:}: {@code -N} or {@code +N} and a unit
     * ({@code m h d w}), or a comparison ({@code > >= < <=}) and a date.
     */
    private TimeTerm time(String key, String value, int contentStart, boolean negated) throws QuerySyntaxException {
        TimeTerm.Field field = "lastSeen".equals(key) ? TimeTerm.Field.LAST_SEEN : TimeTerm.Field.FIRST_SEEN;
        if (value.startsWith("-") || value.startsWith("+")) {
            int digits = 1;
            while (digits < value.length() && value.charAt(digits) >= '0' && value.charAt(digits) <= '9') {
                digits++;
            }
            if (digits == 1 || digits != value.length() - 1) {
                throw error(ProblemCode.QUERY_TIME_VALUE, contentStart, key, shown(value), column(contentStart));
            }
            Duration unit = switch (value.charAt(digits)) {
                case 'm' -> Duration.ofMinutes(1);
                case 'h' -> Duration.ofHours(1);
                case 'd' -> Duration.ofDays(1);
                case 'w' -> Duration.ofDays(7);
                default -> null;
            };
            if (unit == null) {
                throw error(
                        ProblemCode.QUERY_TIME_UNIT,
                        contentStart + digits,
                        key,
                        describe(contentStart + digits),
                        column(contentStart + digits));
            }
            // at most 7 digits: no overflow, and anything longer is past the limit anyway
            long amount = digits - 1 > 7 ? Long.MAX_VALUE : Long.parseLong(value.substring(1, digits));
            if (amount < 1 || amount > MAX_TIME.dividedBy(unit)) {
                throw error(ProblemCode.QUERY_TIME_RANGE, contentStart, key, shown(value), column(contentStart));
            }
            Duration ago = unit.multipliedBy(amount);
            TimeTerm.Comparison comparison =
                    value.charAt(0) == '-' ? TimeTerm.Comparison.AT_OR_AFTER : TimeTerm.Comparison.BEFORE;
            return new TimeTerm(field, comparison, ago, null, negated);
        }
        TimeTerm.Comparison comparison;
        int operator;
        if (value.startsWith(">=")) {
            comparison = TimeTerm.Comparison.AT_OR_AFTER;
            operator = 2;
        } else if (value.startsWith("<=")) {
            comparison = TimeTerm.Comparison.AT_OR_BEFORE;
            operator = 2;
        } else if (value.startsWith(">")) {
            comparison = TimeTerm.Comparison.AFTER;
            operator = 1;
        } else if (value.startsWith("<")) {
            comparison = TimeTerm.Comparison.BEFORE;
            operator = 1;
        } else {
            throw error(ProblemCode.QUERY_TIME_VALUE, contentStart, key, shown(value), column(contentStart));
        }
        String date = value.substring(operator);
        Instant at = date(date);
        if (at == null) {
            throw error(
                    ProblemCode.QUERY_TIME_DATE,
                    contentStart + operator,
                    key,
                    shown(date),
                    column(contentStart + operator));
        }
        return new TimeTerm(field, comparison, null, at, negated);
    }

    /** A date ({@code 2026-12-01}, midnight UTC) or a date and time (UTC unless an offset is given); null if neither. */
    private static Instant date(String text) {
        if (text.length() > 35) {
            return null;
        }
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            TemporalAccessor parsed =
                    DateTimeFormatter.ISO_DATE_TIME.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
            return parsed instanceof OffsetDateTime offset
                    ? offset.toInstant()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** After a closing quote: the term must end. */
    private void endOfQuoted() throws QuerySyntaxException {
        if (pos < end && !isSpace(at(pos))) {
            throw error(ProblemCode.QUERY_AFTER_QUOTE, pos, column(pos - 1), describe(pos));
        }
    }

    /**
     * The character at {@code i}, which must not be a control character (other than tab) or half of a
     * broken surrogate pair. Every character of the query is read through here.
     */
    private char at(int i) throws QuerySyntaxException {
        char c = q.charAt(i);
        if (c < 0x20 && c != '\t' || c >= 0x7f && c <= 0x9f) {
            throw error(ProblemCode.QUERY_CONTROL_CHARACTER, i, hex(c), column(i));
        }
        if (Character.isHighSurrogate(c) && !(i + 1 < end && Character.isLowSurrogate(q.charAt(i + 1)))
                || Character.isLowSurrogate(c) && !(i > 0 && Character.isHighSurrogate(q.charAt(i - 1)))) {
            throw error(ProblemCode.QUERY_HALF_SURROGATE, i, hex(c), column(i));
        }
        return c;
    }

    /** Unicode whitespace (control characters other than tab never get here). */
    static boolean isSpace(char c) {
        return c == '\t' || Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    static boolean isKeyChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-';
    }

    /** The character at {@code i} (a whole code point) for a message: {@code 'x'} or {@code U+XXXX}. */
    private String describe(int i) {
        int cp = q.codePointAt(i);
        int type = Character.getType(cp);
        if (Character.isWhitespace(cp)
                || Character.isSpaceChar(cp)
                || type == Character.FORMAT
                || type == Character.CONTROL
                || type == Character.SURROGATE
                || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE) {
            return hex(cp);
        }
        return "'" + new String(Character.toChars(cp)) + "'";
    }

    private static String hex(int cp) {
        return String.format("U+%04X", cp);
    }

    /** A piece of the query for a message, cut short if long. */
    private static String shown(String s) {
        if (s.length() <= SHOWN) {
            return s;
        }
        int cut = Character.isHighSurrogate(s.charAt(SHOWN - 1)) ? SHOWN - 1 : SHOWN;
        return s.substring(0, cut) + "…";
    }

    private static int column(int offset) {
        return offset + 1;
    }

    private static QuerySyntaxException error(ProblemCode code, int position, Object... arguments) {
        return new QuerySyntaxException(code, position, arguments);
    }

    /** The mistake of a value longer than its limit, made where it is found. */
    private record TooLong(ProblemCode code, Object... arguments) {

        QuerySyntaxException at(int position) {
            return error(code, position, arguments);
        }
    }
}
