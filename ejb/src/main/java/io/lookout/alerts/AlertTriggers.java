package io.lookout.alerts;

import io.lookout.JsonFactories;
import io.lookout.grouping.StoredBatch;
import io.lookout.grouping.StoredEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Raises the notifications of a stored batch, in the batch's transaction: what
 * {@link TriggerDetection} finds, plus the frequency counts, are written with the events, so a
 * notification exists exactly when the events that caused it do. A notification row is inserted
 * only if its idempotency key is new. Delivery happens elsewhere, after the commit
 * ({@link NotificationQueue}): ingest never waits on SMTP or HTTP.
 *
 * <p>Once the project's cap window holds as many notifications pending or sent as the hourly cap
 * allows, the dispatcher can only suppress what comes next: a batch then writes one
 * {@value #OVERFLOW} row per rule, counting its notifications, instead of a row each (a storm of
 * ten thousand new groups writes a few hundred rows, not fifty thousand). They are reported in
 * the rule's "N more suppressed" message like those the dispatcher held back one by one.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class AlertTriggers {

    static final int MAX_TAGS_JSON = 8000;

    /** The trigger of a row that stands for a batch's notifications over the cap. */
    static final String OVERFLOW = "overflow";

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private ActiveRules rules;

    @Inject
    private AlertSql sql;

    @Inject
    private AlertSettings settings;

    /** @return the ids of the rules that raised a new notification (their digests are due) */
    public Set<Long> raise(StoredBatch batch) {
        if (batch.events().isEmpty()) {
            return Set.of();
        }
        List<ActiveRules.Active> active = rules.of(batch.projectId());
        if (active.isEmpty()) {
            return Set.of();
        }
        TriggerDetection.Found found = TriggerDetection.find(batch, active);
        List<TriggerDetection.Raised> raised = new ArrayList<>(found.raised());
        Instant now = Instant.now();
        if (!found.tallies().isEmpty()) {
            raised.addAll(count(found.tallies(), now));
        }
        if (raised.isEmpty()) {
            return Set.of();
        }
        return insert(batch.projectId(), raised, now);
    }

    /**
     * Adds the tallies to their minutes and returns the notifications of the subjects that crossed
     * their threshold. A group is counted for a frequency rule only once its total reaches the
     * threshold ({@link TriggerDetection#gate}): most groups never do, and cost nothing here.
     */
    private List<TriggerDetection.Raised> count(List<TriggerDetection.Tally> tallies, Instant now) {
        Instant minute = TriggerDetection.minute(now);
        Connection connection = connection();
        List<TriggerDetection.Tally> groups = new ArrayList<>();
        List<TriggerDetection.Tally> scopes = new ArrayList<>();
        for (TriggerDetection.Tally tally : tallies) {
            if (tally.subject() == 0) {
                scopes.add(tally);
            } else if (tally.groupAfter() >= tally.rule().thresholdEvents()) {
                groups.add(tally);
            }
        }
        // the groups' counted minutes: whether they are counted yet, and their windows' sums before
        // this batch (the batch holds each group's row since it counted into it: no one adds meanwhile)
        Map<Subject, List<long[]>> counted =
                groups.isEmpty() ? Map.of() : counted(connection, groups, windowStart(groups, minute));
        List<TriggerDetection.Tally> added = new ArrayList<>(scopes);
        List<TriggerDetection.Tally> backfilled = new ArrayList<>();
        Map<TriggerDetection.Tally, Long> sumBefore = new HashMap<>();
        for (TriggerDetection.Tally tally : groups) {
            long before = sum(
                    counted.get(new Subject(tally.rule().id(), tally.subject())), windowAfter(tally.rule(), minute));
            boolean counting = counted.containsKey(new Subject(tally.rule().id(), tally.subject()));
            switch (TriggerDetection.gate(
                    tally.rule().thresholdEvents(), tally.groupBefore(), tally.groupAfter(), counting)) {
                case ADD -> {
                    added.add(tally);
                    sumBefore.put(tally, before);
                }
                case BACKFILL -> backfilled.add(tally);
                case SKIP -> {}
            }
        }
        add(connection, added, minute);
        List<TriggerDetection.Raised> crossed = new ArrayList<>();
        for (TriggerDetection.Tally tally : added) {
            if (tally.subject() != 0) {
                long inWindow = sumBefore.get(tally) + tally.added();
                if (TriggerDetection.crossed(
                        inWindow, tally.added(), tally.rule().thresholdEvents())) {
                    crossed.add(TriggerDetection.frequency(tally, inWindow, minute));
                }
            }
        }
        // the scopes' sums are read after adding: the row of this minute is locked then, and what
        // another batch added before is committed
        if (!scopes.isEmpty()) {
            Map<Subject, List<long[]>> sums = counted(connection, scopes, windowStart(scopes, minute));
            for (TriggerDetection.Tally tally : scopes) {
                long inWindow = sum(sums.get(new Subject(tally.rule().id(), 0)), windowAfter(tally.rule(), minute));
                if (TriggerDetection.crossed(
                        inWindow, tally.added(), tally.rule().thresholdEvents())) {
                    crossed.add(TriggerDetection.frequency(tally, inWindow, minute));
                }
            }
        }
        for (TriggerDetection.Tally tally : backfilled) {
            long inWindow = backfill(connection, tally, minute);
            // never counted in this window before: it has not fired in it, whatever the batch added
            if (inWindow >= tally.rule().thresholdEvents()) {
                crossed.add(TriggerDetection.frequency(tally, inWindow, minute));
            }
        }
        return crossed;
    }

    /** Adds the tallies to the current minute, in one order of rows for every writer (no waits in a circle). */
    private void add(Connection connection, List<TriggerDetection.Tally> tallies, Instant minute) {
        if (tallies.isEmpty()) {
            return;
        }
        List<TriggerDetection.Tally> ordered = new ArrayList<>(tallies);
        ordered.sort(
                Comparator.comparingLong((TriggerDetection.Tally t) -> t.rule().id())
                        .thenComparingLong(t -> t.subject()));
        OffsetDateTime minuteStart = minute.atOffset(ZoneOffset.UTC);
        try (PreparedStatement statement = connection.prepareStatement(sql.upsertMinuteCount(true))) {
            for (TriggerDetection.Tally tally : ordered) {
                statement.setLong(1, tally.rule().id());
                statement.setLong(2, tally.subject());
                statement.setObject(3, minuteStart);
                statement.setLong(4, tally.added());
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw new PersistenceException(e.getMessage(), e);
        }
    }

    /**
     * Counts a group's minutes in a rule's window from its stored events (this batch's included),
     * replacing what was counted; returns the window's sum. The group has about as many events in all
     * as the threshold ({@link TriggerDetection#gate}), so this reads that many at most.
     */
    private long backfill(Connection connection, TriggerDetection.Tally tally, Instant minute) {
        AlertRule rule = tally.rule();
        Instant after = minute.minusSeconds(60L * rule.thresholdMinutes());
        Map<Long, Long> minutes = new java.util.TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT received_at, tags, message, culprit FROM event" + " WHERE group_id = ? AND received_at >= ?")) {
            statement.setLong(1, tally.subject());
            statement.setObject(2, after.plusSeconds(60).atOffset(ZoneOffset.UTC));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    StoredBatch.Event last = tally.last();
                    if (tally.scope()
                            .matches(
                                    last.type(),
                                    StoredEvent.tagsOf(rows.getString("tags")),
                                    rows.getString("message"),
                                    rows.getString("culprit"),
                                    tally.status(),
                                    last.viewGroups())) {
                        Instant received = rows.getObject("received_at", OffsetDateTime.class)
                                .toInstant();
                        minutes.merge(TriggerDetection.minute(received).getEpochSecond(), 1L, Long::sum);
                    }
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException(e.getMessage(), e);
        }
        long inWindow = 0;
        try (PreparedStatement statement = connection.prepareStatement(sql.upsertMinuteCount(false))) {
            for (Map.Entry<Long, Long> m : minutes.entrySet()) {
                statement.setLong(1, rule.id());
                statement.setLong(2, tally.subject());
                statement.setObject(3, Instant.ofEpochSecond(m.getKey()).atOffset(ZoneOffset.UTC));
                statement.setLong(4, m.getValue());
                statement.addBatch();
                inWindow += m.getValue();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw new PersistenceException(e.getMessage(), e);
        }
        return inWindow;
    }

    /** The start (exclusive) of a rule's window: its minutes after this one count. */
    private static long windowAfter(AlertRule rule, Instant minute) {
        return minute.minusSeconds(60L * rule.thresholdMinutes()).getEpochSecond();
    }

    private static Instant windowStart(List<TriggerDetection.Tally> tallies, Instant minute) {
        long longest = tallies.stream()
                .mapToLong(t -> t.rule().thresholdMinutes())
                .max()
                .orElse(0);
        return minute.minusSeconds(60L * longest);
    }

    private static long sum(List<long[]> minutes, long after) {
        long sum = 0;
        for (long[] m : minutes == null ? List.<long[]>of() : minutes) {
            sum += m[0] > after ? m[1] : 0;
        }
        return sum;
    }

    /** A frequency rule's subject: a group, or 0 for the rule's whole scope. */
    private record Subject(long ruleId, long subjectId) {}

    /**
     * The counted minutes after {@code after} of the tallies' rules and subjects, each as
     * (minute's epoch second, events). Rules and subjects are asked as two lists: a pair that is
     * not a tally comes back too and is not looked at.
     */
    private static Map<Subject, List<long[]>> counted(
            Connection connection, List<TriggerDetection.Tally> tallies, Instant after) {
        List<Long> ruleIds = tallies.stream().map(t -> t.rule().id()).distinct().toList();
        List<Long> subjects =
                tallies.stream().map(TriggerDetection.Tally::subject).distinct().toList();
        Map<Subject, List<long[]>> counted = new HashMap<>();
        for (int start = 0; start < subjects.size(); start += 1000) {
            List<Long> chunk = subjects.subList(start, Math.min(subjects.size(), start + 1000));
            String select = "SELECT rule_id, subject_id, minute_start, times_seen FROM alert_count WHERE rule_id IN ("
                    + placeholders(ruleIds.size()) + ") AND subject_id IN (" + placeholders(chunk.size())
                    + ") AND minute_start > ?";
            try (PreparedStatement statement = connection.prepareStatement(select)) {
                int i = 1;
                for (long ruleId : ruleIds) {
                    statement.setLong(i++, ruleId);
                }
                for (long subject : chunk) {
                    statement.setLong(i++, subject);
                }
                statement.setObject(i, after.atOffset(ZoneOffset.UTC));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        long minuteStart = rows.getObject("minute_start", OffsetDateTime.class)
                                .toEpochSecond();
                        counted.computeIfAbsent(
                                        new Subject(rows.getLong("rule_id"), rows.getLong("subject_id")),
                                        s -> new ArrayList<>())
                                .add(new long[] {minuteStart, rows.getLong("times_seen")});
                    }
                }
            } catch (SQLException e) {
                throw new PersistenceException(e.getMessage(), e);
            }
        }
        return counted;
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    /** Inserts the notifications whose keys are new, or past the cap counts them; returns their rules. */
    private Set<Long> insert(long projectId, List<TriggerDetection.Raised> raised, Instant now) {
        if (admitted(projectId, settings.capWindowStart(now)) >= settings.maxPerHour()) {
            return overflow(projectId, raised, now);
        }
        List<TriggerDetection.Raised> ordered = new ArrayList<>(raised);
        ordered.sort(Comparator.comparing(TriggerDetection.Raised::key));
        String columns =
                "(id, project_id, rule_id, trigger_kind, idempotency_key, group_id, summary, event_id, event_tags,"
                        + " threshold_events, created_at, due_at, state)";
        String insert = sql.insertNotificationIfNew(
                columns, "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending'", "alert_notification_seq");
        Set<Long> ruleIds = new LinkedHashSet<>();
        try (PreparedStatement statement = connection().prepareStatement(insert)) {
            for (TriggerDetection.Raised r : ordered) {
                statement.setLong(1, projectId);
                statement.setLong(2, r.rule().id());
                statement.setString(3, r.trigger().wire());
                statement.setString(4, r.key());
                statement.setLong(5, r.event().groupId());
                statement.setString(6, truncate(r.event().message(), 1000));
                statement.setString(7, r.event().id());
                statement.setString(8, tagsJson(r.event().tags()));
                if (r.thresholdEvents() > 0) {
                    statement.setLong(9, r.thresholdEvents());
                } else {
                    statement.setNull(9, java.sql.Types.BIGINT);
                }
                statement.setObject(10, now.atOffset(ZoneOffset.UTC));
                statement.setObject(11, now.atOffset(ZoneOffset.UTC));
                if (sql.keyBoundAgain()) {
                    statement.setString(12, r.key());
                }
                statement.addBatch();
            }
            int[] inserted = statement.executeBatch();
            for (int i = 0; i < inserted.length; i++) {
                // a driver may answer SUCCESS_NO_INFO (-2): then the digest is looked at anyway
                if (inserted[i] != 0) {
                    ruleIds.add(ordered.get(i).rule().id());
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException(e.getMessage(), e);
        }
        return ruleIds;
    }

    /**
     * The project's notifications of the cap window that are pending or went out: each will have
     * taken a place under the cap when the dispatcher gets to the next one (one that turns out to be
     * suppressed, a muted group's, does not give its place back).
     */
    private long admitted(long projectId, Instant window) {
        try (PreparedStatement statement = connection()
                .prepareStatement("SELECT COUNT(*) FROM alert_notification WHERE project_id = ?"
                        + " AND state IN ('pending', 'dispatched') AND trigger_kind IN ("
                        + Dispatches.COUNTED_TRIGGERS + ") AND created_at >= ?")) {
            statement.setLong(1, projectId);
            statement.setObject(2, window.atOffset(ZoneOffset.UTC));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new PersistenceException(e.getMessage(), e);
        }
    }

    /**
     * One suppressed row per rule counting the batch's notifications (in {@code threshold_events}):
     * the cap is reached. Counted as raised: a key stored one by one before is not looked up again.
     */
    private Set<Long> overflow(long projectId, List<TriggerDetection.Raised> raised, Instant now) {
        Map<Long, Long> perRule = new java.util.TreeMap<>();
        for (TriggerDetection.Raised r : raised) {
            perRule.merge(r.rule().id(), 1L, Long::sum);
        }
        String insert = "INSERT INTO alert_notification (id, project_id, rule_id, trigger_kind, idempotency_key,"
                + " summary, threshold_events, created_at, due_at, state, reason) VALUES ("
                + sql.nextValue("alert_notification_seq")
                + ", ?, ?, '" + OVERFLOW + "', ?, ?, ?, ?, ?, 'suppressed', 'cap')";
        try (PreparedStatement statement = connection().prepareStatement(insert)) {
            for (Map.Entry<Long, Long> rule : perRule.entrySet()) {
                statement.setLong(1, projectId);
                statement.setLong(2, rule.getKey());
                statement.setString(3, OVERFLOW + ":" + rule.getKey() + ":" + java.util.UUID.randomUUID());
                statement.setString(4, "Held back together: the hourly cap was reached");
                statement.setLong(5, rule.getValue());
                statement.setObject(6, now.atOffset(ZoneOffset.UTC));
                statement.setObject(7, now.atOffset(ZoneOffset.UTC));
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw new PersistenceException(e.getMessage(), e);
        }
        return perRule.keySet();
    }

    /**
     * Raises the {@code quota-reached} notifications of the refusals, in the transaction of the quota
     * flush that writes the drops: one per rule, limit and window (the idempotency key
     * {@code quota:{rule}:{limit}:{windowStart}}, so a second node or flush does not raise it again).
     * The events refused later in the window are added to the notification's count
     * ({@code threshold_events}). They are not held back as an overflow when the cap is reached: the
     * dispatcher suppresses them past the cap ({@link Dispatches#form}), like a rule's quiet period.
     *
     * @return the ids of the rules that raised a new notification (their digests are due)
     */
    public Set<Long> quotaReached(List<QuotaRefusal> refusals, Instant now) {
        record Raise(String key, AlertRule rule, QuotaRefusal refusal) {}
        List<Raise> raises = new ArrayList<>();
        Map<Long, List<AlertRule>> byProject = new HashMap<>();
        for (QuotaRefusal refusal : refusals) {
            List<AlertRule> quotaRules = byProject.computeIfAbsent(
                    refusal.projectId(),
                    project -> rules.of(project).stream()
                            .map(ActiveRules.Active::rule)
                            .filter(rule -> rule.trigger() == Trigger.QUOTA_REACHED)
                            .toList());
            for (AlertRule rule : quotaRules) {
                raises.add(new Raise(refusal.key(rule.id()), rule, refusal));
            }
        }
        if (raises.isEmpty()) {
            return Set.of();
        }
        raises.sort(Comparator.comparing(Raise::key));
        String insert = sql.insertNotificationIfNew(
                "(id, project_id, rule_id, trigger_kind, idempotency_key, summary, detail, threshold_events,"
                        + " created_at, due_at, state)",
                "?, ?, '" + Trigger.QUOTA_REACHED.wire() + "', ?, ?, ?, ?, ?, ?, 'pending'",
                "alert_notification_seq");
        Set<Long> ruleIds = new LinkedHashSet<>();
        Connection connection = connection();
        try (PreparedStatement inserting = connection.prepareStatement(insert);
                PreparedStatement adding = connection.prepareStatement("UPDATE alert_notification"
                        + " SET threshold_events = threshold_events + ? WHERE idempotency_key = ?")) {
            for (Raise raise : raises) {
                QuotaRefusal r = raise.refusal();
                inserting.setLong(1, r.projectId());
                inserting.setLong(2, raise.rule().id());
                inserting.setString(3, raise.key());
                inserting.setString(
                        4, "Quota " + r.limit() + " of " + r.allowed() + " events a " + r.window() + " reached");
                inserting.setString(5, quotaJson(r));
                inserting.setLong(6, r.refused());
                inserting.setObject(7, now.atOffset(ZoneOffset.UTC));
                inserting.setObject(8, now.atOffset(ZoneOffset.UTC));
                if (sql.keyBoundAgain()) {
                    inserting.setString(9, raise.key());
                }
                if (inserting.executeUpdate() != 0) {
                    ruleIds.add(raise.rule().id());
                } else {
                    adding.setLong(1, r.refused());
                    adding.setString(2, raise.key());
                    adding.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException(e.getMessage(), e);
        }
        return ruleIds;
    }

    /** What a {@code quota-reached} notification keeps in {@code detail}. */
    static String quotaJson(QuotaRefusal refusal) {
        return JsonFactories.BUILDERS
                .createObjectBuilder()
                .add("limit", refusal.limit())
                .add("allowed", refusal.allowed())
                .add("window", refusal.window())
                .add("windowStart", refusal.windowStart().toString())
                .add("windowEnd", refusal.windowEnd().toString())
                .build()
                .toString();
    }

    /** The tags as JSON, at most {@value #MAX_TAGS_JSON} characters (tags past that are left out). */
    static String tagsJson(Map<String, String> tags) {
        JsonObjectBuilder json = JsonFactories.BUILDERS.createObjectBuilder();
        int length = 2;
        for (Map.Entry<String, String> tag : new java.util.TreeMap<>(tags).entrySet()) {
            int size = tag.getKey().length()
                    + (tag.getValue() == null ? 4 : tag.getValue().length())
                    + 8;
            if (length + size > MAX_TAGS_JSON / 2) {
                break; // escapes may double a value's length
            }
            length += size;
            if (tag.getValue() == null) {
                json.addNull(tag.getKey());
            } else {
                json.add(tag.getKey(), tag.getValue());
            }
        }
        return json.build().toString();
    }

    private Connection connection() {
        Connection connection = em.unwrap(Connection.class);
        if (connection == null) {
            throw new IllegalStateException("no connection: alerts are raised inside the batch's transaction");
        }
        return connection;
    }

    private static String truncate(String text, int length) {
        return text == null || text.length() <= length ? text : text.substring(0, length - 1) + "…";
    }
}
