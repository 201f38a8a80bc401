package io.lookout.quota;

import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * Every second on every node: writes what this node accepted and dropped, and reads all nodes'
 * totals back ({@link Quotas#flush}). Not persistent: each node runs its own.
 */
@Singleton
@DependsOn("SchemaMigration")
public class QuotaTimer {

    @Inject
    private Quotas quotas;

    @Schedule(hour = "*", minute = "*", second = "*", persistent = false, info = "lookout quota flush")
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void flush() {
        quotas.flush();
    }
}
