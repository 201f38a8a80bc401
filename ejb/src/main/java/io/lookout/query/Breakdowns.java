package io.lookout.query;

import io.lookout.grouping.AggregateSql;
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
 * it stops at {@code limit}. The statement is the database's ({@link AggregateSql#firstKeyValues}):
 * on PostgreSQL a loose index scan, on H2 a {@code SELECT DISTINCT} with a row limit.
 */
@ApplicationScoped
public class Breakdowns {

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private AggregateSql database;

    /**
     * @return the number of distinct first-key values of the view's non-ignored view groups when it
     *         is below {@code limit}, otherwise a number of at least {@code limit}
     */
    public long firstKeyValues(long viewId, int limit) {
        return database.firstKeyValues(em, viewId, limit);
    }
}
