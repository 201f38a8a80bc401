package io.lookout.scrubbing;

import io.lookout.schema.Columns;
import io.lookout.schema.SqlRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How many values were scrubbed per project ({@code project_scrub_count}). The consumer adds a
 * batch's count in the batch's own transaction ({@code grouping.EventStore.addScrubbedValues}, a
 * vendor's upsert), so the count moves with the stored events: an event stored before (a
 * redelivery, a resent id) adds nothing, and the edge writes nothing.
 */
@ApplicationScoped
public class ScrubCounts {

    private static final Columns COUNTS = new Columns("project_id", "scrubbed_values");

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    /** The project's count; 0 before anything was scrubbed. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long count(long projectId) {
        List<?> rows = em.createNativeQuery("SELECT scrubbed_values FROM project_scrub_count WHERE project_id = ?1")
                .setParameter(1, projectId)
                .getResultList();
        return rows.isEmpty() ? 0 : ((Number) rows.get(0)).longValue();
    }

    /** Every project's count that is not 0. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<Long, Long> counts() {
        Map<Long, Long> counts = new HashMap<>();
        for (SqlRow row : COUNTS.rows(em.createNativeQuery("SELECT " + COUNTS.list() + " FROM project_scrub_count")
                .getResultList())) {
            counts.put(row.number("project_id"), row.number("scrubbed_values"));
        }
        return counts;
    }
}
