package io.lookout.grouping;

import static io.lookout.grouping.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.lookout.grouping.TestEvents.Project;
import io.lookout.grouping.TestEvents.Sent;
import io.lookout.schema.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link EventStore} against a real database in this JVM (H2, or PostgreSQL with
 * {@code -Ppostgresql}): what a user sees counted after the consumer stored events.
 */
class EventStoreTest {

    private static TestDatabase db;
    private static TestEvents events;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabase.create();
        events = new TestEvents(db);
    }

    @AfterAll
    static void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    /** A group as the group page shows it. */
    private record Group(
            long id, String type, String checksum, long count, Instant firstSeen, Instant lastSeen, String message) {}

    private static Group group(long id) {
        List<Group> groups = groups(
                "SELECT id, type, checksum, times_seen, first_seen, last_seen, message FROM event_group WHERE id = ?",
                id);
        assertEquals(1, groups.size(), "group " + id);
        return groups.get(0);
    }

    private static List<Group> groupsOf(Project project) {
        return groups(
                "SELECT id, type, checksum, times_seen, first_seen, last_seen, message FROM event_group WHERE project_id = ?"
                        + " ORDER BY id",
                project.id());
    }

    private static List<Group> groups(String sql, long parameter) {
        try (Connection connection = db.connect();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                List<Group> groups = new java.util.ArrayList<>();
                while (rows.next()) {
                    groups.add(new Group(
                            rows.getLong(1),
                            rows.getString(2),
                            rows.getString(3),
                            rows.getLong(4),
                            rows.getObject(5, OffsetDateTime.class).toInstant(),
                            rows.getObject(6, OffsetDateTime.class).toInstant(),
                            rows.getString(7)));
                }
                return groups;
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code key=value} → times seen, of the project's tag values. */
    private static Map<String, Long> tagCounts(Project project) {
        return counts(
                "SELECT tag_key || '=' || tag_value, times_seen FROM tag_value WHERE project_id = ?", project.id());
    }

    /** {@code key=value} → times seen within one group. */
    private static Map<String, Long> groupTagCounts(long groupId) {
        return counts(
                "SELECT t.tag_key || '=' || t.tag_value, g.times_seen FROM group_tag_value g"
                        + " JOIN tag_value t ON t.id = g.tag_value_id WHERE g.group_id = ?",
                groupId);
    }

    /** The view's groups: {@code groupId key_values} → times seen. */
    private static Map<String, Long> viewGroupCounts(ViewDefinition view) {
        return counts("SELECT group_id || ' ' || key_values, times_seen FROM view_group WHERE view_id = ?", view.id());
    }

    private static Map<String, Long> counts(String sql, long parameter) {
        Map<String, Long> counts = new HashMap<>();
        try (Connection connection = db.connect();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        return counts;
    }

    private static long eventRows(Project project) {
        return db.number("SELECT COUNT(*) FROM event WHERE project_id = " + project.id());
    }

    private static void assertRecountMatches() {
        try (Connection connection = db.connect()) {
            assertEquals(List.of(), Recount.mismatches(connection), "every aggregate equals a recount from the events");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anEventStoredTwiceCountsOnce() {
        Project project = events.project(90);
        Sent payment = event("message").message("Payment gateway timeout").tag("server", "web-1");
        Sent other = event("message").message("Payment gateway timeout").tag("server", "web-2");

        assertArrayEquals(
                new boolean[] {true}, events.store(project, List.of(), payment).stored());
        // a redelivered message, then a batch holding one event twice
        assertArrayEquals(
                new boolean[] {false}, events.store(project, List.of(), payment).stored());
        StoredBatch batch = events.store(project, List.of(), other, other, payment);
        assertArrayEquals(new boolean[] {true, false, false}, batch.stored());
        assertEquals(1, batch.events().size());

        assertEquals(2, eventRows(project));
        List<Group> groups = groupsOf(project);
        assertEquals(1, groups.size());
        assertEquals(2, groups.get(0).count());
        assertEquals(Map.of("server=web-1", 1L, "server=web-2", 1L), tagCounts(project));
        assertRecountMatches();
    }

    @Test
    void twoEventsWithOneChecksumMakeOneGroupSeenFromTheFirstToTheLast() {
        Project project = events.project(90);
        Instant first = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Instant last = first.plus(90, ChronoUnit.MINUTES);
        // the later one arrives first: first and last seen are the events' times, not the order of arrival
        StoredBatch created = events.store(
                project,
                List.of(),
                event("exception")
                        .message("NPE in checkout (later)")
                        .groupedBy("java.lang.NullPointerException", "Cart.checkout")
                        .at(last));
        StoredBatch joined = events.store(
                project,
                List.of(),
                event("exception")
                        .message("NPE in checkout (earlier)")
                        .groupedBy("java.lang.NullPointerException", "Cart.checkout")
                        .at(first));

        long groupId = created.events().get(0).groupId();
        assertEquals(Set.of(groupId), created.newGroups());
        assertEquals(groupId, joined.events().get(0).groupId());
        assertEquals(Set.of(), joined.newGroups());
        assertEquals(GroupStatus.UNRESOLVED, joined.before().get(groupId).status());

        Group group = group(groupId);
        assertEquals(2, group.count());
        assertEquals(first, group.firstSeen());
        assertEquals(last, group.lastSeen());
        assertEquals("NPE in checkout (later)", group.message(), "the summary is the latest event's");
        assertEquals(List.of(group), groupsOf(project));

        // two more in one batch add up before they are written
        events.store(
                project,
                List.of(),
                event("exception")
                        .message("NPE again")
                        .groupedBy("java.lang.NullPointerException", "Cart.checkout")
                        .at(last),
                event("exception")
                        .message("NPE again")
                        .groupedBy("java.lang.NullPointerException", "Cart.checkout")
                        .at(last));
        assertEquals(4, group(groupId).count());
        assertEquals(4, db.number("SELECT SUM(times_seen) FROM group_hourly WHERE group_id = " + groupId));
        assertRecountMatches();
    }

    @Test
    void eventsOfSeparateTypesWithOneChecksumAreSeparateGroups() {
        Project project = events.project(90);
        StoredBatch batch = events.store(
                project,
                List.of(),
                event("message").message("cart is empty").groupedBy("cart-empty"),
                event("exception").message("cart is empty").groupedBy("cart-empty"));

        List<Group> groups = groupsOf(project);
        assertEquals(2, groups.size(), groups.toString());
        assertEquals(groups.get(0).checksum(), groups.get(1).checksum(), "one checksum");
        assertEquals(
                Set.of("message", "exception"),
                Set.of(groups.get(0).type(), groups.get(1).type()));
        assertNotEquals(batch.events().get(0).groupId(), batch.events().get(1).groupId());
        assertEquals(List.of(1L, 1L), groups.stream().map(Group::count).toList());
        assertRecountMatches();
    }

    @Test
    void viewGroupsAndTagCountsCountEachEventOnceWhereItBelongs() {
        Project project = events.project(90);
        ViewDefinition byServer = events.view(project, Set.of("message"), List.of("server"));
        ViewDefinition byUrlAndServer = events.view(project, null, List.of("url", "server"));
        List<ViewDefinition> views = List.of(byServer, byUrlAndServer);
        Instant at = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

        StoredBatch batch = events.store(
                project,
                views,
                event("message")
                        .message("Disk full")
                        .tag("server", "s1")
                        .tag("url", "/a")
                        .at(at),
                event("message")
                        .message("Disk full")
                        .tag("server", "s1")
                        .tag("url", "/b")
                        .at(at.plusSeconds(1)),
                event("message")
                        .message("Disk full")
                        .tag("server", "s2")
                        .tag("url", "/a")
                        .tag("release", null)
                        .at(at.plusSeconds(2)));
        events.store(
                project,
                views,
                event("exception").message("Disk full").tag("server", "s1").at(at.plusSeconds(3)));
        long messages = batch.events().get(0).groupId();
        long exceptions = groupsOf(project).stream()
                .filter(g -> g.type().equals("exception"))
                .findFirst()
                .orElseThrow()
                .id();

        assertEquals(
                Map.of(messages + " [\"s1\"]", 2L, messages + " [\"s2\"]", 1L),
                viewGroupCounts(byServer),
                "the exception is not of the view's types");
        assertEquals(
                Map.of(
                        messages + " [\"/a\",\"s1\"]",
                        1L,
                        messages + " [\"/b\",\"s1\"]",
                        1L,
                        messages + " [\"/a\",\"s2\"]",
                        1L,
                        exceptions + " [null,\"s1\"]",
                        1L),
                viewGroupCounts(byUrlAndServer),
                "an absent tag is a null key value");
        assertEquals(2, batch.events().get(0).viewGroups().size(), "the event counted in both views");

        assertEquals(
                Map.of("server=s1", 3L, "server=s2", 1L, "url=/a", 2L, "url=/b", 1L),
                tagCounts(project),
                "a null tag is not a tag value; project and type are not counted as tag values");
        assertEquals(Map.of("server=s1", 2L, "server=s2", 1L, "url=/a", 2L, "url=/b", 1L), groupTagCounts(messages));
        assertEquals(Map.of("server=s1", 1L), groupTagCounts(exceptions));
        assertEquals(
                3,
                db.number(
                        "SELECT SUM(h.times_seen) FROM view_group_hourly h JOIN view_group v ON v.id = h.view_group_id"
                                + " WHERE v.view_id = " + byServer.id()));
        assertRecountMatches();
    }
}
