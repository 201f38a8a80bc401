package io.lookout.schema;

import java.sql.SQLException;
import java.util.Set;

/**
 * Database failures that say "try again": the transaction was chosen as a deadlock's victim, could
 * not be serialised, or waited too long for a lock. The transaction is rolled back and nothing of it
 * stayed, so the same work may simply run again.
 */
public final class TransientFailures {

    /** PostgreSQL 40P01 deadlock, 40001 serialization failure (H2's deadlock too), 55P03 lock not available, H2 HYT00 lock timeout. */
    private static final Set<String> STATES = Set.of("40P01", "40001", "55P03", "HYT00");

    private TransientFailures() {}

    /** Whether {@code failure}, or one of its causes, is such a database failure. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    if (next.getSQLState() != null && STATES.contains(next.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
