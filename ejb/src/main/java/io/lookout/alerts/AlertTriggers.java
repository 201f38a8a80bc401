package io.lookout.alerts;

import io.lookout.JsonFactories;
import io.lookout.grouping.StoredBatch;
import io.lookout.schema.DatabaseVendor;
import io.lookout.schema.SchemaMigration;
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
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class AlertTriggers {

    static final int MAX_TAGS_JSON = 8000;

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private ActiveRules rules;

    @Inject
    private SchemaMigration schema;

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

    /** Adds the tallies to their minutes and returns the notifications of the subjects that crossed their threshold. */
    private List<TriggerDetection.Raised> count(List<TriggerDetection.Tally> tallies, Instant now) {
        Instant minute = TriggerDetection.minute(now);
        List<TriggerDetection.Tally> ordered = new ArrayList<>(tallies);
        // one order of rows for every writer: two of them never wait for each other in a circle
        ordered.sort(Comparator.comparingLong((TriggerDetection.Tally t) -> t.rule().id()).thenComparingLong(t -> t.subject()));
        Connection connection = connection();
        String upsert = schema.vendor() == DatabaseVendor.POSTGRESQL
                ? "INSERT INTO alert_count AS t (rule_id, subject_id, minute_start, times_seen) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (rule_id, subject_id, minute_start) DO UPDATE SET times_seen = t.times_seen + EXCLUDED.times_seen"
                : "MERGE INTO alert_count t USING (VALUES (CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS TIMESTAMP WITH TIME ZONE),"
                        + " CAST(? AS BIGINT))) s(rule_id, subject_id, minute_start, n) ON t.rule_id = s.rule_id"
                        + " AND t.subject_id = s.subject_id AND t.minute_start = s.minute_start"
                        + " WHEN MATCHED THEN UPDATE SET times_seen = t.times_seen + s.n"
                        + " WHEN NOT MATCHED THEN INSERT (rule_id, subject_id, minute_start, times_seen)"
                        + " VALUES (s.rule_id, s.subject_id, s.minute_start, s.n)";
        OffsetDateTime minuteStart = minute.atOffset(ZoneOffset.UTC);
        try (PreparedStatement statement = connection.prepareStatement(upsert)) {
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
        // the window's sums, one statement per rule
        Map<Long, List<TriggerDetection.Tally>> byRule = new HashMap<>();
        ordered.forEach(t -> byRule.computeIfAbsent(t.rule().id(), id -> new ArrayList<>()).add(t));
        List<TriggerDetection.Raised> crossed = new ArrayList<>();
        for (List<TriggerDetection.Tally> ofRule : byRule.values()) {
            AlertRule rule = ofRule.get(0).rule();
            Map<Long, Long> sums = sums(connection, rule.id(), ofRule,
                    minute.minusSeconds(60L * rule.thresholdMinutes()).atOffset(ZoneOffset.UTC));
            for (TriggerDetection.Tally tally : ofRule) {
                long inWindow = sums.getOrDefault(tally.subject(), 0L);
                if (TriggerDetection.crossed(inWindow, tally.added(), rule.thresholdEvents())) {
                    crossed.add(TriggerDetection.frequency(tally, inWindow, minute));
                }
            }
        }
        return crossed;
    }

    private static Map<Long, Long> sums(Connection connection, long ruleId, List<TriggerDetection.Tally> tallies,
            OffsetDateTime after) {
        Map<Long, Long> sums = new HashMap<>();
        for (int start = 0; start < tallies.size(); start += 1000) {
            List<TriggerDetection.Tally> chunk = tallies.subList(start, Math.min(tallies.size(), start + 1000));
            StringBuilder sql = new StringBuilder("SELECT subject_id, SUM(times_seen) FROM alert_count WHERE rule_id = ?"
                    + " AND minute_start > ? AND subject_id IN (");
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "?" : ", ?");
            }
            sql.append(") GROUP BY subject_id");
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                statement.setLong(1, ruleId);
                statement.setObject(2, after);
                for (int i = 0; i < chunk.size(); i++) {
                    statement.setLong(3 + i, chunk.get(i).subject());
                }
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        sums.put(rows.getLong(1), rows.getLong(2));
                    }
                }
            } catch (SQLException e) {
                throw new PersistenceException(e.getMessage(), e);
            }
        }
        return sums;
    }

    /** Inserts the notifications whose keys are new; returns their rules. */
    private Set<Long> insert(long projectId, List<TriggerDetection.Raised> raised, Instant now) {
        List<TriggerDetection.Raised> ordered = new ArrayList<>(raised);
        ordered.sort(Comparator.comparing(TriggerDetection.Raised::key));
        boolean postgres = schema.vendor() == DatabaseVendor.POSTGRESQL;
        String columns = "(id, project_id, rule_id, trigger_kind, idempotency_key, group_id, summary, event_id, event_tags,"
                + " threshold_events, created_at, due_at, state)";
        String sql = postgres
                ? "INSERT INTO alert_notification " + columns + " VALUES (nextval('alert_notification_seq'), ?, ?, ?, ?, ?, ?,"
                        + " ?, ?, ?, ?, ?, 'pending') ON CONFLICT (idempotency_key) DO NOTHING"
                : "INSERT INTO alert_notification " + columns + " SELECT NEXT VALUE FOR alert_notification_seq, ?, ?, ?, ?, ?,"
                        + " ?, ?, ?, ?, ?, ?, 'pending' FROM (VALUES (1)) one(x) WHERE NOT EXISTS"
                        + " (SELECT 1 FROM alert_notification WHERE idempotency_key = ?)";
        Set<Long> ruleIds = new LinkedHashSet<>();
        try (PreparedStatement statement = connection().prepareStatement(sql)) {
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
                if (!postgres) {
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

    /** The tags as JSON, at most {@value #MAX_TAGS_JSON} characters (tags past that are left out). */
    static String tagsJson(Map<String, String> tags) {
        JsonObjectBuilder json = JsonFactories.BUILDERS.createObjectBuilder();
        int length = 2;
        for (Map.Entry<String, String> tag : new java.util.TreeMap<>(tags).entrySet()) {
            int size = tag.getKey().length() + (tag.getValue() == null ? 4 : tag.getValue().length()) + 8;
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
