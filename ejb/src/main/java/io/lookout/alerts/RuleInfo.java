package io.lookout.alerts;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An alert rule as {@code /api/{projectId}/alerts} answers it (API.md "Alerts"). What the rule lacks
 * is written as {@code null}: its view, query, threshold (triggers that do not count), webhook.
 *
 * @param email the addresses it mails
 * @param language of the mails to {@code email}
 */
@JsonbPropertyOrder({
    "id",
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
    "createdAt",
    "updatedAt"
})
public record RuleInfo(
        long id,
        String name,

        @Schema(enumeration = {"new-group", "regression", "frequency", "view-frequency", "quota-reached"})
        String trigger,

        @Schema(nullable = true) @JsonbNillable String view,
        @Schema(nullable = true) @JsonbNillable String query,
        @Schema(nullable = true) @JsonbNillable Threshold threshold,
        List<String> email,
        boolean emailMembers,
        String language,
        @Schema(nullable = true) @JsonbNillable Webhook webhook,
        int quietMinutes,
        boolean enabled,
        Instant createdAt,
        Instant updatedAt) {

    /**
     * For the frequency triggers: {@code events} in {@code minutes}. ({@code @JsonbNillable} on the
     * type: Yasson writes a null component of a type with its own JSON-B annotations as {@code null}
     * only when the type says so, whatever the component says.)
     */
    @JsonbNillable
    @JsonbPropertyOrder({"events", "minutes"})
    public record Threshold(int events, int minutes) {}

    /**
     * @param format {@code json} or {@code slack}
     * @param secret signs the requests; only in the answer that created it (left out otherwise)
     */
    @JsonbNillable
    @JsonbPropertyOrder({"url", "format", "secret"})
    public record Webhook(
            String url, String format, @JsonbNillable(false) String secret) {}

    /** {@code {"rules": [...]}}, by id. */
    public record RuleList(List<RuleInfo> rules) {}

    /** The rule as the API shows it; with the webhook's {@code secret} when it is shown this once. */
    public static RuleInfo of(AlertRule rule, String secret) {
        return new RuleInfo(
                rule.id(),
                rule.name(),
                rule.trigger().wire(),
                rule.viewSlug(),
                rule.query(),
                rule.trigger().counts() ? new Threshold(rule.thresholdEvents(), rule.thresholdMinutes()) : null,
                rule.emails(),
                rule.emailMembers(),
                rule.language(),
                rule.hasWebhook() ? new Webhook(rule.webhookUrl(), rule.webhookFormat(), secret) : null,
                rule.quietMinutes(),
                rule.enabled(),
                rule.createdAt().toInstant(),
                rule.updatedAt().toInstant());
    }
}
