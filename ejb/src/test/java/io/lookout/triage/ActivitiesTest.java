package io.lookout.triage;

import static io.lookout.grouping.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lookout.grouping.AggregateSql;
import io.lookout.grouping.TestEvents;
import io.lookout.grouping.TestEvents.Project;
import io.lookout.schema.TestDatabase;
import jakarta.json.Json;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A group's history against a real database: first seen (made when read), regressions (written by
 * ingestion only when a resolved group gets a new event), comments rendered safely, deletion.
 */
class ActivitiesTest {

    private TestDatabase db;
    private TestEvents events;
    private final Activities activities = new Activities();

    @BeforeEach
    void createDatabase() {
        db = TestDatabase.create();
        events = new TestEvents(db);
        activities.use(db.entityManager(), AggregateSql.of(db.vendor()));
    }

    @AfterEach
    void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    private List<String> kinds(long group, int limit) {
        return db.inTransaction(em -> activities.of(group, limit)).stream()
                .map(GroupActivity::kind)
                .toList();
    }

    @Test
    void aNewGroupHasOnlyItsFirstSeenAndIngestionWritesNoRowForIt() {
        Project project = events.project(30);
        Instant at = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        long group = events.store(
                        project, List.of(), event("message").message("Boom").at(at))
                .events()
                .get(0)
                .groupId();
        assertEquals(0, db.number("SELECT COUNT(*) FROM group_activity WHERE group_id = " + group));
        List<GroupActivity> history = db.inTransaction(em -> activities.of(group, 10));
        assertEquals(1, history.size());
        GroupActivity first = history.get(0);
        assertEquals(Activities.FIRST_SEEN, first.kind());
        assertEquals(at, first.at());
        assertNull(first.actor());
        assertEquals(0, first.id());
    }

    @Test
    void anEventOnAResolvedGroupIsARegressionAndOnAnUnresolvedOneIsNot() {
        Project project = events.project(30);
        long group = events.store(project, List.of(), event("message").message("Boom"))
                .events()
                .get(0)
                .groupId();
        events.store(project, List.of(), event("message").message("Boom"));
        assertEquals(List.of(Activities.FIRST_SEEN), kinds(group, 10), "unresolved: no regression");

        db.inTransaction(em -> em.createNativeQuery(
                        "UPDATE event_group SET status = " + io.lookout.grouping.GroupStatus.RESOLVED.sql()
                                + ", resolved_at = CURRENT_TIMESTAMP WHERE id = " + group)
                .executeUpdate());
        events.store(
                project,
                List.of(),
                event("message").message("Boom"),
                event("message").message("Boom"));
        assertEquals(List.of(Activities.REGRESSION, Activities.FIRST_SEEN), kinds(group, 10), "one per batch");
        GroupActivity regression =
                db.inTransaction(em -> activities.of(group, 10)).get(0);
        assertNull(regression.actor(), "Lookout itself");
        assertTrue(regression.details().containsKey("resolvedAt"));

        events.store(project, List.of(), event("message").message("Boom"));
        assertEquals(2, kinds(group, 10).size(), "reopened already: no second regression");
        assertEquals(List.of(Activities.REGRESSION), kinds(group, 1), "first-seen only when the list holds every row");
    }

    @Test
    void commentsCarryTheirMarkdownRenderedSafelyAndCanBeDeleted() {
        Project project = events.project(30);
        long group = events.store(project, List.of(), event("message").message("Boom"))
                .events()
                .get(0)
                .groupId();
        long id = db.inTransaction(em -> activities.record(
                project.id(),
                group,
                "ann",
                Activities.COMMENT,
                Json.createObjectBuilder()
                        .add("text", "**on it** <script>alert(1)</script>")
                        .build()));
        GroupActivity comment =
                db.inTransaction(em -> activities.find(group, id)).orElseThrow();
        assertEquals("ann", comment.actor());
        assertEquals("**on it** <script>alert(1)</script>", comment.details().getString("text"));
        assertTrue(comment.html().contains("<strong>on it</strong>"), comment.html());
        assertFalse(comment.html().contains("<script"), comment.html());
        assertTrue(
                db.inTransaction(em -> activities.find(group + 1_000_000, id)).isEmpty(), "another group's");

        db.inTransaction(em -> {
            activities.delete(group, id);
            return null;
        });
        assertEquals(List.of(Activities.FIRST_SEEN), kinds(group, 10));
    }
}
