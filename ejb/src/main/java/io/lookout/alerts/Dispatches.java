package io.lookout.alerts;

import io.lookout.JsonFactories;
import io.lookout.grouping.GroupStatus;
import io.lookout.schema.Columns;
import io.lookout.schema.SqlRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The database side of delivering: forming a rule's digest from its pending notifications (with
 * the noise controls: muted groups, the quiet period, the project's hourly cap), claiming a
 * dispatch's channel for one attempt, and recording the attempt's outcome. Each method is a
 * transaction of its own; the mail and the HTTP request happen between them ({@link Dispatcher}).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class Dispatches {

    static final String EMAIL = "email";
    static final String WEBHOOK = "webhook";
    static final String CAP_SUMMARY = "cap-summary";

    /** The triggers whose notifications take a place under the hourly cap (SQL list). */
    static final String COUNTED_TRIGGERS = "'new-group', 'regression', 'frequency', 'view-frequency', 'quota-reached'";

    static final String TEST = "test";
    /** How long one attempt may take before another node may take the channel over. */
    static final Duration LEASE = Duration.ofMinutes(2);

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private AlertSql sql;

    @Inject
    private AlertSettings settings;

    @Inject
    private AlertRules rules;

    /** A dispatch formed, with the channels to deliver. */
    public record Formed(long dispatchId, List<String> channels) {}

    /**
     * What forming a digest did: the dispatches to deliver now, and when to look again
     * ({@code later}: the rule's digest window is still open; {@code capSummaryAt}: the "N more
     * suppressed" message of this hour is due then).
     */
    public record Outcome(List<Formed> formed, Instant later, Instant capSummaryAt) {
        static final Outcome NOTHING = new Outcome(List.of(), null, null);
    }

    private record Pending(long id, String trigger, Long groupId, Instant createdAt) {}

    private static final Columns RULE = new Columns(
            "project_id", "enabled", "quiet_minutes", "last_dispatch_at", "email", "email_members", "webhook_url");
    private static final Columns PENDING = new Columns("id", "trigger_kind", "group_id", "created_at");
    private static final Columns NOTIFICATION = new Columns(
            "id",
            "trigger_kind",
            "group_id",
            "summary",
            "event_id",
            "event_tags",
            "threshold_events",
            "created_at",
            "detail");
    private static final Columns GROUP =
            new Columns("id", "type", "message", "culprit", "level", "status", "times_seen", "first_seen", "last_seen");

    /** Forms the rule's digest of the pending notifications that are due. */
    @SuppressWarnings("unchecked")
    public Outcome form(long ruleId, Instant now) {
        List<Object> ofProject = em.createNativeQuery("SELECT project_id FROM alert_rule WHERE id = ?1")
                .setParameter(1, ruleId)
                .getResultList();
        if (ofProject.isEmpty()) {
            return Outcome.NOTHING;
        }
        // the cap is the project's: one digest of the project is formed at a time, or two rules
        // forming together would each count the other's notifications as not sent yet. The project
        // first, then the rule (the order AlertRules.create takes them in); on PostgreSQL without
        // the key lock, so the batches that insert events and notifications of the project (their
        // foreign keys take a key-share lock on its row) never wait for it
        em.createNativeQuery("SELECT id FROM project WHERE id = ?1 " + sql.digestLock())
                .setParameter(1, ((Number) ofProject.get(0)).longValue())
                .getResultList();
        List<SqlRow> ruleRows = RULE.select(em, "FROM alert_rule WHERE id = ?1 FOR UPDATE", ruleId);
        if (ruleRows.isEmpty()) {
            return Outcome.NOTHING;
        }
        SqlRow rule = ruleRows.get(0);
        long projectId = rule.number("project_id");
        boolean enabled = rule.flag("enabled");
        int quietMinutes = (int) rule.number("quiet_minutes");
        Instant lastDispatch = rule.instant("last_dispatch_at");
        List<String> channels =
                channels(AlertRules.emails(rule.text("email")), rule.flag("email_members"), rule.text("webhook_url"));

        List<SqlRow> rows = PENDING.select(
                em,
                "FROM alert_notification WHERE rule_id = ?1 AND state = 'pending'"
                        + " AND due_at <= CAST(?2 AS TIMESTAMP WITH TIME ZONE) ORDER BY id",
                ruleId,
                utc(now));
        Instant hour = settings.capWindowStart(now);
        if (rows.isEmpty()) {
            if (overflowed(ruleId, hour)) {
                // a batch past the cap counted its notifications (AlertTriggers): "N more suppressed" is due
                Instant due = hour.plus(settings.capWindow());
                insertCapSummary(projectId, ruleId, hour, due, now);
                return new Outcome(List.of(), null, due);
            }
            return Outcome.NOTHING;
        }
        List<Pending> regular = new ArrayList<>();
        List<Pending> summaries = new ArrayList<>();
        for (SqlRow row : rows) {
            Pending p = new Pending(
                    row.number("id"),
                    row.text("trigger_kind"),
                    row.numberOrNull("group_id"),
                    row.instant("created_at"));
            (CAP_SUMMARY.equals(p.trigger()) ? summaries : regular).add(p);
        }
        if (!enabled || channels.isEmpty()) {
            suppress(rows.stream().map(row -> row.number("id")).toList(), "rule disabled");
            return Outcome.NOTHING;
        }
        if (!regular.isEmpty() && lastDispatch != null && now.isBefore(lastDispatch.plus(settings.digest()))) {
            // a digest went out less than a minute ago: what fires meanwhile goes out together, then
            return new Outcome(List.of(), lastDispatch.plus(settings.digest()), null);
        }

        List<Formed> formed = new ArrayList<>();
        Instant capSummaryAt = null;
        if (!regular.isEmpty()) {
            Set<Long> muted = muted(regular, now);
            Set<String> quiet = quietMinutes > 0
                    ? recentSubjects(ruleId, now.minus(Duration.ofMinutes(quietMinutes)))
                    : new HashSet<>();
            long used = ((Number) em.createNativeQuery("SELECT COUNT(*) FROM alert_notification WHERE project_id = ?1"
                                    + " AND state = 'dispatched' AND trigger_kind IN (" + COUNTED_TRIGGERS + ")"
                                    + " AND created_at >= CAST(?2 AS TIMESTAMP WITH TIME ZONE)")
                            .setParameter(1, projectId)
                            .setParameter(2, utc(hour))
                            .getSingleResult())
                    .longValue();
            List<Long> chosen = new ArrayList<>();
            Map<String, List<Long>> suppressed = new LinkedHashMap<>();
            for (Pending p : regular) {
                String subject = subject(p.trigger(), p.groupId());
                String reason = null;
                if (p.groupId() != null && muted.contains(p.groupId())) {
                    reason = "group muted";
                } else if (quietMinutes > 0 && !quiet.add(subject)) {
                    reason = "quiet period";
                } else if (used >= settings.maxPerHour()) {
                    reason = "cap";
                } else {
                    chosen.add(p.id());
                    used++;
                }
                if (reason != null) {
                    suppressed.computeIfAbsent(reason, r -> new ArrayList<>()).add(p.id());
                }
            }
            suppressed.forEach((reason, ids) -> suppress(ids, reason));
            boolean capped = suppressed.containsKey("cap") || overflowed(ruleId, hour);
            if (capped) {
                capSummaryAt = hour.plus(settings.capWindow());
                insertCapSummary(projectId, ruleId, hour, capSummaryAt, now);
            }
            if (!chosen.isEmpty()) {
                long dispatchId = newDispatch(projectId, ruleId, "notifications", 0, channels, now);
                forChunks(chosen, (in, ids) -> {
                    var update = em.createNativeQuery(
                                    "UPDATE alert_notification SET state = 'dispatched', dispatch_id = ?1"
                                            + " WHERE id IN (" + in + ")")
                            .setParameter(1, dispatchId);
                    bind(update, 2, ids).executeUpdate();
                });
                em.createNativeQuery(
                                "UPDATE alert_rule SET last_dispatch_at = CAST(?1 AS TIMESTAMP WITH TIME ZONE) WHERE id = ?2")
                        .setParameter(1, utc(now))
                        .setParameter(2, ruleId)
                        .executeUpdate();
                formed.add(new Formed(dispatchId, channels));
            }
        }
        for (Pending summary : summaries) {
            // every notification the cap suppressed is counted by one summary: a row each, or a
            // batch's in one overflow row
            int suppressed = countCapped(ruleId);
            if (suppressed == 0) {
                suppress(summary.id(), "nothing suppressed");
                continue;
            }
            long dispatchId = newDispatch(projectId, ruleId, "suppressed", suppressed, channels, now);
            em.createNativeQuery("UPDATE alert_notification SET state = 'dispatched', dispatch_id = ?1,"
                            + " threshold_events = ?2 WHERE id = ?3")
                    .setParameter(1, dispatchId)
                    .setParameter(2, suppressed)
                    .setParameter(3, summary.id())
                    .executeUpdate();
            formed.add(new Formed(dispatchId, channels));
        }
        return new Outcome(formed, null, capSummaryAt);
    }

    /** A test notification of the rule, dispatched at once whatever the noise controls say. */
    public Formed test(long projectId, long ruleId, Instant now) throws io.lookout.Problem {
        AlertRule rule = rules.require(projectId, ruleId);
        List<String> channels = channels(rule.emails(), rule.emailMembers(), rule.webhookUrl());
        long dispatchId = newDispatch(projectId, ruleId, TEST, 0, channels, now);
        em.createNativeQuery(
                        "INSERT INTO alert_notification (id, project_id, rule_id, trigger_kind, idempotency_key, group_id,"
                                + " summary, created_at, due_at, state, dispatch_id) VALUES (?1, ?2, ?3, 'test', ?4, NULL, ?5,"
                                + " CAST(?6 AS TIMESTAMP WITH TIME ZONE), CAST(?6 AS TIMESTAMP WITH TIME ZONE), 'dispatched', ?7)")
                .setParameter(1, sql.nextId(em, "alert_notification_seq"))
                .setParameter(2, projectId)
                .setParameter(3, ruleId)
                .setParameter(4, "test:" + ruleId + ":" + UUID.randomUUID())
                .setParameter(5, "Test notification")
                .setParameter(6, utc(now))
                .setParameter(7, dispatchId)
                .executeUpdate();
        return new Formed(dispatchId, channels);
    }

    /** One attempt at a channel of a dispatch: what to send, and where. */
    public record Claim(
            Digest digest, List<Recipient> recipients, String webhookUrl, String webhookFormat, String secret) {}

    /**
     * Takes a dispatch's channel for one attempt, if it is due and nobody else has it (a lease of
     * {@link #LEASE}: an attempt on a node that died is taken over after it), and reads what to send.
     *
     * @return null when there is nothing to do (sent, given up, not due yet, or being sent)
     */
    @SuppressWarnings("unchecked")
    public Claim claim(long dispatchId, String channel, Instant now) {
        String c = column(channel);
        List<SqlRow> rows = new Columns(
                        "project_id", "rule_id", "kind", "suppressed", c + "_state AS state", c + "_next_at AS next_at")
                .select(em, "FROM alert_dispatch WHERE id = ?1 FOR UPDATE", dispatchId);
        if (rows.isEmpty()) {
            return null;
        }
        SqlRow d = rows.get(0);
        String state = d.text("state");
        Instant next = d.instant("next_at");
        boolean due = next == null || !next.isAfter(now.plusSeconds(1));
        if (!("pending".equals(state) && due) && !("sending".equals(state) && next != null && next.isBefore(now))) {
            return null;
        }
        em.createNativeQuery("UPDATE alert_dispatch SET " + c + "_state = 'sending', " + c
                        + "_next_at = CAST(?1 AS TIMESTAMP WITH TIME ZONE)" + " WHERE id = ?2")
                .setParameter(1, utc(now.plus(LEASE)))
                .setParameter(2, dispatchId)
                .executeUpdate();
        long projectId = d.number("project_id");
        long ruleId = d.number("rule_id");
        AlertRule rule = rules.find(projectId, ruleId).orElse(null);
        if (rule == null) {
            return null;
        }
        Digest digest = digest(dispatchId, kind(d.text("kind")), rule, (int) d.number("suppressed"), now);
        List<Recipient> recipients = EMAIL.equals(channel) ? recipients(rule) : List.of();
        return new Claim(digest, recipients, rule.webhookUrl(), rule.webhookFormat(), rules.secret(ruleId));
    }

    /**
     * Records an attempt's outcome.
     *
     * @param failure null: delivered
     * @return when to try again, or null (delivered, or given up: dead)
     */
    @SuppressWarnings("unchecked")
    public Instant record(long dispatchId, String channel, DeliveryFailure failure, Instant now) {
        String c = column(channel);
        List<SqlRow> rows = new Columns("created_at", c + "_attempts AS attempts")
                .select(em, "FROM alert_dispatch WHERE id = ?1 FOR UPDATE", dispatchId);
        if (rows.isEmpty()) {
            return null;
        }
        Instant created = rows.get(0).instant("created_at");
        int attempts = (int) rows.get(0).number("attempts") + 1;
        if (failure == null) {
            em.createNativeQuery("UPDATE alert_dispatch SET " + c + "_state = 'sent', " + c + "_attempts = ?1, " + c
                            + "_sent_at =" + " CAST(?2 AS TIMESTAMP WITH TIME ZONE), " + c + "_next_at = NULL, " + c
                            + "_error = NULL WHERE id = ?3")
                    .setParameter(1, attempts)
                    .setParameter(2, utc(now))
                    .setParameter(3, dispatchId)
                    .executeUpdate();
            return null;
        }
        String error = truncate(failure.getMessage(), 1000);
        Instant retry = now.plus(settings.retryAfter(attempts));
        boolean giveUp = !failure.retryable() || !retry.isBefore(created.plus(settings.retryWindow()));
        em.createNativeQuery("UPDATE alert_dispatch SET " + c + "_state = ?1, " + c + "_attempts = ?2, " + c
                        + "_next_at =" + " CAST(?3 AS TIMESTAMP WITH TIME ZONE), " + c + "_error = ?4 WHERE id = ?5")
                .setParameter(1, giveUp ? "dead" : "pending")
                .setParameter(2, attempts)
                .setParameter(3, giveUp ? null : utc(retry))
                .setParameter(4, error)
                .setParameter(5, dispatchId)
                .executeUpdate();
        return giveUp ? null : retry;
    }

    /** The rules with notifications due for a while that no prompt has taken up (a prompt lost to a crash). */
    @SuppressWarnings("unchecked")
    public List<Long> overdueRules(Instant dueBefore) {
        return ((List<Object>)
                        em.createNativeQuery("SELECT DISTINCT rule_id FROM alert_notification WHERE state = 'pending'"
                                        + " AND due_at < CAST(?1 AS TIMESTAMP WITH TIME ZONE)")
                                .setParameter(1, utc(dueBefore))
                                .getResultList())
                .stream().map(id -> ((Number) id).longValue()).toList();
    }

    /** Channels due for a while (or whose attempt's lease ran out) that no prompt has taken up: dispatch id, channel. */
    @SuppressWarnings("unchecked")
    public List<Object[]> overdueChannels(Instant dueBefore) {
        List<Object[]> overdue = new ArrayList<>();
        for (String c : List.of(EMAIL, WEBHOOK)) {
            List<Object> ids = em.createNativeQuery(
                            "SELECT id FROM alert_dispatch WHERE " + c + "_state IN ('pending', 'sending')" + " AND "
                                    + c + "_next_at < CAST(?1 AS TIMESTAMP WITH TIME ZONE)")
                    .setParameter(1, utc(dueBefore))
                    .getResultList();
            ids.forEach(id -> overdue.add(new Object[] {((Number) id).longValue(), c}));
        }
        return overdue;
    }

    /** Deletes the frequency counts older than a day and the history older than {@code lookout.alerts.history-days}. */
    public void prune(Instant now) {
        em.createNativeQuery("DELETE FROM alert_count WHERE minute_start < CAST(?1 AS TIMESTAMP WITH TIME ZONE)")
                .setParameter(1, utc(now.minus(Duration.ofMinutes(RuleSpec.MAX_THRESHOLD_MINUTES + 60))))
                .executeUpdate();
        OffsetDateTime before = utc(now.minus(Duration.ofDays(settings.historyDays())));
        em.createNativeQuery("DELETE FROM alert_notification WHERE created_at < CAST(?1 AS TIMESTAMP WITH TIME ZONE)"
                        + " AND state <> 'pending'")
                .setParameter(1, before)
                .executeUpdate();
        em.createNativeQuery("DELETE FROM alert_dispatch WHERE created_at < CAST(?1 AS TIMESTAMP WITH TIME ZONE)"
                        + " AND NOT EXISTS (SELECT 1 FROM alert_notification n WHERE n.dispatch_id = alert_dispatch.id)"
                        + " AND (email_state IS NULL OR email_state IN ('sent', 'dead'))"
                        + " AND (webhook_state IS NULL OR webhook_state IN ('sent', 'dead'))")
                .setParameter(1, before)
                .executeUpdate();
    }

    // --- digest --------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private Digest digest(long dispatchId, Digest.Kind kind, AlertRule rule, int suppressed, Instant now) {
        SqlRow project = new Columns("id", "slug", "name")
                .select(em, "FROM project WHERE id = ?1", rule.projectId())
                .get(0);
        String base = settings.publicUrl();
        List<Digest.Item> items = new ArrayList<>();
        if (kind != Digest.Kind.SUPPRESSED) {
            List<SqlRow> rows =
                    NOTIFICATION.select(em, "FROM alert_notification WHERE dispatch_id = ?1 ORDER BY id", dispatchId);
            Map<Long, Digest.Group> groups = groups(rows, rule.projectId(), base);
            for (SqlRow row : rows) {
                String trigger = row.text("trigger_kind");
                if (Trigger.QUOTA_REACHED.wire().equals(trigger)) {
                    items.add(new Digest.Item(
                            row.number("id"),
                            trigger,
                            null,
                            null,
                            null,
                            row.time("created_at"),
                            quota(row.text("detail"), row.numberOrNull("threshold_events"), base, rule.projectId())));
                    continue;
                }
                Long groupId = row.numberOrNull("group_id");
                Digest.Group group = groupId == null ? null : groups.get(groupId);
                if (group == null) {
                    // a test, or a group the retention deleted since: what the notification kept of it
                    group = new Digest.Group(
                            groupId == null ? 0 : groupId,
                            null,
                            row.text("summary"),
                            null,
                            null,
                            null,
                            0,
                            null,
                            null,
                            groupId == null
                                    ? base + "/alerts.xhtml?project=" + rule.projectId()
                                    : groupUrl(base, rule.projectId(), groupId));
                }
                Long thresholdEvents = row.numberOrNull("threshold_events");
                Digest.Threshold threshold = thresholdEvents == null || !trigger.contains("frequency")
                        ? null
                        : new Digest.Threshold(thresholdEvents, rule.thresholdMinutes());
                String eventId = row.text("event_id") == null
                        ? null
                        : row.text("event_id").trim();
                items.add(new Digest.Item(
                        row.number("id"),
                        trigger,
                        threshold,
                        group,
                        new Digest.Event(eventId, tags(row.text("event_tags"))),
                        row.time("created_at")));
            }
        }
        return new Digest(
                dispatchId,
                kind,
                new Digest.Rule(rule.id(), rule.name(), rule.trigger().wire()),
                new Digest.Project(project.number("id"), project.text("slug"), project.text("name")),
                items,
                suppressed,
                base);
    }

    private Map<Long, Digest.Group> groups(List<SqlRow> notifications, long projectId, String base) {
        Set<Long> ids = new HashSet<>();
        notifications.forEach(row -> {
            if (row.numberOrNull("group_id") != null) {
                ids.add(row.number("group_id"));
            }
        });
        Map<Long, Digest.Group> groups = new HashMap<>();
        for (long id : ids) {
            for (SqlRow g : GROUP.select(em, "FROM event_group WHERE id = ?1 AND project_id = ?2", id, projectId)) {
                groups.put(
                        id,
                        new Digest.Group(
                                id,
                                g.text("type"),
                                g.text("message"),
                                g.text("culprit"),
                                g.text("level"),
                                GroupStatus.ofColumn(g.value("status")),
                                g.number("times_seen"),
                                g.time("first_seen"),
                                g.time("last_seen"),
                                groupUrl(base, projectId, id)));
            }
        }
        return groups;
    }

    /** A {@code quota-reached} notification's limit and window, from its {@code detail} JSON. */
    static Digest.Quota quota(String detail, Long refused, String base, long projectId) {
        JsonObject json;
        try (var reader = JsonFactories.READERS.createReader(new StringReader(detail == null ? "{}" : detail))) {
            json = reader.readObject();
        }
        return new Digest.Quota(
                json.getString("limit", null),
                json.containsKey("allowed") ? json.getJsonNumber("allowed").longValue() : 0,
                json.getString("window", null),
                json.containsKey("windowStart")
                        ? Instant.parse(json.getString("windowStart")).atOffset(ZoneOffset.UTC)
                        : null,
                json.containsKey("windowEnd")
                        ? Instant.parse(json.getString("windowEnd")).atOffset(ZoneOffset.UTC)
                        : null,
                refused == null ? 0 : refused,
                projectAdminUrl(base, projectId));
    }

    /** The project's administration page, where its quotas are set. */
    static String projectAdminUrl(String base, long projectId) {
        return base + "/admin/project.xhtml?project=" + projectId;
    }

    static String groupUrl(String base, long projectId, long groupId) {
        return base + "/group.xhtml?project=" + projectId + "&id=" + groupId;
    }

    @SuppressWarnings("unchecked")
    private List<Recipient> recipients(AlertRule rule) {
        Map<String, Recipient> recipients = new LinkedHashMap<>();
        Locale language = Locale.forLanguageTag(rule.language());
        rule.emails()
                .forEach(address -> recipients.put(address.toLowerCase(Locale.ROOT), new Recipient(address, language)));
        if (rule.emailMembers()) {
            List<SqlRow> members = new Columns("u.email", "u.language")
                    .select(
                            em,
                            "FROM project_member m JOIN app_user u ON u.id = m.user_id"
                                    + " WHERE m.project_id = ?1 AND u.email IS NOT NULL ORDER BY u.username",
                            rule.projectId());
            for (SqlRow member : members) {
                String address = member.text("email");
                String spoken = member.text("language");
                recipients.putIfAbsent(
                        address.toLowerCase(Locale.ROOT),
                        new Recipient(address, Locale.forLanguageTag(spoken == null ? "en" : spoken)));
            }
        }
        return List.copyOf(recipients.values());
    }

    private static Map<String, String> tags(String json) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return tags;
        }
        try (var reader = JsonFactories.READERS.createReader(new StringReader(json))) {
            JsonObject object = reader.readObject();
            object.forEach((key, value) -> tags.put(
                    key,
                    value.getValueType() == JsonValue.ValueType.NULL
                            ? null
                            : value instanceof jakarta.json.JsonString s ? s.getString() : value.toString()));
        }
        return tags;
    }

    // --- helpers -------------------------------------------------------------------------------

    private Set<Long> muted(List<Pending> pending, Instant now) {
        Set<Long> muted = new HashSet<>();
        Set<Long> groups = new HashSet<>();
        pending.forEach(p -> {
            if (p.groupId() != null) {
                groups.add(p.groupId());
            }
        });
        forChunks(new ArrayList<>(groups), (in, ids) -> {
            var query = em.createNativeQuery(
                            "SELECT id FROM event_group WHERE muted_until > CAST(?1 AS TIMESTAMP WITH TIME ZONE)"
                                    + " AND id IN (" + in + ")")
                    .setParameter(1, utc(now));
            for (Object id : bind(query, 2, ids).getResultList()) {
                muted.add(((Number) id).longValue());
            }
        });
        return muted;
    }

    /** The subjects the rule notified about since {@code since}. */
    private Set<String> recentSubjects(long ruleId, Instant since) {
        List<SqlRow> rows = new Columns("DISTINCT trigger_kind AS trigger_kind", "group_id")
                .select(
                        em,
                        "FROM alert_notification WHERE rule_id = ?1"
                                + " AND state = 'dispatched' AND created_at > CAST(?2 AS TIMESTAMP WITH TIME ZONE)",
                        ruleId,
                        utc(since));
        Set<String> subjects = new HashSet<>();
        for (SqlRow row : rows) {
            String trigger = row.text("trigger_kind");
            if (!TEST.equals(trigger) && !CAP_SUMMARY.equals(trigger)) {
                subjects.add(subject(trigger, row.numberOrNull("group_id")));
            }
        }
        return subjects;
    }

    /** What the quiet period is counted per: the group, or for a view-frequency or quota-reached rule the rule (no group). */
    static String subject(String trigger, Long groupId) {
        return Trigger.VIEW_FREQUENCY.wire().equals(trigger) || groupId == null ? "scope" : "group:" + groupId;
    }

    /** Whether a batch of the window counted notifications past the cap that no summary counted yet. */
    @SuppressWarnings("unchecked")
    private boolean overflowed(long ruleId, Instant hour) {
        return !em.createNativeQuery("SELECT id FROM alert_notification WHERE rule_id = ?1 AND state = 'suppressed'"
                        + " AND created_at >= CAST(?2 AS TIMESTAMP WITH TIME ZONE) AND trigger_kind = '"
                        + AlertTriggers.OVERFLOW + "' AND reason = 'cap'")
                .setParameter(1, ruleId)
                .setParameter(2, utc(hour))
                .setMaxResults(1)
                .getResultList()
                .isEmpty();
    }

    /**
     * Marks the rule's notifications the cap suppressed as counted and answers how many they are:
     * an overflow row counts its batch's ({@code threshold_events}), any other one itself.
     */
    private int countCapped(long ruleId) {
        List<SqlRow> rows = new Columns("id", "trigger_kind", "threshold_events")
                .select(
                        em,
                        "FROM alert_notification WHERE rule_id = ?1 AND state = 'suppressed' AND reason = 'cap'",
                        ruleId);
        long count = 0;
        List<Long> ids = new ArrayList<>(rows.size());
        for (SqlRow row : rows) {
            ids.add(row.number("id"));
            Long batch = row.numberOrNull("threshold_events");
            count += AlertTriggers.OVERFLOW.equals(row.text("trigger_kind")) && batch != null ? batch : 1;
        }
        forChunks(
                ids,
                (in, chunk) -> bind(
                                em.createNativeQuery(
                                        "UPDATE alert_notification SET reason = 'cap (counted)' WHERE id IN (" + in
                                                + ")"),
                                2,
                                chunk)
                        .executeUpdate());
        return (int) Math.min(Integer.MAX_VALUE, count);
    }

    private void insertCapSummary(long projectId, long ruleId, Instant hour, Instant due, Instant now) {
        String key = CAP_SUMMARY + ":" + ruleId + ":" + hour.getEpochSecond();
        Number exists =
                (Number) em.createNativeQuery("SELECT COUNT(*) FROM alert_notification WHERE idempotency_key = ?1")
                        .setParameter(1, key)
                        .getSingleResult();
        if (exists.longValue() > 0) {
            return; // the rule row is locked: nobody else inserts it meanwhile
        }
        em.createNativeQuery(
                        "INSERT INTO alert_notification (id, project_id, rule_id, trigger_kind, idempotency_key, summary,"
                                + " created_at, due_at, state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, CAST(?7 AS TIMESTAMP WITH TIME ZONE),"
                                + " CAST(?8 AS TIMESTAMP WITH TIME ZONE), 'pending')")
                .setParameter(1, sql.nextId(em, "alert_notification_seq"))
                .setParameter(2, projectId)
                .setParameter(3, ruleId)
                .setParameter(4, CAP_SUMMARY)
                .setParameter(5, key)
                .setParameter(6, "Notifications suppressed by the hourly cap")
                .setParameter(7, utc(now))
                .setParameter(8, utc(due))
                .executeUpdate();
    }

    private long newDispatch(
            long projectId, long ruleId, String kind, int suppressed, List<String> channels, Instant now) {
        long id = sql.nextId(em, "alert_dispatch_seq");
        em.createNativeQuery(
                        "INSERT INTO alert_dispatch (id, project_id, rule_id, kind, suppressed, created_at, email_state,"
                                + " webhook_state, email_next_at, webhook_next_at) VALUES (?1, ?2, ?3, ?4, ?5,"
                                + " CAST(?6 AS TIMESTAMP WITH TIME ZONE), ?7, ?8, CAST(?9 AS TIMESTAMP WITH TIME ZONE),"
                                + " CAST(?10 AS TIMESTAMP WITH TIME ZONE))")
                .setParameter(1, id)
                .setParameter(2, projectId)
                .setParameter(3, ruleId)
                .setParameter(4, kind)
                .setParameter(5, suppressed)
                .setParameter(6, utc(now))
                .setParameter(7, channels.contains(EMAIL) ? "pending" : null)
                .setParameter(8, channels.contains(WEBHOOK) ? "pending" : null)
                .setParameter(9, channels.contains(EMAIL) ? utc(now) : null)
                .setParameter(10, channels.contains(WEBHOOK) ? utc(now) : null)
                .executeUpdate();
        return id;
    }

    private void suppress(long notificationId, String reason) {
        suppress(List.of(notificationId), reason);
    }

    /** Suppresses many at once: a storm of new groups can leave thousands pending beyond the cap. */
    private void suppress(List<Long> notificationIds, String reason) {
        forChunks(notificationIds, (in, ids) -> {
            var update = em.createNativeQuery(
                            "UPDATE alert_notification SET state = 'suppressed', reason = ?1 WHERE id IN (" + in + ")")
                    .setParameter(1, reason);
            bind(update, 2, ids).executeUpdate();
        });
    }

    /** Calls {@code action} with a parameter list ({@code ?2, ?3, ...} from 2) and the ids, for chunks of 500 ids. */
    private static void forChunks(List<Long> ids, java.util.function.BiConsumer<String, List<Long>> action) {
        for (int start = 0; start < ids.size(); start += 500) {
            List<Long> chunk = ids.subList(start, Math.min(ids.size(), start + 500));
            StringBuilder in = new StringBuilder();
            for (int i = 0; i < chunk.size(); i++) {
                in.append(i == 0 ? "" : ", ").append('?').append(i + 2);
            }
            action.accept(in.toString(), chunk);
        }
    }

    private static jakarta.persistence.Query bind(jakarta.persistence.Query query, int first, List<Long> ids) {
        for (int i = 0; i < ids.size(); i++) {
            query.setParameter(first + i, ids.get(i));
        }
        return query;
    }

    static List<String> channels(List<String> emails, boolean members, String webhookUrl) {
        List<String> channels = new ArrayList<>(2);
        if (!emails.isEmpty() || members) {
            channels.add(EMAIL);
        }
        if (webhookUrl != null) {
            channels.add(WEBHOOK);
        }
        return channels;
    }

    private static Digest.Kind kind(String kind) {
        return switch (kind) {
            case TEST -> Digest.Kind.TEST;
            case "suppressed" -> Digest.Kind.SUPPRESSED;
            default -> Digest.Kind.NOTIFICATIONS;
        };
    }

    private static String column(String channel) {
        if (EMAIL.equals(channel)) {
            return "email";
        }
        if (WEBHOOK.equals(channel)) {
            return "webhook";
        }
        throw new IllegalArgumentException("no channel '" + channel + "'");
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static String truncate(String text, int length) {
        return text == null || text.length() <= length ? text : text.substring(0, length - 1) + "…";
    }
}
