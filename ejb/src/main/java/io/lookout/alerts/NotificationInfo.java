package io.lookout.alerts;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One notification of a rule's history as {@code /api/{projectId}/alerts/{ruleId}/notifications}
 * answers it ({@link AlertHistory}): what it is about and what became of it. What it lacks is
 * written as {@code null}.
 *
 * @param state {@code pending}, {@code sending}, {@code sent}, {@code retrying}, {@code failed} or {@code suppressed}
 * @param reason why it was suppressed
 * @param events for the frequency triggers: the threshold's events
 */
@JsonbPropertyOrder({"id", "trigger", "state", "reason", "createdAt", "group", "eventId", "events", "dispatch"})
public record NotificationInfo(
        long id,
        String trigger,
        String state,
        @Schema(nullable = true) @JsonbNillable String reason,
        Instant createdAt,
        @Schema(nullable = true) @JsonbNillable NotifiedGroup group,
        @Schema(nullable = true) @JsonbNillable String eventId,
        @Schema(nullable = true) @JsonbNillable Long events,
        @Schema(nullable = true) @JsonbNillable Dispatch dispatch) {

    /**
     * The group it is about, with its summary. ({@code @JsonbNillable} on this type and the two below:
     * Yasson writes a null component of a type with its own JSON-B annotations as {@code null} only
     * when the type says so.)
     */
    @JsonbNillable
    @JsonbPropertyOrder({"id", "message"})
    public record NotifiedGroup(
            long id, @Schema(nullable = true) @JsonbNillable String message) {}

    /** The sending: one per notification, or one digest for several; a channel the rule lacks is null. */
    @JsonbNillable
    @JsonbPropertyOrder({"id", "kind", "email", "webhook"})
    public record Dispatch(
            long id,
            String kind,
            @Schema(nullable = true) @JsonbNillable DispatchChannel email,
            @Schema(nullable = true) @JsonbNillable DispatchChannel webhook) {}

    /**
     * One channel of a dispatch.
     *
     * @param nextAttemptAt only while {@code retrying}
     */
    @JsonbNillable
    @JsonbPropertyOrder({"state", "attempts", "error", "sentAt", "nextAttemptAt"})
    public record DispatchChannel(
            String state,
            int attempts,
            @Schema(nullable = true) @JsonbNillable String error,
            @Schema(nullable = true) @JsonbNillable Instant sentAt,
            @Schema(nullable = true) @JsonbNillable Instant nextAttemptAt)
            implements java.io.Serializable {

        /** The history's channel as the API and the alerts page show it: when to retry only while retrying. */
        public static DispatchChannel of(AlertHistory.Channel c) {
            return c == null
                    ? null
                    : new DispatchChannel(
                            c.state(),
                            c.attempts(),
                            c.error(),
                            c.sentAt() == null ? null : c.sentAt().toInstant(),
                            c.nextAttemptAt() == null || !"retrying".equals(c.state())
                                    ? null
                                    : c.nextAttemptAt().toInstant());
        }
    }

    /** {@code {"notifications": [...]}}, newest first. */
    public record NotificationList(List<NotificationInfo> notifications) {}

    /** The history's entry as the API shows it. */
    public static NotificationInfo of(AlertHistory.Entry e) {
        return new NotificationInfo(
                e.id(),
                e.trigger(),
                e.state(),
                e.reason(),
                e.createdAt().toInstant(),
                e.groupId() == null ? null : new NotifiedGroup(e.groupId(), e.summary()),
                e.eventId(),
                e.events(),
                e.dispatchId() == null
                        ? null
                        : new Dispatch(
                                e.dispatchId(),
                                e.kind(),
                                DispatchChannel.of(e.email()),
                                DispatchChannel.of(e.webhook())));
    }
}
