package io.lookout.alerts;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Mutes a group for a while: its notifications are suppressed (the history says so) until then,
 * while it stays unresolved and keeps counting — unlike ignoring it.
 */
@ApplicationScoped
@Transactional
public class Mutes {

    /** The longest mute: a group to be quiet for longer is better ignored. */
    public static final Duration MAX = Duration.ofDays(90);

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    /**
     * @param minutes how long; 0 unmutes
     * @return until when the group is muted (null: not muted)
     */
    public OffsetDateTime mute(long projectId, long groupId, long minutes) throws Problem {
        if (minutes < 0 || minutes > MAX.toMinutes()) {
            throw Problem.invalid("muteMinutes", ProblemCode.MUTE_RANGE, MAX.toMinutes());
        }
        OffsetDateTime until =
                minutes == 0 ? null : OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(minutes);
        int changed = em.createNativeQuery("UPDATE event_group SET muted_until = CAST(?1 AS TIMESTAMP WITH TIME ZONE)"
                        + " WHERE id = ?2 AND project_id = ?3")
                .setParameter(1, until)
                .setParameter(2, groupId)
                .setParameter(3, projectId)
                .executeUpdate();
        if (changed == 0) {
            throw Problem.notFound(ProblemCode.NO_GROUP, groupId, projectId);
        }
        return until;
    }
}
