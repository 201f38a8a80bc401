package io.lookout.grouping;

import io.lookout.ingest.IncomingEvent;
import io.lookout.ingest.EventParser;
import io.lookout.processing.ProcessedResult;
import io.lookout.schema.DatabaseVendor;
import io.lookout.schema.SchemaMigration;
import io.lookout.views.ViewDefinition;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Writes processed events: the event row, its tag links, and its group, whose counters change
 * only by atomic SQL increments. Idempotent on (project, event id): an event already stored is
 * skipped, its group left as it was. Runs inside the caller's transaction (the consumer's), so a
 * message is acknowledged only together with what it stored.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class EventStore {

    static final int MAX_SUMMARY_LENGTH = 1000;

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private SchemaMigration schema;

    private StoreSql sql;

    @PostConstruct
    void chooseSql() {
        sql = schema.vendor() == DatabaseVendor.POSTGRESQL ? new PostgresStoreSql() : new StoreSql();
    }

    /**
     * @param views the project's views, as read in this transaction
     * @return {@code false} when the event was stored before (a duplicate or a redelivery)
     */
    public boolean store(long projectId, List<ViewDefinition> views, IncomingEvent event, ProcessedResult result,
            Instant receivedAt) {
        if (exists(projectId, event.id())) {
            return false;
        }
        OffsetDateTime occurred = utc(event.timestamp());
        OffsetDateTime hour = occurred.truncatedTo(ChronoUnit.HOURS);
        String message = truncate(result.message(), MAX_SUMMARY_LENGTH);
        String culprit = truncate(result.culprit(), MAX_SUMMARY_LENGTH);
        GroupUpdate update = new GroupUpdate(projectId, event.type(), result.checksum(), message,
                culprit, result.level(), occurred, event.duration());
        long groupId = sql.upsertGroup(em, update);
        sql.countHour(em, "group_hourly", "group_id", groupId, hour);

        long viewGeneration = 0;
        for (ViewDefinition view : views) {
            viewGeneration = Math.max(viewGeneration, view.generation());
            if (view.takes(event.type())) {
                countInView(view, groupId, result.tags(), update);
            }
        }

        long id = sql.nextId(em, "event_seq");
        em.createNativeQuery("INSERT INTO event (id, project_id, event_id, group_id, type, checksum, occurred_at,"
                        + " received_at, message, culprit, level, time_spent, correlation_id, tags, data, view_generation)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, CAST(?12 AS DOUBLE PRECISION), ?13, ?14, ?15,"
                        + " ?16)")
                .setParameter(1, id)
                .setParameter(2, projectId)
                .setParameter(3, event.id())
                .setParameter(4, groupId)
                .setParameter(5, event.type())
                .setParameter(6, result.checksum())
                .setParameter(7, occurred)
                .setParameter(8, utc(receivedAt))
                .setParameter(9, message)
                .setParameter(10, culprit)
                .setParameter(11, result.level())
                .setParameter(12, event.duration())
                .setParameter(13, event.correlationId())
                .setParameter(14, tagsJson(result.tags()))
                .setParameter(15, result.data().toString())
                .setParameter(16, viewGeneration)
                .executeUpdate();

        for (Map.Entry<String, String> tag : result.tags().entrySet()) {
            if (tag.getValue() == null || EventParser.RESERVED_TAGS.contains(tag.getKey())) {
                continue; // null is stored as the absence of a link: a missing tag and a null tag are one
            }
            String key = truncate(tag.getKey(), EventParser.MAX_TAG_KEY_LENGTH);
            long tagValueId = sql.upsertTagValue(em, projectId, key,
                    truncate(tag.getValue(), EventParser.MAX_TAG_VALUE_LENGTH), occurred);
            em.createNativeQuery("INSERT INTO event_tag (tag_value_id, event_id) VALUES (?1, ?2)")
                    .setParameter(1, tagValueId)
                    .setParameter(2, id)
                    .executeUpdate();
            sql.countGroupTagValue(em, groupId, tagValueId, key, occurred);
        }
        return true;
    }

    /**
     * Counts a stored event into a view (the backfill of a view created after its events): the
     * same arithmetic as at ingest. Runs in the caller's transaction.
     */
    public void countInView(ViewDefinition view, long groupId, Map<String, String> tags, OffsetDateTime occurred,
            Double timeSpent) {
        countInView(view, groupId, tags, new GroupUpdate(0, null, null, null, null, null, occurred, timeSpent));
    }

    private void countInView(ViewDefinition view, long groupId, Map<String, String> tags, GroupUpdate update) {
        List<String> values = view.values(tags);
        String keyValues = ViewDefinition.json(values);
        long viewGroupId = sql.upsertViewGroup(em, view.id(), groupId, ViewDefinition.keyHash(keyValues), keyValues,
                values, update);
        sql.countHour(em, "view_group_hourly", "view_group_id", viewGroupId, update.seen().truncatedTo(ChronoUnit.HOURS));
    }

    private boolean exists(long projectId, String eventId) {
        return !em.createNativeQuery("SELECT 1 FROM event WHERE project_id = ?1 AND event_id = ?2")
                .setParameter(1, projectId)
                .setParameter(2, eventId)
                .getResultList()
                .isEmpty();
    }

    private static String tagsJson(Map<String, String> tags) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        tags.forEach((key, value) -> {
            if (value == null) {
                json.addNull(key);
            } else {
                json.add(key, value);
            }
        });
        return json.build().toString();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String truncate(String text, int length) {
        return text == null || text.length() <= length ? text : text.substring(0, length - 1) + "…";
    }
}
