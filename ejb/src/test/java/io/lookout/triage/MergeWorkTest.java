package io.lookout.triage;

import static io.lookout.grouping.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.grouping.AggregateSql;
import io.lookout.grouping.GroupMoves;
import io.lookout.grouping.Recount;
import io.lookout.grouping.StoredBatch;
import io.lookout.grouping.TestEvents;
import io.lookout.grouping.TestEvents.Project;
import io.lookout.grouping.TestEvents.Sent;
import io.lookout.grouping.ViewDefinition;
import io.lookout.schema.DatabaseVendor;
import io.lookout.schema.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MergeWork} against a real database in this JVM (H2, or PostgreSQL with {@code -Ppostgresql}):
 * merge, new events of every merged checksum, split — each followed by a recount of every aggregate.
 */
class MergeWorkTest {

    private TestDatabase db;
    private TestEvents events;
    private final MergeWork work = new MergeWork();
    private final Activities activities = new Activities();

    @BeforeEach
    void createDatabase() {
        db = TestDatabase.create();
        events = new TestEvents(db);
        AggregateSql sql = AggregateSql.of(db.vendor());
        GroupMoves moves = new GroupMoves();
        moves.use(db.entityManager(), sql);
        activities.use(db.entityManager(), sql);
        work.use(db.entityManager(), moves, activities);
    }

    @AfterEach
    void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    private void assertExact() {
        try (Connection connection = db.connect()) {
            assertEquals(List.of(), Recount.mismatches(connection), "every aggregate equals a recount");
            assertEquals(
                    List.of(),
                    Recount.scriptMismatches(
                            connection,
                            Path.of(System.getProperty("user.dir")).resolveSibling("bench"),
                            db.vendor() == DatabaseVendor.POSTGRESQL),
                    "the consistency script finds nothing");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private long count(long groupId) {
        return db.number("SELECT times_seen FROM event_group WHERE id = " + groupId);
    }

    private Sent sent(String message, int i, Instant start) {
        return event("message")
                .message(message)
                .level(i % 2 == 0 ? "error" : "warning")
                .tag("server", "s" + (i % 3))
                .timeSpent(i)
                .at(start.plusSeconds(i * 2000L));
    }

    @Test
    void mergeNewEventsThenSplitKeepEveryAggregateExact() throws Problem {
        Project project = events.project(30);
        ViewDefinition byServer = events.view(project, Set.of("message"), List.of("server"));
        List<ViewDefinition> views = List.of(byServer);
        Instant start = Instant.now().minus(6, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            sent.add(sent(i % 3 == 0 ? "Timeout" : i % 3 == 1 ? "Timeout!" : "Time out", i, start));
        }
        StoredBatch stored = events.store(project, views, sent.toArray(Sent[]::new));
        long a = stored.events().get(0).groupId();
        long b = stored.events().get(1).groupId();
        long c = stored.events().get(2).groupId();

        // b into c first: c is a merge target, then c into a passes b on
        assertEquals((Long) c, db.inTransaction(em -> call(() -> work.merge(project.id(), List.of(c, b), "alice"))));
        assertEquals((Long) a, db.inTransaction(em -> call(() -> work.merge(project.id(), List.of(a, c), "alice"))));
        assertEquals(9, count(a));
        assertEquals(2, db.number("SELECT COUNT(*) FROM event_group WHERE merged_into = " + a), "b and c");
        assertExact();

        StoredBatch later = events.store(
                project, views, sent("Timeout", 10, start), sent("Timeout!", 11, start), sent("Time out", 12, start));
        later.events().forEach(e -> assertEquals(a, e.groupId(), "every merged checksum joins the merged group"));
        assertEquals(Set.of(), later.newGroups());
        assertEquals(12, count(a));
        assertExact();

        List<Long> split = db.inTransaction(em -> call(() -> work.split(project.id(), a, "bob")));
        assertEquals(List.of(b, c), split);
        assertEquals(4, count(a));
        assertEquals(4, count(b));
        assertEquals(4, count(c));
        assertEquals(0, db.number("SELECT COUNT(*) FROM event_group WHERE merged_into IS NOT NULL"));
        assertExact();

        List<GroupActivity> history = db.inTransaction(em -> activities.of(a, 10));
        assertEquals(
                List.of("split", "merged", "first-seen"),
                history.stream().map(GroupActivity::kind).toList());
        assertEquals("bob", history.get(0).actor());
        assertEquals(8, history.get(0).details().getInt("events"));
        assertEquals(6, history.get(1).details().getInt("events"), "c's own and b's, passed on");
        assertEquals(
                List.of("split", "merged", "merged", "first-seen"),
                db.inTransaction(em -> activities.of(b, 10)).stream()
                        .map(GroupActivity::kind)
                        .toList(),
                "merged into c, into a, split");
    }

    @Test
    void groupsOfTwoTypesAnAliasAndAnUnknownGroupAreRefused() {
        Project project = events.project(30);
        StoredBatch stored = events.store(
                project,
                List.of(),
                event("message").message("one"),
                event("exception").message("two"),
                event("message").message("three"));
        long one = stored.events().get(0).groupId();
        long two = stored.events().get(1).groupId();
        long three = stored.events().get(2).groupId();
        Problem types = refused(() -> work.merge(project.id(), List.of(one, two), null));
        assertEquals(ProblemCode.MERGE_TYPES, types.code());
        assertEquals("groups", types.field());
        Problem unknown = refused(() -> work.merge(project.id(), List.of(one, 999_999L), null));
        assertEquals(404, unknown.status());
        db.inTransaction(em -> call(() -> work.merge(project.id(), List.of(one, three), null)));
        Problem alias = refused(() -> work.merge(project.id(), List.of(three, one), null));
        assertEquals(ProblemCode.GROUP_MERGED, alias.code());
        Problem nothing = refused(() -> work.split(project.id(), two, null));
        assertEquals(409, nothing.status());
        assertExact();
    }

    /** The problem the work answers, its transaction rolled back. */
    private Problem refused(Work<?> work) {
        Rethrown thrown = assertThrows(Rethrown.class, () -> db.inTransaction(em -> call(work)));
        return (Problem) thrown.getCause();
    }

    private interface Work<T> {
        T run() throws Problem;
    }

    /** Runs the work in the test's transaction; a problem passes through unchecked (and rolls back). */
    private static <T> T call(Work<T> work) {
        try {
            return work.run();
        } catch (Problem e) {
            throw new Rethrown(e);
        }
    }

    private static final class Rethrown extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Rethrown(Problem problem) {
            super(problem);
        }
    }
}
