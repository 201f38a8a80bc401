package io.lookout.retention;

import static io.lookout.grouping.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lookout.grouping.AggregateSql;
import io.lookout.grouping.GroupMoves;
import io.lookout.grouping.Recount;
import io.lookout.grouping.TestEvents;
import io.lookout.grouping.TestEvents.Project;
import io.lookout.grouping.TestEvents.Sent;
import io.lookout.schema.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Users affected ({@code event_group.users}) against a real database in this JVM (H2, or PostgreSQL
 * with {@code -Ppostgresql}): the distinct values of the {@code user} tag among a group's events,
 * exactly, through ingestion in batches, a merge (the union), and the cleanup.
 */
class UsersAffectedTest {

    private TestDatabase db;
    private TestEvents events;
    private final GroupMoves moves = new GroupMoves();
    private final RetentionBatches batches = new RetentionBatches();

    @BeforeEach
    void createDatabase() {
        db = TestDatabase.create();
        events = new TestEvents(db);
        moves.use(db.entityManager(), AggregateSql.of(db.vendor()));
        batches.use(db.entityManager(), AggregateSql.of(db.vendor()));
    }

    @AfterEach
    void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    private long users(long groupId) {
        return db.number("SELECT users FROM event_group WHERE id = " + groupId);
    }

    private long groupOf(Project project, String message) {
        return db.number(
                "SELECT id FROM event_group WHERE project_id = " + project.id() + " AND message = '" + message + "'");
    }

    private void assertRecountMatches() {
        try (Connection connection = db.connect()) {
            assertEquals(List.of(), Recount.mismatches(connection), "every aggregate equals a recount from the events");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static Sent crash(String message, String user) {
        Sent sent = event("message").message(message);
        return user == null ? sent : sent.tag("user", user);
    }

    @Test
    void countsDistinctUsersAcrossBatchesIgnoringRepeatsAndEventsWithoutUser() {
        Project project = events.project(30);
        events.store(
                project, List.of(), crash("Disk full", "ada"), crash("Disk full", "ada"), crash("Disk full", null));
        events.store(project, List.of(), crash("Disk full", "bob"), crash("Disk full", "ada"));
        events.store(project, List.of(), crash("Disk full", "cy"), crash("Disk full", null), crash("Disk full", "bob"));

        assertEquals(
                3, users(groupOf(project, "Disk full")), "ada, bob and cy: repeats and events without user add none");
        assertRecountMatches();
    }

    @Test
    void manyUsersInOneBatchAreCountedExactly() {
        Project project = events.project(30);
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            sent.add(crash("Timeout", "user-" + (i % 1_500)));
        }
        events.store(project, List.of(), sent.toArray(Sent[]::new));

        assertEquals(1_500, users(groupOf(project, "Timeout")));
        assertRecountMatches();
    }

    @Test
    void aMergeCountsTheUnionOfBothGroupsUsers() {
        Project project = events.project(30);
        events.store(
                project,
                List.of(),
                crash("Disk full", "ada"),
                crash("Disk full", "bob"),
                crash("Disk almost full", "bob"),
                crash("Disk almost full", "cy"),
                crash("Disk almost full", null));
        long full = groupOf(project, "Disk full");
        long almost = groupOf(project, "Disk almost full");
        List<Long> moved = new ArrayList<>();
        db.inTransaction(em -> {
            for (Object id : em.createNativeQuery("SELECT id FROM event WHERE group_id = ?1")
                    .setParameter(1, almost)
                    .getResultList()) {
                moved.add(((Number) id).longValue());
            }
            return moves.move(project.id(), moved, full);
        });

        assertEquals(3, users(full), "ada, bob and cy: bob, in both, counts once");
        assertRecountMatches();
    }

    @Test
    void theCleanupTakesAwayTheUsersOnlyOfDeletedEvents() {
        Project project = events.project(30);
        Instant old = Instant.now().minus(40, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Instant recent = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        events.store(
                project,
                List.of(),
                crash("Disk full", "ada").at(old),
                crash("Disk full", "bob").at(old),
                crash("Disk full", "bob").at(recent),
                crash("Disk full", "cy").at(recent));
        long group = groupOf(project, "Disk full");
        assertEquals(3, users(group));

        OffsetDateTime cutoff = OffsetDateTime.now(ZoneOffset.UTC).minusDays(30);
        db.inTransaction(em -> batches.deleteBatch(project.id(), cutoff, 500));

        assertEquals(2, users(group), "ada's only event went; bob has a recent one");
        assertRecountMatches();
    }
}
