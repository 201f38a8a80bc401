package io.lookout.grouping;

import static io.lookout.grouping.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lookout.grouping.TestEvents.Project;
import io.lookout.grouping.TestEvents.Sent;
import io.lookout.schema.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-group cap ({@code lookout.quota.group-per-minute}) on the vendor's database: past the cap
 * in a minute, a group's events count in its count, hours, last seen and views but get no event row;
 * the recount and the consistency scripts still hold.
 */
class GroupCapTest {

    private static TestDatabase db;
    private static TestEvents events;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabase.create();
        events = new TestEvents(db);
        events.store().capGroups(5);
    }

    @AfterAll
    static void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    private static Sent[] loud(int n, String message, Instant at) {
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sent.add(event("message")
                    .message(message)
                    .tag("server", "web-" + (i % 2))
                    .at(at)
                    .timeSpent(2));
        }
        return sent.toArray(Sent[]::new);
    }

    @Test
    void aLoudGroupCountsEveryEventButStoresOnlyTheFirstOfTheMinute() throws SQLException {
        Project project = events.project(90);
        ViewDefinition byServer = events.view(project, null, List.of("server"));
        Instant now = Instant.now();
        // the minute may turn between the batches: then the second starts afresh and stores more
        long minuteBefore = now.getEpochSecond() / 60;
        events.store(project, List.of(byServer), loud(8, "Disk full", now));
        events.store(
                project,
                List.of(byServer),
                event("message").message("Quiet one").at(now));
        events.store(project, List.of(byServer), loud(3, "Disk full", now.plusMillis(5)));
        boolean sameMinute = Instant.now().getEpochSecond() / 60 == minuteBefore;

        long loudGroup = db.number(
                "SELECT id FROM event_group WHERE project_id = " + project.id() + " AND message = 'Disk full'");
        assertEquals(11, db.number("SELECT times_seen FROM event_group WHERE id = " + loudGroup), "every event counts");
        long rows = db.number("SELECT COUNT(*) FROM event WHERE group_id = " + loudGroup);
        long countedOnly = db.number("SELECT counted_only FROM event_group WHERE id = " + loudGroup);
        if (sameMinute) {
            assertEquals(5, rows, "the cap's 5 events of the minute have rows");
        }
        assertEquals(11, rows + countedOnly);
        assertEquals(11, db.number("SELECT SUM(times_seen) FROM group_hourly WHERE group_id = " + loudGroup));
        assertEquals(
                11,
                db.number("SELECT SUM(times_seen) FROM view_group WHERE group_id = " + loudGroup + " AND view_id = "
                        + byServer.id()));
        assertEquals(22.0, (double) db.number("SELECT time_spent_total FROM event_group WHERE id = " + loudGroup));
        assertEquals(
                rows,
                db.number("SELECT SUM(times_seen) FROM group_tag_value WHERE group_id = " + loudGroup),
                "tag distributions count the stored events only");
        assertEquals(
                countedOnly,
                db.number("SELECT COALESCE(SUM(counted_only), 0) FROM quota_drop WHERE project_id = " + project.id()));
        assertEquals(
                1,
                db.number("SELECT COUNT(*) FROM event e JOIN event_group g ON g.id = e.group_id WHERE g.project_id = "
                        + project.id() + " AND g.message = 'Quiet one'"),
                "another group of the project is not capped");

        try (Connection connection = db.connect()) {
            assertEquals(List.of(), Recount.mismatches(connection));
            assertEquals(
                    List.of(),
                    Recount.scriptMismatches(
                            connection,
                            Path.of(System.getProperty("user.dir")).resolveSibling("bench"),
                            db.vendor() == io.lookout.schema.DatabaseVendor.POSTGRESQL));
        }
    }

    @Test
    void aBatchLargerThanTheCapStoresTheCapsWorthAndAnEventSentAgainIsNotCountedAgain() {
        Project project = events.project(90);
        Sent[] batch = loud(7, "Queue stuck", Instant.now());
        events.store(project, List.of(), batch);
        StoredBatch again = events.store(project, List.of(), batch[0]);
        long group = db.number("SELECT id FROM event_group WHERE project_id = " + project.id());
        assertEquals(7, db.number("SELECT times_seen FROM event_group WHERE id = " + group));
        assertEquals(Set.of(), Set.copyOf(again.events()), "the first event has a row: a duplicate");
    }
}
