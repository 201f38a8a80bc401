package io.lookout.views;

import io.lookout.operations.LookoutLog;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Fills the groups of views created (or changed) after their events were stored: every few
 * seconds, each node claims one waiting view and works through its events in bounded batches,
 * each batch its own transaction, for at most a few seconds. Progress is kept in the view's row,
 * so another node (or the next tick) resumes where a crashed one stopped.
 */
@Singleton
@DependsOn("SchemaMigration")
public class ViewBackfill {

    private static final long BUDGET_MILLIS = 4_000;

    @Inject
    private ViewBackfillBatches batches;

    @Schedule(second = "*/5", minute = "*", hour = "*", persistent = false, info = "view backfill")
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void tick() {
        long deadline = System.currentTimeMillis() + BUDGET_MILLIS;
        Set<Long> visited = new HashSet<>();
        try {
            Optional<Long> view = batches.claim();
            while (view.isPresent() && visited.add(view.get())) {
                while (System.currentTimeMillis() < deadline && !batches.step(view.get())) {
                    // next batch
                }
                if (System.currentTimeMillis() >= deadline) {
                    return;
                }
                view = batches.claim();
            }
        } catch (RuntimeException e) {
            LookoutLog.LOG.backfillFailed(e);
        }
    }
}
