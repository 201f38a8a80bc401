package io.lookout.query;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.schema.Columns;
import io.lookout.schema.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/** A project's tag keys and values with their counts and first/last seen. */
@ApplicationScoped
public class Tags {

    private static final Columns KEYS = new Columns(
            "tag_key",
            "COUNT(*) AS distinct_values",
            "SUM(times_seen) AS event_count",
            "MIN(first_seen) AS first_seen",
            "MAX(last_seen) AS last_seen");
    private static final Columns VALUES = new Columns("tag_value", "times_seen", "first_seen", "last_seen");

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private Search search;

    @Inject
    private GroupDetails details;

    public TagKeys keys(long projectId) throws Problem {
        search.readable(projectId);
        List<TagKeys.TagKey> keys = Sql.select(KEYS, "FROM tag_value WHERE project_id = ")
                .value(projectId)
                .sql(" GROUP BY tag_key ORDER BY tag_key")
                .limit(1000)
                .rows(em)
                .stream()
                .map(row -> new TagKeys.TagKey(
                        row.text("tag_key"),
                        row.number("distinct_values"),
                        row.number("event_count"),
                        row.instant("first_seen"),
                        row.instant("last_seen"),
                        details.isHighCardinality(projectId, row.text("tag_key"))))
                .toList();
        return new TagKeys(keys);
    }

    /** The most frequent values of a key. */
    public TagValues values(long projectId, String key) throws Problem {
        search.readable(projectId);
        List<TagValues.TagValue> values = Sql.select(VALUES, "FROM tag_value WHERE project_id = ")
                .value(projectId)
                .sql(" AND tag_key = ")
                .value(key)
                .sql(" ORDER BY times_seen DESC, tag_value")
                .limit(100)
                .rows(em)
                .stream()
                .map(row -> new TagValues.TagValue(
                        row.text("tag_value"),
                        row.number("times_seen"),
                        row.instant("first_seen"),
                        row.instant("last_seen")))
                .toList();
        if (values.isEmpty()) {
            throw Problem.notFound(ProblemCode.NO_TAG, key, projectId);
        }
        return new TagValues(key, values);
    }
}
