package io.lookout.quota;

import io.lookout.alerts.AlertTriggers;
import io.lookout.alerts.QuotaRefusal;
import io.lookout.schema.Columns;
import io.lookout.schema.SqlRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows the quotas share between nodes: {@code quota_usage} (accepted events per project and
 * window) and {@code quota_drop} (refused and counted-only events per project and hour). Counts only grow by SQL
 * arithmetic ({@code MERGE}, standard SQL that H2 and PostgreSQL both run), so nodes writing at once
 * add up. Two nodes creating one window's row at the same moment make one of them fail on the primary
 * key; its counts stay in its memory and go with its next write.
 */
@ApplicationScoped
public class QuotaStore {

    private static final Columns USAGE = new Columns("project_id", "window_kind", "window_start", "accepted");
    private static final Columns HOURS = new Columns("hour_start", "dropped", "counted_only");
    /** Minute rows are kept this long: the spike rule's 24 hours and some. */
    static final Duration KEEP_MINUTES = Duration.ofHours(25);

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private AlertTriggers alerts;

    /** What a write did: the totals read back, and the alert rules that raised a "quota reached" notification. */
    public record Written(Map<QuotaLedger.Key, Long> totals, Set<Long> ruleIds) {}

    /**
     * {@link #write(List, List, List)}, and in the same transaction the "quota reached" notifications
     * of the refusals ({@link AlertTriggers#quotaReached}): they exist exactly when the drops do.
     */
    @Transactional
    public Written write(
            List<QuotaLedger.Delta> deltas,
            List<QuotaLedger.Drops> drops,
            List<QuotaLedger.Key> current,
            List<QuotaRefusal> refused) {
        Map<QuotaLedger.Key, Long> totals = write(deltas, drops, current);
        Set<Long> ruleIds = refused.isEmpty() ? Set.of() : alerts.quotaReached(refused, Instant.now());
        return new Written(totals, ruleIds);
    }

    /** For tests outside a container. */
    void use(EntityManager em) {
        this.em = em;
    }

    /** Adds the deltas and the drops, then reads the totals of {@code current} back, in one transaction. */
    @Transactional
    public Map<QuotaLedger.Key, Long> write(
            List<QuotaLedger.Delta> deltas, List<QuotaLedger.Drops> drops, List<QuotaLedger.Key> current) {
        for (QuotaLedger.Delta delta : deltas) {
            em.createNativeQuery("MERGE INTO quota_usage u USING (SELECT CAST(?1 AS BIGINT) AS project_id,"
                            + " CAST(?2 AS CHAR(1)) AS window_kind, CAST(?3 AS TIMESTAMP WITH TIME ZONE) AS window_start,"
                            + " CAST(?4 AS BIGINT) AS accepted) d"
                            + " ON (u.project_id = d.project_id AND u.window_kind = d.window_kind"
                            + " AND u.window_start = d.window_start)"
                            + " WHEN MATCHED THEN UPDATE SET accepted = u.accepted + d.accepted"
                            + " WHEN NOT MATCHED THEN INSERT (project_id, window_kind, window_start, accepted)"
                            + " VALUES (d.project_id, d.window_kind, d.window_start, d.accepted)")
                    .setParameter(1, delta.key().projectId())
                    .setParameter(2, delta.key().window().code())
                    .setParameter(3, utc(delta.key().start()))
                    .setParameter(4, delta.events())
                    .executeUpdate();
        }
        for (QuotaLedger.Drops drop : drops) {
            em.createNativeQuery("MERGE INTO quota_drop q USING (SELECT CAST(?1 AS BIGINT) AS project_id,"
                            + " CAST(?2 AS TIMESTAMP WITH TIME ZONE) AS hour_start, CAST(?3 AS BIGINT) AS dropped) d"
                            + " ON (q.project_id = d.project_id AND q.hour_start = d.hour_start)"
                            + " WHEN MATCHED THEN UPDATE SET dropped = q.dropped + d.dropped"
                            + " WHEN NOT MATCHED THEN INSERT (project_id, hour_start, dropped, counted_only)"
                            + " VALUES (d.project_id, d.hour_start, d.dropped, 0)")
                    .setParameter(1, drop.projectId())
                    .setParameter(2, utc(drop.hour()))
                    .setParameter(3, drop.events())
                    .executeUpdate();
        }
        return totals(current);
    }

    /** What all nodes have written for these windows (a window without a row: absent). */
    public Map<QuotaLedger.Key, Long> totals(List<QuotaLedger.Key> keys) {
        Map<QuotaLedger.Key, Long> totals = new HashMap<>();
        if (keys.isEmpty()) {
            return totals;
        }
        Instant minute = null;
        Instant day = null;
        for (QuotaLedger.Key key : keys) {
            if (key.window() == QuotaLedger.Window.MINUTE) {
                minute = minute == null || key.start().isAfter(minute) ? key.start() : minute;
            } else {
                day = day == null || key.start().isAfter(day) ? key.start() : day;
            }
        }
        Instant anyMinute = minute == null ? Instant.EPOCH : minute;
        Instant anyDay = day == null ? Instant.EPOCH : day;
        for (SqlRow row : USAGE.select(
                em,
                "FROM quota_usage WHERE (window_kind = 'm' AND window_start = ?1)"
                        + " OR (window_kind = 'd' AND window_start = ?2)",
                utc(anyMinute),
                utc(anyDay))) {
            QuotaLedger.Key key = new QuotaLedger.Key(
                    row.number("project_id"),
                    QuotaLedger.Window.of(row.text("window_kind")),
                    row.time("window_start").toInstant());
            totals.put(key, row.number("accepted"));
        }
        totals.keySet().retainAll(keys);
        return totals;
    }

    /** Each project's average events a minute over the 24 hours before {@code now}'s minute. */
    public Map<Long, Double> normalRates(Instant now) {
        Instant end = QuotaLedger.Window.MINUTE.start(now);
        List<?> rows = em.createNativeQuery("SELECT project_id, SUM(accepted) FROM quota_usage"
                        + " WHERE window_kind = 'm' AND window_start >= ?1 AND window_start < ?2 GROUP BY project_id")
                .setParameter(1, utc(end.minus(Duration.ofHours(24))))
                .setParameter(2, utc(end))
                .getResultList();
        Map<Long, Double> rates = new HashMap<>();
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            rates.put(((Number) columns[0]).longValue(), ((Number) columns[1]).doubleValue() / (24 * 60));
        }
        return rates;
    }

    /** Deletes minute rows older than 25 hours and day rows older than 8 days. */
    @Transactional
    public int prune(Instant now) {
        return em.createNativeQuery("DELETE FROM quota_usage WHERE (window_kind = 'm' AND window_start < ?1)"
                        + " OR (window_kind = 'd' AND window_start < ?2)")
                .setParameter(1, utc(now.minus(KEEP_MINUTES)))
                .setParameter(2, utc(now.minus(Duration.ofDays(8))))
                .executeUpdate();
    }

    /** A project's accepted events in the window that starts at {@code start} (0 without a row). */
    public long accepted(long projectId, QuotaLedger.Window window, Instant start) {
        List<?> rows = em.createNativeQuery("SELECT accepted FROM quota_usage"
                        + " WHERE project_id = ?1 AND window_kind = ?2 AND window_start = ?3")
                .setParameter(1, projectId)
                .setParameter(2, window.code())
                .setParameter(3, utc(start))
                .getResultList();
        return rows.isEmpty() ? 0 : ((Number) rows.get(0)).longValue();
    }

    /** The project's dropped events per hour since {@code since}, newest first. */
    public List<QuotaHour> drops(long projectId, Instant since) {
        List<QuotaHour> hours = new ArrayList<>();
        for (SqlRow row : HOURS.select(
                em,
                "FROM quota_drop WHERE project_id = ?1 AND hour_start >= ?2 ORDER BY hour_start DESC",
                projectId,
                utc(since))) {
            hours.add(new QuotaHour(
                    row.time("hour_start").toInstant().toString(), row.number("dropped"), row.number("counted_only")));
        }
        return hours;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
