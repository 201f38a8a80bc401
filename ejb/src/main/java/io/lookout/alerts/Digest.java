package io.lookout.alerts;

import io.lookout.grouping.GroupStatus;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * What one delivery tells its channels: the notifications of one rule that went out together (a
 * digest of the groups that fired within a minute), a test notification, or the count of the
 * notifications the project's hourly cap suppressed. The channels ({@link MailChannel},
 * {@link WebhookChannel}) render it; nothing in it is read from the database by them.
 *
 * @param dispatchId the delivery's id, unique: receivers may use it to drop a repeated delivery
 * @param kind what the delivery is
 * @param rule the rule that fired
 * @param project the rule's project
 * @param items the notifications, oldest first (empty for {@link Kind#SUPPRESSED})
 * @param suppressed for {@link Kind#SUPPRESSED}: how many notifications the cap held back; else 0
 * @param publicUrl the server's public base URL without a trailing slash ({@code lookout.public-url})
 */
public record Digest(
        long dispatchId, Kind kind, Rule rule, Project project, List<Item> items, int suppressed, String publicUrl) {

    public Digest {
        items = List.copyOf(items);
    }

    public enum Kind {
        /** One or more notifications of triggers. */
        NOTIFICATIONS,
        /** Sent by the test button or {@code POST .../alerts/{id}/test}. */
        TEST,
        /** "N more suppressed": the project's hourly cap held back notifications of this rule. */
        SUPPRESSED
    }

    public record Rule(long id, String name, String trigger) {}

    public record Project(long id, String slug, String name) {}

    /**
     * One notification.
     *
     * @param trigger {@code new-group}, {@code regression}, {@code frequency}, {@code view-frequency},
     *     {@code quota-reached} or {@code test}
     * @param detail for the frequency triggers, e.g. the count and window ({@code events} in {@code minutes}); else null
     * @param group the group (for {@code view-frequency}: the group of the event that crossed the threshold;
     *     null for {@code quota-reached})
     * @param event the event that triggered it (null for {@code quota-reached})
     * @param quota for {@code quota-reached}: the limit and window; else null
     */
    public record Item(
            long notificationId,
            String trigger,
            Threshold detail,
            Group group,
            Event event,
            OffsetDateTime triggeredAt,
            Quota quota) {

        /** A notification of a group (every trigger but {@code quota-reached}). */
        public Item(
                long notificationId,
                String trigger,
                Threshold detail,
                Group group,
                Event event,
                OffsetDateTime triggeredAt) {
            this(notificationId, trigger, detail, group, event, triggeredAt, null);
        }
    }

    /**
     * What a {@code quota-reached} notification tells (no group, no event).
     *
     * @param limit {@code eventsPerMinute}, {@code spike} or {@code eventsPerDay}
     * @param allowed the limit's value: events in the window
     * @param window {@code minute} or {@code day}
     * @param windowStart the window's start (UTC)
     * @param windowEnd the window's end: events are taken again from then on
     * @param refused the events refused in the window so far (when the notification was formed)
     * @param url the project's administration page, where its quotas are set
     */
    public record Quota(
            String limit,
            long allowed,
            String window,
            OffsetDateTime windowStart,
            OffsetDateTime windowEnd,
            long refused,
            String url) {

        /** Seconds from the notification's time until the window ends. */
        public long retryAfter(OffsetDateTime at) {
            return at == null || windowEnd == null
                    ? 0
                    : Math.max(0, java.time.Duration.between(at, windowEnd).toSeconds());
        }
    }

    /** A frequency trigger's count: {@code events} events in {@code minutes} minutes reached a threshold. */
    public record Threshold(long events, int minutes) {}

    /**
     * A group as the notification shows it.
     *
     * @param url the group's page, absolute ({@code {publicUrl}/group.xhtml?project=..&id=..})
     */
    public record Group(
            long id,
            String type,
            String message,
            String culprit,
            String level,
            GroupStatus status,
            long count,
            OffsetDateTime firstSeen,
            OffsetDateTime lastSeen,
            String url) {}

    /** The triggering event: its id and tags (a null value is a null tag). */
    public record Event(String id, Map<String, String> tags) {}
}
