package io.lookout.grouping;

import io.lookout.operations.LookoutLog;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * Fills the search words ({@link SearchText}) of the groups stored before they existed (migration
 * V26 leaves them null): after start, every few seconds, in bounded batches walking the groups by id,
 * each batch its own transaction, for at most a few seconds per tick; done once a pass finds none.
 * Groups stored since are written with their words at ingestion. Idempotent: two nodes doing it at
 * once write the same words.
 */
@Singleton
@DependsOn("SchemaMigration")
public class SearchWordsBackfill {

    private static final long BUDGET_MILLIS = 4_000;

    @Inject
    private SearchWordsBatches batches;

    /** The last group id done; -1 once no group is left. */
    private long after;

    @Schedule(second = "*/10", minute = "*", hour = "*", persistent = false, info = "search words backfill")
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void tick() {
        if (after < 0) {
            return;
        }
        long deadline = System.currentTimeMillis() + BUDGET_MILLIS;
        try {
            int total = 0;
            while (System.currentTimeMillis() < deadline) {
                SearchWordsBatches.Step step = batches.step(after);
                total += step.filled();
                if (step.lastId() < 0) {
                    after = -1;
                    if (total > 0) {
                        LookoutLog.LOG.searchWordsBackfilled(total);
                    }
                    return;
                }
                after = step.lastId();
            }
            if (total > 0) {
                LookoutLog.LOG.searchWordsBackfilled(total);
            }
        } catch (RuntimeException e) {
            LookoutLog.LOG.searchWordsBackfillFailed(e);
        }
    }
}
