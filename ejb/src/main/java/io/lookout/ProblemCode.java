package io.lookout;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What went wrong, as a code with the API's English wording: {@code {0}} is the field, {@code {1}} on
 * the arguments. The pages say the same in full sentences from the bundle {@code io/lookout/problems}
 * (key {@link #key()}), see {@link ProblemTexts}.
 */
public enum ProblemCode {
    REQUIRED("is required"),
    NOT_A_STRING("must be a string"),
    NOT_A_BOOLEAN("must be true or false"),
    TOO_LONG("is longer than {1} characters"),
    WHOLE_NUMBER("must be a whole number, not '{1}'"),
    WHOLE_NUMBER_RANGE("must be a whole number from {1} to {2}"),
    BETWEEN("must be between {1} and {2}"),
    ONE_OF("must be one of {1}"),
    UNKNOWN_FIELD("is not a field here ({1})"),
    SLUG("must be 1 to 64 lower-case letters, digits or '-', starting with a letter or digit"),
    TOO_MANY_KEYS("has more than {1} keys"),
    REPEATED("repeats '{1}'"),
    BODY_NOT_AN_OBJECT("the body must be a JSON object"),
    MALFORMED_JSON("{1}"),
    HOURS_RANGE("hours must be a whole number from 1 to {1}, not '{2}'"),
    NO_PROJECT("no project {1}"),
    RULES_SYNTAX("line {1}, column {2}: {3}"),
    RULES_INVALID("{1}"),
    PROJECT_EXISTS("a project '{1}' exists already"),
    NOT_A_MEMBER("'{1}' is not a member of project {2}"),
    NO_GROUP("no group {1} in project {2}"),
    ASSIGNEE("must be a user name, or null to unassign"),
    NO_COMMENT("no comment {1} of yours on group {2}"),
    COMMENT_EMPTY("must not be empty: write the comment (Markdown)"),
    GROUP_MERGED("group {1} is merged into group {2}"),
    MERGE_GROUPS("must be an array of at least two group ids (or group links), at most {1}"),
    MERGE_TYPES("must all be groups of one type; these are of types {1}"),
    MERGE_REPEATED("names group {1} twice"),
    GROUP_REF("'{1}' is not a group id or a link to a group"),
    NOT_MERGED("group {1} has no groups merged into it: there is nothing to split"),
    NO_EVENT("no event {1} in project {2}"),
    REGROUP_ACTIVE("project {1} is being regrouped already (job {2}): wait for it to finish or cancel it"),
    NO_ACTIVE_REGROUP("project {1} has no regroup job queued or running"),
    NO_TAG("no tag '{1}' in project {2}"),
    CURSOR_OF_OTHER_LIST("does not belong to this list (sorted by {1})"),
    CURSOR_UNKNOWN("is not a cursor this API gave out"),
    VIEW_TYPES("must be null (all types) or a non-empty array of event types"),
    VIEW_KEYS("must be a non-empty array of tag keys"),
    EVENT_TYPE("must be an event type (lower-case letters, digits, '-', '_')"),
    UNKNOWN_EVENT_TYPE("'{1}' is not an event type a deployed processor handles ({2})"),
    TAG_KEY("must be a tag key (1 to 64 letters, digits, '_', '.', ':', '-')"),
    VIEW_EXISTS("a view '{1}' exists already in project {2}"),
    NO_VIEW("no view '{1}' in project {2}"),
    VIEW_IN_USE("view '{1}' is the scope of alert rules {2}: change or delete them first"),
    RETENTION_WHOLE_DAYS("must be a whole number of days"),
    RETENTION_RANGE("must be between {1} and {2} days"),
    SCRUBBING_OBJECT("must be an object with enabled, sensitiveKeys, safeKeys or keepIpAddresses"),
    SCRUBBING_UNKNOWN("is not a scrubbing setting; known: enabled, sensitiveKeys, safeKeys, keepIpAddresses"),
    KEYS_ARRAY("must be an array of keys"),
    DATA_KEYS_ARRAY("must be an array of data keys"),
    SCRUBBING_KEY("must be a key of 1 to {1} characters"),
    DATA_KEY("must be a key of 1 to 64 letters, digits, '_', '.', ':' or '-'"),
    RESERVED_KEY("'{1}' is set by the server"),
    NO_RULE("no alert rule {1} in project {2}"),
    TOO_MANY_RULES("project {1} has {2} alert rules, the most it may have"),
    RULE_FIELD("is not a field of an alert rule (fields: name, trigger, view, query, threshold,"
            + " email, emailMembers, language, webhook, quietMinutes, enabled)"),
    TRIGGER_REQUIRED("is required: new-group, regression, frequency, view-frequency or quota-reached"),
    TRIGGER_UNKNOWN("must be new-group, regression, frequency, view-frequency or quota-reached, not '{1}'"),
    VIEW_SLUG("must be a view's slug"),
    THRESHOLD_REQUIRED("is required for {1}: {\"events\": N, \"minutes\": M}"),
    THRESHOLD_FIELD("is not a field of a threshold (events, minutes)"),
    THRESHOLD_NOT_COUNTED("applies only to the frequency and view-frequency triggers"),
    QUOTA_TRIGGER_SCOPE("is not allowed with the trigger quota-reached: it watches the whole project"),
    LANGUAGE("must be en or de"),
    WEBHOOK_OBJECT("must be an object {\"url\": ..., \"format\": \"json\" | \"slack\"}"),
    WEBHOOK_FIELD("is not a field of a webhook (url, format)"),
    WEBHOOK_FORMAT("must be json or slack"),
    NO_CHANNEL("a rule needs a channel: e-mail addresses, emailMembers or a webhook"),
    URL_SCHEME("must be an http or https URL"),
    URL_HOST("must name a host"),
    NOT_A_URL("is not a URL: {1}"),
    EMAIL_ARRAY("must be an array of e-mail addresses"),
    TOO_MANY_EMAILS("has more than {1} addresses"),
    NOT_AN_EMAIL("is not an e-mail address (name@domain)"),
    ADMINS_ONLY("alert rules may be changed by admins only"),
    TEST_NOTIFICATION_GONE("the test notification of rule {1} is gone"),
    MUTE_RANGE("must be from 0 (unmute) to {1} (90 days)"),
    WHOLE_MINUTES("must be a whole number of minutes"),
    GROUP_FIELD("cannot be changed: send status, muteMinutes and/or assignee"),
    NO_USER("no user '{1}'"),
    TOKEN_SCOPES("must be a non-empty array of read, write and admin"),
    TOKEN_ADMIN_SCOPE("may hold admin only for admins"),
    TOKEN_ADMIN_PROJECTS("cannot restrict a token with the scope admin: it acts on the whole installation"),
    TOKEN_PROJECTS("must be null or an array of at most 100 project ids"),
    TOKEN_PROJECT("holds {1}, which is not a project you can read"),
    TOKEN_EXPIRY("must be a time in the future, ISO 8601 with an offset (2027-01-31T00:00:00Z), or null"),
    NO_TOKEN("no API token {1}"),
    TOO_MANY_TOKENS("'{1}' has {2} API tokens, the most one user may have: revoke one first"),
    USER_EXISTS("a user '{1}' exists already"),
    USERNAME("must be 1 to 100 letters, digits, '.', '_', '@' or '-', starting with a letter or digit"),
    LAST_ADMIN_ROLE("cannot take the role admin from the last admin ('{1}'); make another user admin first"),
    LAST_ADMIN_DELETE("cannot delete the last admin ('{1}'); make another user admin first"),
    PASSWORD_TOO_SHORT("is too weak: use at least {1} characters"),
    PASSWORD_REPEATED("is too weak: one character repeated"),
    PASSWORD_USERNAME("is too weak: it is the user name"),
    NOT_A_ROLE("is not a role: use {1}"),
    ROLES("must be a non-empty array of roles ({1})"),
    NOTHING_TO_CHANGE("nothing to change: send password, roles, email or language"),
    QUERY_TOO_LONG("query is too long: at most {1} characters are allowed, this one has {2}"),
    QUERY_TOO_MANY_TERMS("too many terms: at most {1} are allowed, term {2} starts at column {3}"),
    QUERY_BANG_ALONE("'!' must be followed directly by a term, without a space, e.g. !has:release"),
    QUERY_DOUBLE_BANG("'!!' is not allowed: a single '!' negates a term"),
    QUERY_EMPTY_PHRASE("empty quoted phrase: expected text between the quotes"),
    QUERY_QUOTE_IN_WORD("unexpected '\"' inside a word: quote the whole phrase, e.g. \"two words\""),
    QUERY_MISSING_KEY("missing key before ':': expected key:value (quote text that contains ':')"),
    QUERY_KEY_TOO_LONG("key is longer than {1} characters"),
    QUERY_KEY_CHARACTER("invalid character {1} in key '{2}': keys use letters, digits, '_', '.' and '-'"
            + " (quote text that contains ':')"),
    QUERY_HAS_TOO_LONG("key after 'has:' is longer than {1} characters"),
    QUERY_TYPE_TOO_LONG("event type after 'type:' is longer than {1} characters"),
    QUERY_VALUE_TOO_LONG("value after '{1}:' is longer than {2} characters"),
    QUERY_HAS_EMPTY("empty value after 'has:': expected a tag key, e.g. has:release"),
    QUERY_TYPE_EMPTY("empty value after 'type:': expected an event type, e.g. type:exception"),
    QUERY_IS_EMPTY("empty value after 'is:': expected {1}, {2}, {3} or {4}"),
    QUERY_PERSONAL_TERM("cannot use assigned: or is:bookmarked: they depend on who searches"),
    QUERY_ASSIGNED_EMPTY("empty value after 'assigned:': expected me, none or a user name"),
    QUERY_TAG_EMPTY("empty value after '{1}:': expected {1}:value, or {1}:\"\" for the empty string"),
    QUERY_QUOTE_IN_VALUE("unexpected '\"' inside an unquoted value: quote the whole value and write \\\" for a quote,"
            + " e.g. {1}:\"say \\\"hi\\\"\""),
    QUERY_HAS_CHARACTER("invalid character {1} in key '{2}' after 'has:': keys use letters, digits, '_', '.' and '-'"),
    QUERY_TYPE_CHARACTER("invalid event type '{1}' after 'type:': expected lowercase letters, digits, '_' and '-',"
            + " starting with a letter or digit, e.g. type:exception"),
    QUERY_IS_VALUE("'is:' expects {1}, {2}, {3} or {4}, not '{5}'"),
    QUERY_UNTERMINATED_PHRASE("unterminated quoted phrase starting at column {1}: expected a closing '\"'"),
    QUERY_UNTERMINATED_VALUE("unterminated quoted value starting at column {1}: expected a closing '\"'"),
    QUERY_UNTERMINATED_PHRASE_ESCAPE("unterminated quoted phrase starting at column {1}: expected a closing '\"'"
            + " (the last '\\' escapes nothing)"),
    QUERY_UNTERMINATED_VALUE_ESCAPE("unterminated quoted value starting at column {1}: expected a closing '\"'"
            + " (the last '\\' escapes nothing)"),
    QUERY_UNKNOWN_ESCAPE_PHRASE(
            "unknown escape '\\{1}' in quoted phrase: only \\\" (quote) and \\\\ (backslash)" + " are allowed"),
    QUERY_UNKNOWN_ESCAPE_VALUE(
            "unknown escape '\\{1}' in quoted value: only \\\" (quote), \\\\ (backslash) and, in a tag value,"
                    + " \\* (star) are allowed"),
    QUERY_AFTER_QUOTE("expected whitespace after the closing '\"' at column {1}, not {2}"),
    QUERY_CONTROL_CHARACTER("control character {1} is not allowed at column {2}"),
    QUERY_HALF_SURROGATE("invalid character {1} (half of a surrogate pair) at column {2}"),
    RESOLVED_IN_RELEASE("must be \"next\" or a release name, with status resolved"),
    QUERY_TIME_VALUE("'{1}:' at column {3} expects -N or +N and a unit (e.g. {1}:-24h: within the last 24 hours;"
            + " {1}:+7d: longer ago than 7 days) or >, >=, <, <= and a date (e.g. {1}:>2026-12-01), not '{2}'"),
    QUERY_TIME_UNIT("unknown time unit {2} after '{1}:' at column {3}: expected m (minutes), h (hours), d (days)"
            + " or w (weeks)"),
    QUERY_TIME_RANGE("'{1}:{2}' at column {3} is out of range: from 1 minute up to 3650 days"),
    QUERY_TIME_DATE("invalid date '{2}' after '{1}:' at column {3}: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS],"
            + " UTC unless an offset such as +02:00 follows"),
    QUERY_RULE_TIME_TERM("cannot use lastSeen: or firstSeen: in an alert rule: a rule looks at each new event"),
    SAVED_SEARCH_EXISTS("you have a saved search named '{1}' already"),
    NO_SAVED_SEARCH("no saved search {1}"),
    TOO_MANY_SAVED_SEARCHES("you have {1} saved searches, the most there may be: delete one first"),
    SAVED_SEARCH_NAME("must be 1 to {1} characters without line breaks"),
    SAVED_SEARCH_RENAME_ONLY("only the name of a saved search can change: save a new one for another query");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)}");

    private final String api;

    ProblemCode(String api) {
        this.api = api;
    }

    /** The key of the page's sentence in the bundle {@code io/lookout/problems}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The API's English pattern, placeholders {@code {n}} and nothing else special. */
    public String apiPattern() {
        return api;
    }

    /**
     * The API's English message: {@code {0}} the field, {@code {n}} the n-th argument, each as
     * {@link String#valueOf} writes it (no grouping of numbers, the wire stays as it was).
     */
    public String api(String field, Object... arguments) {
        Matcher m = PLACEHOLDER.matcher(api);
        StringBuilder text = new StringBuilder();
        while (m.find()) {
            int n = Integer.parseInt(m.group(1));
            String value = n == 0 ? String.valueOf(field) : String.valueOf(arguments[n - 1]);
            m.appendReplacement(text, Matcher.quoteReplacement(value));
        }
        m.appendTail(text);
        return text.toString();
    }
}
