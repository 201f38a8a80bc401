package io.lookout.triage;

import io.lookout.JsonFactories;
import io.lookout.grouping.AggregateSql;
import io.lookout.schema.Columns;
import io.lookout.schema.SqlRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.StringReader;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A group's history ({@code group_activity}): written by whatever changes a group (merge, split,
 * regroup; later status changes and comments), in the caller's transaction; listed newest first.
 */
@ApplicationScoped
public class Activities {

    /** Kinds of activity. */
    public static final String MERGED = "merged";

    public static final String SPLIT = "split";

    public static final String REGROUPED = "regrouped";

    private static final Columns ACTIVITY = new Columns("id", "at", "actor", "kind", "details");

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private AggregateSql sql;

    /** Outside a container, for tests against an in-process database. */
    public void use(EntityManager em, AggregateSql sql) {
        this.em = em;
        this.sql = sql;
    }

    /** Records what happened to the group, now, in the caller's transaction. */
    public void record(long projectId, long groupId, String actor, String kind, JsonObject details) {
        long id = sql.nextIds(em, "group_activity_seq", 1).get(0);
        em.createNativeQuery("INSERT INTO group_activity (id, project_id, group_id, at, actor, kind, details)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                .setParameter(1, id)
                .setParameter(2, projectId)
                .setParameter(3, groupId)
                .setParameter(4, OffsetDateTime.now(ZoneOffset.UTC))
                .setParameter(5, actor)
                .setParameter(6, kind)
                .setParameter(7, details.toString())
                .executeUpdate();
    }

    /** The group's history, newest first, at most {@code limit} entries. */
    public List<GroupActivity> of(long groupId, int limit) {
        return ACTIVITY
                .rows(em.createNativeQuery("SELECT " + ACTIVITY.list()
                                + " FROM group_activity WHERE group_id = ?1 ORDER BY at DESC, id DESC")
                        .setParameter(1, groupId)
                        .setMaxResults(limit)
                        .getResultList())
                .stream()
                .map(Activities::activity)
                .toList();
    }

    private static GroupActivity activity(SqlRow row) {
        try (var reader = JsonFactories.READERS.createReader(new StringReader(row.text("details")))) {
            return new GroupActivity(
                    row.number("id"), row.instant("at"), row.text("actor"), row.text("kind"), reader.readObject());
        }
    }
}
