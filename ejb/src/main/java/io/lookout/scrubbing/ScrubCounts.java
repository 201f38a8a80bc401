package io.lookout.scrubbing;

import io.lookout.schema.DatabaseVendor;
import io.lookout.schema.SchemaMigration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How many values were scrubbed per project ({@code project_scrub_count}). The consumer adds a
 * batch's count in the batch's own transaction, so the count moves with the stored events: an
 * event stored before (a redelivery, a resent id) adds nothing, and the edge writes nothing.
 */
@ApplicationScoped
public class ScrubCounts {

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private SchemaMigration schema;

    /** Adds to the project's count, inside the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void add(long projectId, long scrubbed) {
        if (scrubbed <= 0) {
            return;
        }
        String sql = schema.vendor() == DatabaseVendor.POSTGRESQL
                ? "INSERT INTO project_scrub_count (project_id, scrubbed_values) VALUES (?1, ?2)"
                        + " ON CONFLICT (project_id) DO UPDATE SET scrubbed_values = project_scrub_count.scrubbed_values + EXCLUDED.scrubbed_values"
                : "MERGE INTO project_scrub_count t USING (VALUES (CAST(?1 AS BIGINT), CAST(?2 AS BIGINT))) s (project_id, n)"
                        + " ON t.project_id = s.project_id"
                        + " WHEN MATCHED THEN UPDATE SET scrubbed_values = t.scrubbed_values + s.n"
                        + " WHEN NOT MATCHED THEN INSERT (project_id, scrubbed_values) VALUES (s.project_id, s.n)";
        em.createNativeQuery(sql)
                .setParameter(1, projectId)
                .setParameter(2, scrubbed)
                .executeUpdate();
    }

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
        for (Object row : em.createNativeQuery("SELECT project_id, scrubbed_values FROM project_scrub_count")
                .getResultList()) {
            Object[] columns = (Object[]) row;
            counts.put(((Number) columns[0]).longValue(), ((Number) columns[1]).longValue());
        }
        return counts;
    }
}
