package io.lookout.alerts;

import io.lookout.schema.Columns;
import io.lookout.schema.SqlRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A rule's notifications, newest first, each with what became of it: {@code pending} (waiting for
 * its digest), {@code sending}, {@code sent}, {@code retrying} (an attempt failed, another follows),
 * {@code failed} (given up: refused, or still failing after the retry window) or {@code suppressed}
 * (muted group, quiet period, the hourly cap, a disabled rule), with the reason and per channel
 * the attempts and the last error.
 */
@ApplicationScoped
public class AlertHistory {

    public static final int MAX_LIMIT = 500;

    private static final Columns HISTORY = new Columns(
            "n.id",
            "n.trigger_kind",
            "n.state",
            "n.reason",
            "n.created_at",
            "n.group_id",
            "n.summary",
            "n.event_id",
            "n.threshold_events",
            "d.id AS dispatch_id",
            "d.kind",
            "d.email_state",
            "d.email_attempts",
            "d.email_error",
            "d.email_sent_at",
            "d.email_next_at",
            "d.webhook_state",
            "d.webhook_attempts",
            "d.webhook_error",
            "d.webhook_sent_at",
            "d.webhook_next_at");

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    /** One line of the history. */
    public record Entry(
            long id,
            String trigger,
            String state,
            String reason,
            OffsetDateTime createdAt,
            Long groupId,
            String summary,
            String eventId,
            Long events,
            Long dispatchId,
            String kind,
            Channel email,
            Channel webhook) {}

    /** A channel of a dispatch; null when the rule had no such channel. */
    public record Channel(
            String state, int attempts, String error, OffsetDateTime sentAt, OffsetDateTime nextAttemptAt) {}

    public List<Entry> list(long ruleId, int limit) {
        List<SqlRow> rows = HISTORY.select(
                em,
                "FROM alert_notification n LEFT JOIN alert_dispatch d ON d.id = n.dispatch_id"
                        + " WHERE n.rule_id = ?1 ORDER BY n.id DESC FETCH FIRST ?2 ROWS ONLY",
                ruleId,
                Math.max(1, Math.min(limit, MAX_LIMIT)));
        List<Entry> entries = new ArrayList<>(rows.size());
        for (SqlRow r : rows) {
            Channel email = channel(r, "email");
            Channel webhook = channel(r, "webhook");
            String eventId = r.text("event_id");
            entries.add(new Entry(
                    r.number("id"),
                    r.text("trigger_kind"),
                    state(r.text("state"), email, webhook),
                    r.text("reason"),
                    r.time("created_at"),
                    r.numberOrNull("group_id"),
                    r.text("summary"),
                    eventId == null ? null : eventId.trim(),
                    r.numberOrNull("threshold_events"),
                    r.numberOrNull("dispatch_id"),
                    r.text("kind"),
                    email,
                    webhook));
        }
        return entries;
    }

    /** A dispatch's channel ({@code email} or {@code webhook}) from the columns named after it. */
    private static Channel channel(SqlRow row, String channel) {
        String state = row.text(channel + "_state");
        if (state == null) {
            return null;
        }
        int attempts = (int) row.number(channel + "_attempts");
        return new Channel(
                channelState(state, attempts),
                attempts,
                row.text(channel + "_error"),
                row.time(channel + "_sent_at"),
                row.time(channel + "_next_at"));
    }

    private static String channelState(String state, int attempts) {
        return switch (state) {
            case "dead" -> "failed";
            case "pending" -> attempts > 0 ? "retrying" : "sending";
            case "sending" -> attempts > 0 ? "retrying" : "sending";
            default -> state;
        };
    }

    /** A notification's state from its channels': failed if one gave up, else retrying, sending, or sent when all are. */
    static String state(String state, Channel email, Channel webhook) {
        if (!"dispatched".equals(state)) {
            return state;
        }
        List<String> states = new ArrayList<>(2);
        if (email != null) {
            states.add(email.state());
        }
        if (webhook != null) {
            states.add(webhook.state());
        }
        for (String s : List.of("failed", "retrying", "sending")) {
            if (states.contains(s)) {
                return s;
            }
        }
        return "sent";
    }

    /** The history as the API answers it. */
    public static NotificationInfo.NotificationList describe(List<Entry> entries) {
        return new NotificationInfo.NotificationList(
                entries.stream().map(NotificationInfo::of).toList());
    }
}
