package io.lookout.schema;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class TransientFailuresTest {

    @Test
    void aDeadlockDeepInTheCausesIsTransient() {
        SQLException deadlock = new SQLException("ERROR: deadlock detected", "40P01");
        assertTrue(TransientFailures.isTransient(new PersistenceException(new RuntimeException(deadlock))));
        assertTrue(TransientFailures.isTransient(new SQLException("Timeout trying to lock table", "HYT00")));
    }

    @Test
    void aChainedNextExceptionCounts() {
        SQLException batch = new SQLException("Batch entry 0 was aborted", "08006");
        batch.setNextException(new SQLException("could not serialize access", "40001"));
        assertTrue(TransientFailures.isTransient(batch));
    }

    @Test
    void otherFailuresAreNot() {
        assertFalse(
                TransientFailures.isTransient(new PersistenceException(new SQLException("duplicate key", "23505"))));
        assertFalse(TransientFailures.isTransient(new IllegalStateException("no processor")));
        assertFalse(TransientFailures.isTransient(new SQLException("no state")));
    }
}
