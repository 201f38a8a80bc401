package io.lookout.query;

import io.lookout.JsonFactories;
import io.lookout.Problem;
import io.lookout.grouping.EventGroup;
import io.lookout.grouping.StoredEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One group in full: its aggregates, the distribution of values of each tag key, its hourly
 * counts, its latest events; and its status changes.
 */
@ApplicationScoped
public class GroupDetails {

    public static final int TOP_VALUES = 10;
    public static final int HOURS = 14 * 24;

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private Search search;

    /** Keys with more distinct values in a project are high-cardinality: searchable, left out of distributions. */
    @Inject
    @ConfigProperty(name = "lookout.tags.high-cardinality", defaultValue = "1000")
    private int highCardinality;

    public JsonObject detail(long projectId, long groupId) throws Problem {
        search.readable(projectId);
        EventGroup group = find(projectId, groupId);
        JsonObjectBuilder json = JsonFactories.BUILDERS.createObjectBuilder(EventQueries.toJson(group));
        json.add("tags", distributions(group));
        json.add("hourly", hourly("group_hourly", "group_id", groupId));
        // muted for a while: its alerts are suppressed until then (io.lookout.alerts.Mutes)
        Object mutedUntil = em.createNativeQuery("SELECT muted_until FROM event_group WHERE id = ?1").setParameter(1, groupId)
                .getSingleResult();
        OffsetDateTime muted = mutedUntil == null ? null : StoredEvent.timeOf(mutedUntil);
        if (muted != null && muted.isAfter(OffsetDateTime.now(ZoneOffset.UTC))) {
            json.add("mutedUntil", muted.toInstant().toString());
        } else {
            json.addNull("mutedUntil");
        }
        JsonArrayBuilder latest = JsonFactories.BUILDERS.createArrayBuilder();
        em.createNamedQuery("StoredEvent.latestOfGroup", StoredEvent.class)
                .setParameter("groupId", groupId)
                .setMaxResults(10)
                .getResultStream()
                .forEach(event -> latest.add(JsonFactories.BUILDERS.createObjectBuilder()
                        .add("id", event.getEventId())
                        .add("timestamp", event.getOccurredAt().toInstant().toString())
                        .add("message", event.getMessage())));
        return json.add("latestEvents", latest).build();
    }

    /** Resolve, ignore or reopen; a later event reopens a resolved group as a regression. */
    @Transactional
    public JsonObject setStatus(long projectId, long groupId, JsonObject body) throws Problem {
        search.readable(projectId);
        find(projectId, groupId);
        JsonValue status = body.get("status");
        if (!(status instanceof jakarta.json.JsonString text) || !Search.STATUSES.contains(text.getString())) {
            throw Problem.invalid("status", "must be one of unresolved, resolved, ignored");
        }
        boolean resolved = "resolved".equals(text.getString());
        em.createNativeQuery("UPDATE event_group SET status = ?1, resolved_at = CAST(?2 AS TIMESTAMP WITH TIME ZONE)"
                        + " WHERE id = ?3")
                .setParameter(1, text.getString())
                .setParameter(2, resolved ? OffsetDateTime.now(ZoneOffset.UTC) : null)
                .setParameter(3, groupId)
                .executeUpdate();
        em.flush();
        em.clear();
        return EventQueries.toJson(em.find(EventGroup.class, groupId));
    }

    /** Groups of a list page in the order of {@code ids} (missing ones left out): one statement for the page. */
    List<JsonObject> groups(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Sql sql = new Sql("SELECT * FROM event_group WHERE id IN (");
        GroupRows.in(sql, ids);
        Map<Long, JsonObject> byId = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<EventGroup> groups = sql.query(em, EventGroup.class).getResultList();
        groups.forEach(group -> byId.put(group.getId(), EventQueries.toJson(group)));
        return inOrder(ids, byId);
    }

    /**
     * View groups of a list page, each with its group's summary, the values of its view's keys and
     * its hourly counts: one statement for the rows and one for all their hourly counts, whatever
     * the number of rows.
     *
     * @param keysByView the keys of each view the ids belong to
     * @return view group id → its JSON, for the ids that exist
     */
    Map<Long, JsonObject> viewGroups(Collection<Long> ids, Map<Long, List<String>> keysByView) {
        return viewGroups(ids, keysByView, HOURS);
    }

    /** {@link #viewGroups(Collection, Map)} with only the last {@code hourCount} hourly counts. */
    Map<Long, JsonObject> viewGroups(Collection<Long> ids, Map<Long, List<String>> keysByView, int hourCount) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Sql sql = new Sql("SELECT vg.id, vg.view_id, vg.group_id, vg.times_seen, vg.first_seen, vg.last_seen, vg.score,"
                + " vg.time_spent_total, vg.time_spent_count, vg.time_spent_max, vg.key_values, g.project_id, g.type,"
                + " g.checksum, g.message, g.culprit, g.level, g.status, g.resolved_at, g.regressed_at"
                + " FROM view_group vg JOIN event_group g ON g.id = vg.group_id WHERE vg.id IN (");
        GroupRows.in(sql, ids);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = sql.query(em).getResultList();
        Map<Long, JsonArrayBuilder> hourly = hourly("view_group_hourly", "view_group_id", ids, hourCount);
        Map<Long, JsonObject> byId = new HashMap<>();
        for (Object[] row : rows) {
            long id = ((Number) row[0]).longValue();
            List<String> keys = keysByView.getOrDefault(((Number) row[1]).longValue(), List.of());
            JsonObjectBuilder json = EventQueries.groupJson(id, ((Number) row[11]).longValue(), (String) row[12],
                            (String) row[13], (String) row[14], (String) row[15], (String) row[16], (String) row[17],
                            ((Number) row[3]).longValue(), StoredEvent.timeOf(row[4]), StoredEvent.timeOf(row[5]),
                            ((Number) row[6]).doubleValue(), time(row[18]), time(row[19]), ((Number) row[7]).doubleValue(),
                            ((Number) row[8]).longValue(), ((Number) row[9]).doubleValue())
                    .add("groupId", ((Number) row[2]).longValue());
            JsonObjectBuilder key = JsonFactories.BUILDERS.createObjectBuilder();
            try (var reader = JsonFactories.READERS.createReader(new StringReader((String) row[10]))) {
                List<JsonValue> values = reader.readArray();
                for (int i = 0; i < keys.size(); i++) {
                    key.add(keys.get(i), values.get(i));
                }
            }
            JsonArrayBuilder hours = hourly.get(id);
            byId.put(id, json.add("key", key).add("hourly", hours != null ? hours : JsonFactories.BUILDERS.createArrayBuilder()).build());
        }
        return byId;
    }

    /** The values of {@code byId} in the order of {@code ids}, leaving out ids it lacks. */
    static List<JsonObject> inOrder(List<Long> ids, Map<Long, JsonObject> byId) {
        List<JsonObject> ordered = new ArrayList<>(ids.size());
        for (long id : ids) {
            JsonObject json = byId.get(id);
            if (json != null) {
                ordered.add(json);
            }
        }
        return ordered;
    }

    private static OffsetDateTime time(Object value) {
        return value == null ? null : StoredEvent.timeOf(value);
    }

    private EventGroup find(long projectId, long groupId) throws Problem {
        EventGroup group = em.find(EventGroup.class, groupId);
        if (group == null || group.getProjectId() != projectId) {
            throw Problem.notFound("no group " + groupId + " in project " + projectId);
        }
        return group;
    }

    private JsonObject distributions(EventGroup group) {
        @SuppressWarnings("unchecked")
        List<Object[]> keys = em.createNativeQuery("SELECT tag_key, SUM(times_seen), COUNT(*) FROM group_tag_value WHERE group_id = ?1"
                        + " GROUP BY tag_key ORDER BY tag_key")
                .setParameter(1, group.getId())
                .getResultList();
        JsonObjectBuilder tags = JsonFactories.BUILDERS.createObjectBuilder();
        for (Object[] key : keys) {
            String name = (String) key[0];
            long withValue = ((Number) key[1]).longValue();
            JsonObjectBuilder distribution = JsonFactories.BUILDERS.createObjectBuilder()
                    .add("count", withValue)
                    .add("nullCount", Math.max(0, group.getTimesSeen() - withValue))
                    .add("distinctValues", ((Number) key[2]).longValue());
            if (isHighCardinality(group.getProjectId(), name)) {
                distribution.add("highCardinality", true);
            } else {
                JsonArrayBuilder top = JsonFactories.BUILDERS.createArrayBuilder();
                @SuppressWarnings("unchecked")
                List<Object[]> values = new Sql("SELECT tv.tag_value, gt.times_seen FROM group_tag_value gt"
                                + " JOIN tag_value tv ON tv.id = gt.tag_value_id WHERE gt.group_id = ").value(group.getId())
                        .sql(" AND gt.tag_key = ").value(name)
                        .sql(" ORDER BY gt.times_seen DESC, tv.tag_value").limit(TOP_VALUES)
                        .query(em)
                        .getResultList();
                for (Object[] value : values) {
                    top.add(JsonFactories.BUILDERS.createObjectBuilder().add("value", (String) value[0]).add("count", ((Number) value[1]).longValue()));
                }
                distribution.add("highCardinality", false).add("values", top);
            }
            tags.add(name, distribution);
        }
        return tags.build();
    }

    boolean isHighCardinality(long projectId, String key) {
        return !new Sql("SELECT id FROM tag_value WHERE project_id = ").value(projectId)
                .sql(" AND tag_key = ").value(key)
                .sql(" OFFSET ").value(highCardinality).sql(" ROWS").limit(1)
                .query(em)
                .getResultList()
                .isEmpty();
    }

    private JsonArrayBuilder hourly(String table, String ownerColumn, long ownerId) {
        JsonArrayBuilder hours = hourly(table, ownerColumn, List.of(ownerId), HOURS).get(ownerId);
        return hours != null ? hours : JsonFactories.BUILDERS.createArrayBuilder();
    }

    /** The last {@code count} hourly counts of each owner, oldest first: one statement for all of them. */
    private Map<Long, JsonArrayBuilder> hourly(String table, String ownerColumn, Collection<Long> ownerIds, int count) {
        OffsetDateTime since = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS).minusHours(count - 1);
        Sql sql = new Sql("SELECT " + ownerColumn + ", hour_start, times_seen FROM " + table + " WHERE " + ownerColumn + " IN (");
        GroupRows.in(sql, ownerIds);
        sql.sql(" AND hour_start >= ").value(since).sql(" ORDER BY " + ownerColumn + ", hour_start");
        @SuppressWarnings("unchecked")
        List<Object[]> rows = sql.query(em).getResultList();
        Map<Long, JsonArrayBuilder> hours = new HashMap<>();
        for (Object[] row : rows) {
            hours.computeIfAbsent(((Number) row[0]).longValue(), id -> JsonFactories.BUILDERS.createArrayBuilder())
                    .add(JsonFactories.BUILDERS.createObjectBuilder().add("hour", Search.instant(row[1]))
                            .add("count", ((Number) row[2]).longValue()));
        }
        return hours;
    }
}
