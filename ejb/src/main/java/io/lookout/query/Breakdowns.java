package io.lookout.query;

import io.lookout.grouping.GroupStatus;
import io.lookout.schema.DatabaseVendor;
import io.lookout.schema.SchemaMigration;
import io.lookout.schema.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * How many values a view's first key has, for the dashboard's choice between a breakdown and the
 * aggregate list, counted without aggregating the whole view.
 *
 * <p>The count is exact: distinct values of {@code k1} (null counting as one value) among the view
 * groups of groups that are not ignored — what the dashboard's {@code GROUP BY} would return — but
 * it stops at {@code limit}. On PostgreSQL it is a loose index scan (a recursive CTE that jumps from
 * one value to the next on {@code view_group_k1_score_idx (view_id, k1, score, id)}), each value
 * kept only when a non-ignored group has it: at most {@code limit} values plus one probe for null,
 * whatever the number of view groups. The portable version (H2) is a {@code SELECT DISTINCT} with
 * a row limit.
 */
@ApplicationScoped
public class Breakdowns {

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private SchemaMigration schema;

    /**
     * @return the number of distinct first-key values of the view's non-ignored view groups when it
     *         is below {@code limit}, otherwise a number of at least {@code limit}
     */
    public long firstKeyValues(long viewId, int limit) {
        Sql sql =
                schema.vendor() == DatabaseVendor.POSTGRESQL ? looseIndexScan(viewId, limit) : distinct(viewId, limit);
        return ((Number) sql.query(em).getSingleResult()).longValue();
    }

    static Sql looseIndexScan(long viewId, int limit) {
        return new Sql("WITH RECURSIVE k(v) AS (" + "(SELECT k1 FROM view_group WHERE view_id = ")
                .value(viewId)
                .sql(" AND k1 IS NOT NULL ORDER BY k1 LIMIT 1)"
                        + " UNION ALL"
                        + " SELECT (SELECT vg.k1 FROM view_group vg WHERE vg.view_id = ")
                .value(viewId)
                .sql(" AND vg.k1 > k.v ORDER BY vg.k1 LIMIT 1) FROM k WHERE k.v IS NOT NULL)"
                        + " SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM k WHERE k.v IS NOT NULL AND EXISTS (SELECT 1"
                        + " FROM view_group vg JOIN event_group g ON g.id = vg.group_id WHERE vg.view_id = ")
                .value(viewId)
                .sql(" AND vg.k1 = k.v AND g.status <> " + GroupStatus.IGNORED.sql() + ") LIMIT ")
                .value(limit)
                .sql(
                        ") s) + (SELECT COUNT(*) FROM (SELECT 1 FROM view_group vg JOIN event_group g ON g.id = vg.group_id"
                                + " WHERE vg.view_id = ")
                .value(viewId)
                .sql(" AND vg.k1 IS NULL AND g.status <> " + GroupStatus.IGNORED.sql() + " LIMIT 1) n)");
    }

    static Sql distinct(long viewId, int limit) {
        return new Sql(
                        "SELECT COUNT(*) FROM (SELECT DISTINCT vg.k1 FROM view_group vg JOIN event_group g ON g.id = vg.group_id"
                                + " WHERE vg.view_id = ")
                .value(viewId)
                .sql(" AND g.status <> " + GroupStatus.IGNORED.sql())
                .limit(limit)
                .sql(") d");
    }
}
