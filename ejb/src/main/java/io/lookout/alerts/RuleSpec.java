package io.lookout.alerts;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.event.Patterns;
import io.lookout.query.language.QueryParser;
import io.lookout.query.language.QuerySyntaxException;
import io.lookout.security.Users;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A rule to create or to replace one with ({@code POST} or {@code PUT /api/{projectId}/alerts}, the
 * alerts page): the command {@link AlertRules} takes. {@link #of} reads it from the body, checked field
 * by field: every problem is a 400 that names the field. Unknown fields are refused, so a misspelt
 * {@code "quietMinute"} does not silently keep the default.
 */
public record RuleSpec(
        String name,
        Trigger trigger,
        String viewSlug,
        String query,
        int thresholdEvents,
        int thresholdMinutes,
        List<String> emails,
        boolean emailMembers,
        String language,
        String webhookUrl,
        String webhookFormat,
        int quietMinutes,
        boolean enabled) {

    static final int MAX_EMAILS = 50;
    static final int MAX_THRESHOLD_MINUTES = 1440;
    static final int MAX_QUIET_MINUTES = 10_080;
    static final Set<String> FIELDS = Set.of(
            "name",
            "trigger",
            "view",
            "query",
            "threshold",
            "email",
            "emailMembers",
            "language",
            "webhook",
            "quietMinutes",
            "enabled",
            "id",
            "createdAt",
            "updatedAt");
    static final Set<String> LANGUAGES = Set.of("en", "de");
    static final Set<String> FORMATS = Set.of("json", "slack");
    // one address, no display name, nothing a mail header could be split on

    public static RuleSpec of(JsonObject json) throws Problem {
        for (String key : json.keySet()) {
            if (!FIELDS.contains(key)) {
                throw Problem.invalid(key, ProblemCode.RULE_FIELD);
            }
        }
        String name = string(json, "name", 200);
        if (name == null || name.isBlank()) {
            throw Problem.invalid("name", ProblemCode.REQUIRED);
        }
        String triggerText = string(json, "trigger", 32);
        if (triggerText == null) {
            throw Problem.invalid("trigger", ProblemCode.TRIGGER_REQUIRED);
        }
        Trigger trigger = Trigger.of(triggerText)
                .orElseThrow(() -> Problem.invalid("trigger", ProblemCode.TRIGGER_UNKNOWN, triggerText));
        String view = string(json, "view", 64);
        if (view != null && !Patterns.SLUG.matcher(view).matches()) {
            throw Problem.invalid("view", ProblemCode.VIEW_SLUG);
        }
        String query = string(json, "query", 1000);
        if (query != null && query.isBlank()) {
            query = null;
        }
        if (query != null) {
            try {
                for (io.lookout.query.language.Term term :
                        QueryParser.parse(query).terms()) {
                    if (term instanceof io.lookout.query.language.AssignedTerm
                            || term instanceof io.lookout.query.language.BookmarkedTerm) {
                        throw Problem.invalid("query", ProblemCode.QUERY_PERSONAL_TERM);
                    }
                    if (term instanceof io.lookout.query.language.TimeTerm) {
                        throw Problem.invalid("query", ProblemCode.QUERY_RULE_TIME_TERM);
                    }
                }
            } catch (QuerySyntaxException e) {
                throw Problem.invalid("query", e.code(), e.arguments());
            }
        }
        if (trigger == Trigger.QUOTA_REACHED && view != null) {
            throw Problem.invalid("view", ProblemCode.QUOTA_TRIGGER_SCOPE);
        }
        if (trigger == Trigger.QUOTA_REACHED && query != null) {
            throw Problem.invalid("query", ProblemCode.QUOTA_TRIGGER_SCOPE);
        }
        int events = 0;
        int minutes = 0;
        JsonValue threshold = json.get("threshold");
        boolean hasThreshold = threshold != null && threshold.getValueType() != JsonValue.ValueType.NULL;
        if (trigger.counts()) {
            if (!hasThreshold || threshold.getValueType() != JsonValue.ValueType.OBJECT) {
                throw Problem.invalid("threshold", ProblemCode.THRESHOLD_REQUIRED, trigger.wire());
            }
            JsonObject t = threshold.asJsonObject();
            for (String key : t.keySet()) {
                if (!key.equals("events") && !key.equals("minutes")) {
                    throw Problem.invalid("threshold." + key, ProblemCode.THRESHOLD_FIELD);
                }
            }
            events = integer(t, "threshold.events", "events", -1, 1, 1_000_000);
            minutes = integer(t, "threshold.minutes", "minutes", -1, 1, MAX_THRESHOLD_MINUTES);
        } else if (hasThreshold) {
            throw Problem.invalid("threshold", ProblemCode.THRESHOLD_NOT_COUNTED);
        }
        List<String> emails = emails(json.get("email"));
        boolean members = bool(json, "emailMembers", false);
        String language = string(json, "language", 8);
        if (language == null) {
            language = "en";
        }
        if (!LANGUAGES.contains(language)) {
            throw Problem.invalid("language", ProblemCode.LANGUAGE);
        }
        String url = null;
        String format = null;
        JsonValue webhook = json.get("webhook");
        if (webhook != null && webhook.getValueType() != JsonValue.ValueType.NULL) {
            if (webhook.getValueType() != JsonValue.ValueType.OBJECT) {
                throw Problem.invalid("webhook", ProblemCode.WEBHOOK_OBJECT);
            }
            JsonObject w = webhook.asJsonObject();
            for (String key : w.keySet()) {
                if (!key.equals("url") && !key.equals("format") && !key.equals("secret")) {
                    throw Problem.invalid("webhook." + key, ProblemCode.WEBHOOK_FIELD);
                }
            }
            url = webhookUrl(string(w, "url", 2000, "webhook.url"));
            format = string(w, "format", 16, "webhook.format");
            if (format == null) {
                format = "json";
            }
            if (!FORMATS.contains(format)) {
                throw Problem.invalid("webhook.format", ProblemCode.WEBHOOK_FORMAT);
            }
        }
        if (emails.isEmpty() && !members && url == null) {
            throw Problem.invalid("email", ProblemCode.NO_CHANNEL);
        }
        int quiet = integer(json, "quietMinutes", "quietMinutes", 30, 0, MAX_QUIET_MINUTES);
        boolean enabled = bool(json, "enabled", true);
        return new RuleSpec(
                name.strip(),
                trigger,
                view,
                query,
                events,
                minutes,
                emails,
                members,
                language,
                url,
                format,
                quiet,
                enabled);
    }

    /** An absolute http or https URL with a host. */
    static String webhookUrl(String url) throws Problem {
        if (url == null || url.isBlank()) {
            throw Problem.invalid("webhook.url", ProblemCode.REQUIRED);
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw Problem.invalid("webhook.url", ProblemCode.URL_SCHEME);
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                throw Problem.invalid("webhook.url", ProblemCode.URL_HOST);
            }
        } catch (URISyntaxException e) {
            throw Problem.invalid("webhook.url", ProblemCode.NOT_A_URL, e.getReason());
        }
        return url;
    }

    private static List<String> emails(JsonValue value) throws Problem {
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return List.of();
        }
        if (value.getValueType() != JsonValue.ValueType.ARRAY) {
            throw Problem.invalid("email", ProblemCode.EMAIL_ARRAY);
        }
        JsonArray array = value.asJsonArray();
        if (array.size() > MAX_EMAILS) {
            throw Problem.invalid("email", ProblemCode.TOO_MANY_EMAILS, MAX_EMAILS);
        }
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof JsonString address)
                    || address.getString().length() > 254
                    || !Users.EMAIL.matcher(address.getString()).matches()) {
                throw Problem.invalid("email[" + i + "]", ProblemCode.NOT_AN_EMAIL);
            }
            if (!emails.contains(address.getString())) {
                emails.add(address.getString());
            }
        }
        return List.copyOf(emails);
    }

    private static String string(JsonObject json, String key, int max) throws Problem {
        return string(json, key, max, key);
    }

    private static String string(JsonObject json, String key, int max, String field) throws Problem {
        JsonValue value = json.get(key);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(value instanceof JsonString text)) {
            throw Problem.invalid(field, ProblemCode.NOT_A_STRING);
        }
        if (text.getString().length() > max) {
            throw Problem.invalid(field, ProblemCode.TOO_LONG, max);
        }
        return text.getString();
    }

    private static int integer(JsonObject json, String field, String key, int absent, int min, int max) throws Problem {
        JsonValue value = json.get(key);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            if (absent < 0) {
                throw Problem.invalid(field, ProblemCode.REQUIRED);
            }
            return absent;
        }
        if (!(value instanceof JsonNumber number)
                || !number.isIntegral()
                || number.bigDecimalValue().compareTo(java.math.BigDecimal.valueOf(min)) < 0
                || number.bigDecimalValue().compareTo(java.math.BigDecimal.valueOf(max)) > 0) {
            throw Problem.invalid(field, ProblemCode.WHOLE_NUMBER_RANGE, min, max);
        }
        return number.intValue();
    }

    private static boolean bool(JsonObject json, String key, boolean absent) throws Problem {
        JsonValue value = json.get(key);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return absent;
        }
        if (value.getValueType() == JsonValue.ValueType.TRUE) {
            return true;
        }
        if (value.getValueType() == JsonValue.ValueType.FALSE) {
            return false;
        }
        throw Problem.invalid(key, ProblemCode.NOT_A_BOOLEAN);
    }
}
