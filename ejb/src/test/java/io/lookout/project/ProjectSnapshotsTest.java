package io.lookout.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProjectSnapshotsTest {

    private static final long MILLIS = 1_000_000L;

    private final Map<Long, ProjectSnapshot> database = new HashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private long now = 1_000 * MILLIS;
    private Runnable duringRead = () -> {};

    private ProjectSnapshots snapshots(long cacheMillis) {
        return new ProjectSnapshots(
                id -> {
                    reads.incrementAndGet();
                    Optional<ProjectSnapshot> found = Optional.ofNullable(database.get(id));
                    duringRead.run();
                    return found;
                },
                cacheMillis,
                () -> now);
    }

    private void store(long id, String key) {
        database.put(id, new ProjectSnapshot(id, "shop", key, List.of("tenant")));
    }

    @Test
    void aProjectIsReadOnceWithinTheCacheTimeAndAgainAfterIt() {
        store(1, "old-key");
        ProjectSnapshots snapshots = snapshots(2_000);
        assertEquals("old-key", snapshots.find(1).orElseThrow().publicKey());
        store(1, "new-key"); // changed on another node: no event here
        now += 1_999 * MILLIS;
        assertEquals("old-key", snapshots.find(1).orElseThrow().publicKey());
        assertEquals(1, reads.get());
        now += MILLIS;
        assertEquals("new-key", snapshots.find(1).orElseThrow().publicKey());
        assertEquals(2, reads.get());
    }

    @Test
    void aChangeOnThisNodeTakesEffectAtOnce() {
        store(1, "old-key");
        ProjectSnapshots snapshots = snapshots(2_000);
        assertTrue(snapshots.find(1).orElseThrow().keyMatches("old-key"));
        store(1, "new-key");
        snapshots.changed(new ProjectChanged(1));
        assertFalse(snapshots.find(1).orElseThrow().keyMatches("old-key"));
        assertTrue(snapshots.find(1).orElseThrow().keyMatches("new-key"));
    }

    @Test
    void aReadThatRacedWithAChangeIsNotKept() {
        store(1, "old-key");
        ProjectSnapshots snapshots = snapshots(2_000);
        // the read saw the old row; the change committed before the read returned
        duringRead = () -> {
            store(1, "new-key");
            snapshots.changed(new ProjectChanged(1));
        };
        assertEquals("old-key", snapshots.find(1).orElseThrow().publicKey());
        duringRead = () -> {};
        assertEquals("new-key", snapshots.find(1).orElseThrow().publicKey());
    }

    @Test
    void unknownProjectsAreAskedForEveryTime() {
        ProjectSnapshots snapshots = snapshots(2_000);
        assertTrue(snapshots.find(7).isEmpty());
        store(7, "key");
        assertEquals("key", snapshots.find(7).orElseThrow().publicKey());
    }

    @Test
    void zeroMillisReadsTheDatabaseEveryTime() {
        store(1, "key");
        ProjectSnapshots snapshots = snapshots(0);
        snapshots.find(1);
        snapshots.find(1);
        assertEquals(2, reads.get());
    }

    @Test
    void keysAreComparedExactly() {
        ProjectSnapshot project = new ProjectSnapshot(1, "shop", "0123456789abcdef0123456789abcdef", List.of());
        assertTrue(project.keyMatches("0123456789abcdef0123456789abcdef"));
        assertFalse(project.keyMatches("0123456789abcdef0123456789abcdeF"));
        assertFalse(project.keyMatches("0123456789abcdef"));
        assertFalse(project.keyMatches(null));
    }
}
