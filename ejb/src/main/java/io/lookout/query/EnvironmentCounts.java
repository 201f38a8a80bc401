package io.lookout.query;

import io.lookout.grouping.GroupStatus;
import io.lookout.schema.Columns;
import io.lookout.schema.Sql;
import io.lookout.schema.SqlRow;
import io.lookout.security.ProjectAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The counts of one environment (the top bar's selector, docs/releases.md), exact and from what ingestion
 * keeps anyway: a group's events per environment are its {@code group_tag_value} row of the
 * {@code environment} tag's value, and the groups of an environment are those with such a row. The
 * environment's tag value is looked up once ({@code tag_value}'s unique index); its groups are then
 * one range of the index {@code group_tag_value (tag_value_id, group_id)}. What has no per-tag data
 * (hourly counts, users, view groups) is not answered here: the pages show it for all environments and
 * say so.
 */
@ApplicationScoped
public class EnvironmentCounts {

    private static final Columns TYPES =
            new Columns("g.type", "COUNT(*) AS group_count", "SUM(gtv.times_seen) AS event_count");
    private static final Columns GROUP = new Columns("gtv.times_seen", "gtv.first_seen", "gtv.last_seen");

    /** A group's events of the environment, and its first and last. */
    public record GroupCount(long count, Instant firstSeen, Instant lastSeen) {}

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private ProjectAccess access;

    /**
     * Event type → the project's non-ignored groups that have events of the environment, and those
     * events, most events first (as {@link Dashboard} orders its types); empty for a project the caller
     * may not read.
     */
    public Map<String, DashboardBreakdown.TypeCount> types(long projectId, String environment) {
        Map<String, DashboardBreakdown.TypeCount> types = new LinkedHashMap<>();
        if (!access.mayRead(projectId)) {
            return types;
        }
        Sql sql = Sql.select(TYPES, "FROM group_tag_value gtv JOIN event_group g ON g.id = gtv.group_id")
                .sql(" WHERE gtv.tag_value_id = (SELECT id FROM tag_value WHERE project_id = ")
                .value(projectId)
                .sql(" AND tag_key = ")
                .value(Releases.ENVIRONMENT)
                .sql(" AND tag_value = ")
                .value(environment)
                .sql(") AND g.status <> " + GroupStatus.IGNORED.sql()
                        + " AND g.merged_into IS NULL GROUP BY g.type ORDER BY SUM(gtv.times_seen) DESC, g.type");
        for (SqlRow row : sql.rows(em)) {
            types.put(
                    row.text("type"),
                    new DashboardBreakdown.TypeCount(
                            row.text("type"), row.number("group_count"), row.number("event_count")));
        }
        return types;
    }

    /** The group's events of the environment (none: a count of 0 without times). The caller read the group. */
    public GroupCount group(long projectId, long groupId, String environment) {
        Optional<SqlRow> row = Sql.select(GROUP, "FROM group_tag_value gtv WHERE gtv.group_id = ")
                .value(groupId)
                .sql(" AND gtv.tag_value_id = (SELECT id FROM tag_value WHERE project_id = ")
                .value(projectId)
                .sql(" AND tag_key = ")
                .value(Releases.ENVIRONMENT)
                .sql(" AND tag_value = ")
                .value(environment)
                .sql(")")
                .rows(em)
                .stream()
                .findFirst();
        return row.map(found -> new GroupCount(
                        found.number("times_seen"), found.instant("first_seen"), found.instant("last_seen")))
                .orElse(new GroupCount(0, null, null));
    }
}
