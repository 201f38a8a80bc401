package io.lookout.grouping;

import static io.lookout.grouping.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.grouping.TestEvents.Project;
import io.lookout.schema.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The statements of the database seam that the store's and the cleanup's tests do not reach, on
 * the vendor's own implementation (H2, or PostgreSQL with {@code -Ppostgresql}).
 */
class AggregateSqlTest {

    private static TestDatabase db;
    private static TestEvents events;
    private static AggregateSql sql;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabase.create();
        events = new TestEvents(db);
        sql = AggregateSql.of(db.vendor());
    }

    @AfterAll
    static void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void theScrubbedValuesOfAProjectAddUpAcrossBatches() {
        Project project = events.project(30);
        Project other = events.project(30);
        db.inTransaction(em -> {
            events.store().addScrubbedValues(project.id(), 3);
            return null;
        });
        db.inTransaction(em -> {
            events.store().addScrubbedValues(project.id(), 4);
            events.store().addScrubbedValues(project.id(), 0);
            events.store().addScrubbedValues(other.id(), 1);
            return null;
        });
        assertEquals(7, scrubbed(project));
        assertEquals(1, scrubbed(other));
    }

    @Test
    void theFirstKeysValuesAreCountedWithNullAsOneValueAndWithoutIgnoredGroups() throws SQLException {
        Project project = events.project(30);
        ViewDefinition byServer = events.view(project, null, List.of("server"));
        events.store(
                project,
                List.of(byServer),
                event("message").message("a").tag("server", "s1"),
                event("message").message("b").tag("server", "s2"),
                event("message").message("b").tag("server", "s1"),
                event("message").message("c").tag("server", "s3"),
                event("message").message("d"));
        assertEquals(4, firstKeyValues(byServer, 20), "s1, s2, s3 and null");
        long capped = firstKeyValues(byServer, 2);
        assertTrue(capped >= 2 && capped < 4, "at least the limit, without counting them all: " + capped);

        try (Connection connection = db.connect();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE event_group SET status = " + GroupStatus.IGNORED.sql()
                    + " WHERE project_id = " + project.id() + " AND message IN ('c', 'd')");
        }
        assertEquals(2, firstKeyValues(byServer, 20), "s3 and null only in ignored groups");
    }

    private static long firstKeyValues(ViewDefinition view, int limit) {
        return db.inTransaction(em -> sql.firstKeyValues(em, view.id(), limit));
    }

    private static long scrubbed(Project project) {
        return db.number("SELECT scrubbed_values FROM project_scrub_count WHERE project_id = " + project.id());
    }
}
