package io.lookout.grouping;

import static io.lookout.grouping.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.grouping.TestEvents.Project;
import io.lookout.grouping.TestEvents.Sent;
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
 * {@link GroupMoves} against a real database in this JVM (H2, or PostgreSQL with
 * {@code -Ppostgresql}): after moves every aggregate equals a recount from the events, by
 * {@link Recount} and by the consistency script of {@code bench/}.
 */
class GroupMovesTest {

    // a database per test: the consistency script counts a view over every project's events
    private TestDatabase db;
    private TestEvents events;
    private final GroupMoves moves = new GroupMoves();

    @BeforeEach
    void createDatabase() {
        db = TestDatabase.create();
        events = new TestEvents(db);
        moves.use(db.entityManager(), AggregateSql.of(db.vendor()));
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

    private List<Long> eventsOf(long groupId, String extra) {
        return db.inTransaction(em -> {
            List<Long> ids = new ArrayList<>();
            for (Object id : em.createNativeQuery("SELECT id FROM event WHERE group_id = ?1" + extra + " ORDER BY id")
                    .setParameter(1, groupId)
                    .getResultList()) {
                ids.add(((Number) id).longValue());
            }
            return ids;
        });
    }

    /** Two groups of one type with tags, time spent, several hours, a view of their type and one of all. */
    private record Two(Project project, List<ViewDefinition> views, long diskFull, long diskAlmostFull, long other) {}

    private Two twoGroups() {
        Project project = events.project(30);
        ViewDefinition byServer = events.view(project, Set.of("message"), List.of("server"));
        ViewDefinition byLevel = events.view(project, Set.of("message", "exception"), List.of("level"));
        Instant start = Instant.now().minus(5, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            sent.add(event("message")
                    .message(i % 3 == 0 ? "Disk almost full" : "Disk full")
                    .culprit("disk-" + i)
                    .level(i % 2 == 0 ? "error" : "warning")
                    .tag("server", "s" + (i % 4))
                    .timeSpent(i * 1.5)
                    .at(start.plusSeconds(i * 1500L)));
        }
        sent.add(event("exception").message("Disk full").tag("server", "s1").at(start));
        StoredBatch stored = events.store(project, List.of(byServer, byLevel), sent.toArray(Sent[]::new));
        return new Two(
                project,
                List.of(byServer, byLevel),
                stored.events().get(1).groupId(),
                stored.events().get(0).groupId(),
                stored.events().get(12).groupId());
    }

    @Test
    void aMovedEventAsLateAsTheTargetsLatestButOlderByIdLeavesTheTargetsSummary() {
        Project project = events.project(30);
        Instant at = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        StoredBatch first = events.store(
                project, List.of(), event("message").message("Disk full on a").at(at));
        StoredBatch second = events.store(
                project, List.of(), event("message").message("Disk full on b").at(at));
        long from = first.events().get(0).groupId();
        long to = second.events().get(0).groupId();
        assertNotEquals(from, to);

        List<Long> moving = eventsOf(from, "");
        db.inTransaction(em -> moves.move(project.id(), moving, to));

        assertEquals(
                "Disk full on b",
                db.inTransaction(em -> em.createNativeQuery("SELECT message FROM event_group WHERE id = ?1")
                        .setParameter(1, to)
                        .getSingleResult()),
                "the summary of the latest event by time, then id");
        assertExact();
    }

    @Test
    void aMergeMovesEveryEventAndItsShareAndKeepsTheAliasRow() {
        Two two = twoGroups();
        assertExact();
        db.inTransaction(em -> em.createNativeQuery("UPDATE event_group SET merged_into = ?1 WHERE id = ?2")
                .setParameter(1, two.diskFull())
                .setParameter(2, two.diskAlmostFull())
                .executeUpdate());

        List<Long> almostFull = eventsOf(two.diskAlmostFull(), "");
        GroupMoves.MoveResult result =
                db.inTransaction(em -> moves.move(two.project().id(), almostFull, two.diskFull()));

        assertEquals(4, result.moved());
        assertEquals(Set.of(two.diskAlmostFull()), result.from());
        assertEquals(Set.of(two.diskAlmostFull()), result.emptied());
        assertEquals(Set.of(), result.deleted(), "an alias stays");
        assertEquals(12, db.number("SELECT times_seen FROM event_group WHERE id = " + two.diskFull()));
        assertEquals(0, db.number("SELECT times_seen FROM event_group WHERE id = " + two.diskAlmostFull()));
        assertEquals(
                0,
                db.number("SELECT COUNT(*) FROM view_group WHERE group_id = " + two.diskAlmostFull()),
                "the alias keeps no view groups");
        assertEquals(0, db.number("SELECT COUNT(*) FROM group_hourly WHERE group_id = " + two.diskAlmostFull()));
        assertEquals(0, db.number("SELECT COUNT(*) FROM group_tag_value WHERE group_id = " + two.diskAlmostFull()));
        assertExact();
    }

    @Test
    void someEventsMoveToANewGroupAndBackWhichEmptiesAndDeletesIt() {
        Two two = twoGroups();
        List<Long> s1 = eventsOf(
                two.diskFull(),
                " AND id IN (SELECT et.event_id FROM event_tag et JOIN tag_value tv ON tv.id = et.tag_value_id"
                        + " WHERE tv.tag_key = 'server' AND tv.tag_value = 's1')");
        assertEquals(2, s1.size());
        long fresh = db.inTransaction(em -> moves.groupFor(
                two.project().id(), "message", "0123456789abcdef0123456789abcdef", "Disk full on s1", null, null));
        assertEquals(0, db.number("SELECT times_seen FROM event_group WHERE id = " + fresh));

        GroupMoves.MoveResult there =
                db.inTransaction(em -> moves.move(two.project().id(), s1, fresh));
        assertEquals(2, there.moved());
        assertTrue(there.created(), "the target had no events");
        assertEquals(Set.of(), there.emptied());
        assertEquals(2, db.number("SELECT times_seen FROM event_group WHERE id = " + fresh));
        assertEquals(6, db.number("SELECT times_seen FROM event_group WHERE id = " + two.diskFull()));
        assertExact();

        GroupMoves.MoveResult back =
                db.inTransaction(em -> moves.move(two.project().id(), s1, two.diskFull()));
        assertEquals(2, back.moved());
        assertEquals(Set.of(fresh), back.emptied());
        assertEquals(Set.of(fresh), back.deleted(), "an emptied group that is no alias goes");
        assertEquals(0, db.number("SELECT COUNT(*) FROM event_group WHERE id = " + fresh));
        assertExact();

        long again = db.inTransaction(em ->
                moves.groupFor(two.project().id(), "message", "0123456789abcdef0123456789abcdef", "x", null, null));
        assertNotEquals(fresh, again, "a deleted group is created anew");
    }

    @Test
    void newEventsOfAnAliasChecksumCountIntoItsTarget() {
        Two two = twoGroups();
        db.inTransaction(em -> em.createNativeQuery("UPDATE event_group SET merged_into = ?1 WHERE id = ?2")
                .setParameter(1, two.diskFull())
                .setParameter(2, two.diskAlmostFull())
                .executeUpdate());
        List<Long> almostFull = eventsOf(two.diskAlmostFull(), "");
        db.inTransaction(em -> moves.move(two.project().id(), almostFull, two.diskFull()));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        StoredBatch both = events.store(
                two.project(),
                two.views(),
                event("message")
                        .message("Disk almost full")
                        .level("error")
                        .tag("server", "s9")
                        .at(now),
                event("message")
                        .message("Disk full")
                        .level("error")
                        .tag("server", "s9")
                        .at(now.minusSeconds(5)));
        StoredBatch alone = events.store(
                two.project(),
                two.views(),
                event("message").message("Disk almost full").culprit("latest").at(now.plusSeconds(1)));

        assertEquals(two.diskFull(), both.events().get(0).groupId(), "the alias's checksum joins the target");
        assertEquals(two.diskFull(), both.events().get(1).groupId());
        assertEquals(two.diskFull(), alone.events().get(0).groupId());
        assertEquals(Set.of(), both.newGroups(), "no group is new");
        assertEquals(Set.of(), alone.newGroups());
        assertEquals(15, db.number("SELECT times_seen FROM event_group WHERE id = " + two.diskFull()));
        assertEquals(0, db.number("SELECT times_seen FROM event_group WHERE id = " + two.diskAlmostFull()));
        assertEquals(
                1,
                db.number("SELECT COUNT(*) FROM event_group WHERE id = " + two.diskFull() + " AND culprit = 'latest'"),
                "the latest event's summary");
        assertExact();
    }

    @Test
    void groupForFollowsAnAlias() {
        Two two = twoGroups();
        String checksum =
                db.inTransaction(em -> ((String) em.createNativeQuery("SELECT checksum FROM event_group WHERE id = ?1")
                                .setParameter(1, two.diskAlmostFull())
                                .getSingleResult())
                        .trim());
        db.inTransaction(em -> em.createNativeQuery("UPDATE event_group SET merged_into = ?1 WHERE id = ?2")
                .setParameter(1, two.diskFull())
                .setParameter(2, two.diskAlmostFull())
                .executeUpdate());
        long found = db.inTransaction(em -> moves.groupFor(two.project().id(), "message", checksum, "x", null, null));
        assertEquals(two.diskFull(), found);
    }

    @Test
    void eventsOfAnotherTypeOrAnAliasTargetAreRefused() {
        Two two = twoGroups();
        List<Long> exception = eventsOf(two.other(), "");
        assertThrows(
                IllegalArgumentException.class,
                () -> db.inTransaction(em -> moves.move(two.project().id(), exception, two.diskFull())));
        db.inTransaction(em -> em.createNativeQuery("UPDATE event_group SET merged_into = ?1 WHERE id = ?2")
                .setParameter(1, two.diskFull())
                .setParameter(2, two.diskAlmostFull())
                .executeUpdate());
        List<Long> diskFull = eventsOf(two.diskFull(), "");
        assertThrows(
                IllegalArgumentException.class,
                () -> db.inTransaction(em -> moves.move(two.project().id(), diskFull, two.diskAlmostFull())));
        assertExact();
    }
}
