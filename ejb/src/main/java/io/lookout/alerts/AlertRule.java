package io.lookout.alerts;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * An alert rule of a project: when it fires ({@link Trigger}, scope, threshold), whom it tells
 * (e-mail addresses, the project's members, a webhook) and how often at most (quiet period).
 *
 * @param viewSlug the view the rule is scoped to, or null
 * @param query the query the rule is scoped to (docs/api.md syntax), or null
 * @param thresholdEvents for the frequency triggers: events ...
 * @param thresholdMinutes ... in this many minutes; else 0
 * @param language the language of the mails to {@code emails} ({@code en} or {@code de})
 * @param webhookUrl null: no webhook
 * @param webhookFormat {@code json} or {@code slack}
 */
public record AlertRule(
        long id,
        long projectId,
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
        boolean enabled,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    public AlertRule {
        emails = List.copyOf(emails);
    }

    public boolean mails() {
        return !emails.isEmpty() || emailMembers;
    }

    public boolean hasWebhook() {
        return webhookUrl != null;
    }
}
