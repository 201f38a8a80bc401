package io.lookout.security;

import io.lookout.schema.Columns;
import io.lookout.schema.SqlRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The rows of {@code login_throttle}, one transaction per change ({@link LoginThrottles}). */
@ApplicationScoped
public class ThrottleStore {

    private static final Columns COLUMNS =
            new Columns("subject", "failures", "lockouts", "window_start", "locked_until");

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    /** The states of the subjects that have one. */
    public Map<String, ThrottlePolicy.State> states(List<String> subjects) {
        Map<String, ThrottlePolicy.State> states = new TreeMap<>();
        String placeholders = subjects.size() == 1 ? "?1" : "?1, ?2";
        for (SqlRow row :
                COLUMNS.select(em, "FROM login_throttle WHERE subject IN (" + placeholders + ")", subjects.toArray())) {
            states.put(row.text("subject"), state(row));
        }
        return states;
    }

    private static ThrottlePolicy.State state(SqlRow row) {
        OffsetDateTime locked = row.time("locked_until");
        return new ThrottlePolicy.State(
                (int) row.number("failures"),
                (int) row.number("lockouts"),
                row.time("window_start").toInstant(),
                locked == null ? null : locked.toInstant());
    }

    /**
     * Records a failure of {@code subject} (the row locked while it changes, so nodes count together);
     * answers the new state. A first failure of two nodes at once makes one of them fail on the
     * primary key: the caller tries again, and then finds the row.
     */
    @Transactional
    public ThrottlePolicy.State fail(String subject, Instant now, int limit) {
        List<SqlRow> rows = COLUMNS.select(em, "FROM login_throttle WHERE subject = ?1 FOR UPDATE", subject);
        ThrottlePolicy.State before = rows.isEmpty() ? null : state(rows.get(0));
        ThrottlePolicy.State after = ThrottlePolicy.afterFailure(before, now, limit);
        // a null is written as the literal: drivers differ in how they bind an untyped null
        boolean locks = after.lockedUntil() != null;
        Query write = before == null
                ? em.createNativeQuery("INSERT INTO login_throttle (subject, failures, lockouts, window_start,"
                        + " locked_until) VALUES (?1, ?2, ?3, ?4, " + (locks ? "?5" : "NULL") + ")")
                : em.createNativeQuery("UPDATE login_throttle SET failures = ?2, lockouts = ?3, window_start = ?4,"
                        + " locked_until = " + (locks ? "?5" : "NULL") + " WHERE subject = ?1");
        write.setParameter(1, subject)
                .setParameter(2, after.failures())
                .setParameter(3, after.lockouts())
                .setParameter(4, utc(after.windowStart()));
        if (locks) {
            write.setParameter(5, utc(after.lockedUntil()));
        }
        write.executeUpdate();
        return after;
    }

    /** Forgets the subjects' failures and locks; answers how many rows went. */
    @Transactional
    public int clear(String subject) {
        return em.createNativeQuery("DELETE FROM login_throttle WHERE subject = ?1")
                .setParameter(1, subject)
                .executeUpdate();
    }

    /** The user names (as counted: lower case) locked at {@code now}. */
    public java.util.Set<String> lockedUsers(Instant now) {
        @SuppressWarnings("unchecked")
        List<String> subjects = em.createNativeQuery(
                        "SELECT subject FROM login_throttle WHERE subject LIKE 'user:%' AND locked_until > ?1")
                .setParameter(1, utc(now))
                .getResultList();
        return subjects.stream().map(subject -> subject.substring(5)).collect(java.util.stream.Collectors.toSet());
    }

    /** Deletes rows that no longer matter (no failure and no lock within the window). */
    @Transactional
    public int sweep(Instant now) {
        OffsetDateTime before = utc(now.minus(ThrottlePolicy.WINDOW));
        return em.createNativeQuery("DELETE FROM login_throttle WHERE window_start < ?1"
                        + " AND (locked_until IS NULL OR locked_until < ?1)")
                .setParameter(1, before)
                .executeUpdate();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
