package io.lookout.query;

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
import java.util.LinkedHashMap;
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
        JsonObjectBuilder json = JsonOut.BUILDERS.createObjectBuilder(EventQueries.toJson(group));
        json.add("tags", distributions(group));
        json.add("hourly", hourly("group_hourly", "group_id", groupId));
        JsonArrayBuilder latest = JsonOut.BUILDERS.createArrayBuilder();
        em.createNamedQuery("StoredEvent.latestOfGroup", StoredEvent.class)
                .setParameter("groupId", groupId)
                .setMaxResults(10)
                .getResultStream()
                .forEach(event -> latest.add(JsonOut.BUILDERS.createObjectBuilder()
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

    JsonObject group(long groupId) {
        return EventQueries.toJson(em.find(EventGroup.class, groupId));
    }

    JsonObject viewGroup(long viewGroupId, List<String> keys) {
        Object[] row = (Object[]) em.createNativeQuery("SELECT group_id, times_seen, first_seen, last_seen, score,"
                        + " time_spent_total, time_spent_count, time_spent_max, key_values FROM view_group WHERE id = ?1")
                .setParameter(1, viewGroupId)
                .getSingleResult();
        EventGroup group = em.find(EventGroup.class, ((Number) row[0]).longValue());
        JsonObjectBuilder json = JsonOut.BUILDERS.createObjectBuilder(EventQueries.toJson(group))
                .add("id", viewGroupId)
                .add("groupId", group.getId())
                .add("count", ((Number) row[1]).longValue())
                .add("firstSeen", Search.instant(row[2]))
                .add("lastSeen", Search.instant(row[3]))
                .add("score", ((Number) row[4]).doubleValue())
                .add("timeSpent", EventQueries.timeSpent(((Number) row[5]).doubleValue(), ((Number) row[6]).longValue(),
                        ((Number) row[7]).doubleValue()));
        JsonObjectBuilder key = JsonOut.BUILDERS.createObjectBuilder();
        try (var reader = JsonOut.READERS.createReader(new StringReader((String) row[8]))) {
            List<JsonValue> values = reader.readArray();
            for (int i = 0; i < keys.size(); i++) {
                key.add(keys.get(i), values.get(i));
            }
        }
        return json.add("key", key).add("hourly", hourly("view_group_hourly", "view_group_id", viewGroupId)).build();
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
        JsonObjectBuilder tags = JsonOut.BUILDERS.createObjectBuilder();
        for (Object[] key : keys) {
            String name = (String) key[0];
            long withValue = ((Number) key[1]).longValue();
            JsonObjectBuilder distribution = JsonOut.BUILDERS.createObjectBuilder()
                    .add("count", withValue)
                    .add("nullCount", Math.max(0, group.getTimesSeen() - withValue))
                    .add("distinctValues", ((Number) key[2]).longValue());
            if (isHighCardinality(group.getProjectId(), name)) {
                distribution.add("highCardinality", true);
            } else {
                JsonArrayBuilder top = JsonOut.BUILDERS.createArrayBuilder();
                @SuppressWarnings("unchecked")
                List<Object[]> values = em.createNativeQuery("SELECT tv.tag_value, gt.times_seen FROM group_tag_value gt"
                                + " JOIN tag_value tv ON tv.id = gt.tag_value_id WHERE gt.group_id = ?1 AND gt.tag_key = ?2"
                                + " ORDER BY gt.times_seen DESC, tv.tag_value")
                        .setParameter(1, group.getId())
                        .setParameter(2, name)
                        .setMaxResults(TOP_VALUES)
                        .getResultList();
                for (Object[] value : values) {
                    top.add(JsonOut.BUILDERS.createObjectBuilder().add("value", (String) value[0]).add("count", ((Number) value[1]).longValue()));
                }
                distribution.add("highCardinality", false).add("values", top);
            }
            tags.add(name, distribution);
        }
        return tags.build();
    }

    boolean isHighCardinality(long projectId, String key) {
        return !em.createNativeQuery("SELECT id FROM tag_value WHERE project_id = ?1 AND tag_key = ?2")
                .setParameter(1, projectId)
                .setParameter(2, key)
                .setFirstResult(highCardinality)
                .setMaxResults(1)
                .getResultList()
                .isEmpty();
    }

    private JsonArrayBuilder hourly(String table, String ownerColumn, long ownerId) {
        OffsetDateTime since = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS).minusHours(HOURS - 1);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT hour_start, times_seen FROM " + table + " WHERE " + ownerColumn
                        + " = ?1 AND hour_start >= ?2 ORDER BY hour_start")
                .setParameter(1, ownerId)
                .setParameter(2, since)
                .getResultList();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Object[] row : rows) {
            counts.put(Search.instant(row[0]), ((Number) row[1]).longValue());
        }
        JsonArrayBuilder hours = JsonOut.BUILDERS.createArrayBuilder();
        counts.forEach((hour, count) -> hours.add(JsonOut.BUILDERS.createObjectBuilder().add("hour", hour).add("count", count)));
        return hours;
    }
}
