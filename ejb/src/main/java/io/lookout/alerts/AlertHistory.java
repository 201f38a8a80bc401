package io.lookout.alerts;

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

    @SuppressWarnings("unchecked")
    public List<Entry> list(long ruleId, int limit) {
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT n.id, n.trigger_kind, n.state, n.reason, n.created_at, n.group_id,"
                                + " n.summary, n.event_id, n.threshold_events, d.id, d.kind, d.email_state, d.email_attempts, d.email_error,"
                                + " d.email_sent_at, d.email_next_at, d.webhook_state, d.webhook_attempts, d.webhook_error, d.webhook_sent_at,"
                                + " d.webhook_next_at FROM alert_notification n LEFT JOIN alert_dispatch d ON d.id = n.dispatch_id"
                                + " WHERE n.rule_id = ?1 ORDER BY n.id DESC")
                .setParameter(1, ruleId)
                .setMaxResults(Math.max(1, Math.min(limit, MAX_LIMIT)))
                .getResultList();
        List<Entry> entries = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            Channel email = channel(r[11], r[12], r[13], r[14], r[15]);
            Channel webhook = channel(r[16], r[17], r[18], r[19], r[20]);
            entries.add(new Entry(
                    AlertSql.number(r[0]),
                    (String) r[1],
                    state((String) r[2], email, webhook),
                    (String) r[3],
                    AlertSql.utc(r[4]),
                    r[5] == null ? null : AlertSql.number(r[5]),
                    (String) r[6],
                    r[7] == null ? null : ((String) r[7]).trim(),
                    r[8] == null ? null : AlertSql.number(r[8]),
                    r[9] == null ? null : AlertSql.number(r[9]),
                    (String) r[10],
                    email,
                    webhook));
        }
        return entries;
    }

    private static Channel channel(Object state, Object attempts, Object error, Object sentAt, Object next) {
        return state == null
                ? null
                : new Channel(
                        channelState((String) state, (int) AlertSql.number(attempts)),
                        (int) AlertSql.number(attempts),
                        (String) error,
                        AlertSql.utc(sentAt),
                        AlertSql.utc(next));
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
