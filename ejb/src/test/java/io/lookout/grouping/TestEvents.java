package io.lookout.grouping;

import io.lookout.event.IncomingEvent;
import io.lookout.processing.Checksums;
import io.lookout.processing.ProcessedResult;
import io.lookout.schema.TestDatabase;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Projects, views and processed events in a {@link TestDatabase}, stored by the real
 * {@link EventStore} as the consumer stores them: one batch per call, in a transaction of its own.
 */
public final class TestEvents {

    /** A project of the test's own, so that tests never count each other's rows. */
    public record Project(long id, String slug) {}

    private final TestDatabase db;
    private final EventStore store = new EventStore();

    public TestEvents(TestDatabase db) {
        this.db = db;
        store.use(db.entityManager(), AggregateSql.of(db.vendor()));
    }

    public EventStore store() {
        return store;
    }

    /** A new project keeping its events {@code retentionDays} days. */
    public Project project(int retentionDays) {
        String slug = "p-" + UUID.randomUUID().toString().substring(0, 8);
        return db.inTransaction(em -> {
            long id = nextId("project_seq");
            em.createNativeQuery("INSERT INTO project (id, slug, name, public_key, retention_days, created_at)"
                            + " VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                    .setParameter(1, id)
                    .setParameter(2, slug)
                    .setParameter(3, "Project " + slug)
                    .setParameter(4, UUID.randomUUID().toString().replace("-", ""))
                    .setParameter(5, retentionDays)
                    .setParameter(6, OffsetDateTime.now(ZoneOffset.UTC))
                    .executeUpdate();
            return new Project(id, slug);
        });
    }

    /**
     * A view of the project as {@code Views} makes one: the project's next view generation, so
     * that the events stored with it count into it live; nothing to backfill.
     *
     * @param types the event types it takes, or {@code null} for all
     */
    public ViewDefinition view(Project project, Set<String> types, List<String> keys) {
        return db.inTransaction(em -> {
            em.createNativeQuery("UPDATE project SET view_generation = view_generation + 1 WHERE id = ?1")
                    .setParameter(1, project.id())
                    .executeUpdate();
            long generation = ((Number) em.createNativeQuery("SELECT view_generation FROM project WHERE id = ?1")
                            .setParameter(1, project.id())
                            .getSingleResult())
                    .longValue();
            long id = nextId("lookout_view_seq");
            JsonArrayBuilder keyArray = Json.createArrayBuilder();
            keys.forEach(keyArray::add);
            em.createNativeQuery(
                            "INSERT INTO lookout_view (id, project_id, slug, name, types, tag_keys, generation, created_at,"
                                    + " backfill_state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'done')")
                    .setParameter(1, id)
                    .setParameter(2, project.id())
                    .setParameter(3, "view-" + id)
                    .setParameter(4, "View " + id)
                    .setParameter(5, types == null ? null : String.join(",", types))
                    .setParameter(6, keyArray.build().toString())
                    .setParameter(7, generation)
                    .setParameter(8, OffsetDateTime.now(ZoneOffset.UTC))
                    .executeUpdate();
            return new ViewDefinition(id, generation, types, keys);
        });
    }

    /** An event of this type as its processor and the consumer left it (checksum, summary, final tags). */
    public static Sent event(String type) {
        return new Sent(type);
    }

    /** Stores one batch of the project's events with the project's views, in one transaction. */
    public StoredBatch store(Project project, List<ViewDefinition> views, Sent... events) {
        List<PendingEvent> pending = new ArrayList<>();
        for (Sent event : events) {
            pending.add(event.pending(project.slug()));
        }
        return db.inTransaction(em -> store.store(project.id(), views, pending));
    }

    private long nextId(String sequence) {
        return AggregateSql.of(db.vendor())
                .nextIds(db.entityManager(), sequence, 1)
                .get(0);
    }

    /** An event on its way to the store. */
    public static final class Sent {
        private final String type;
        private String id = UUID.randomUUID().toString().replace("-", "");
        private Instant at = Instant.now();
        private String message = "something happened";
        private String culprit;
        private String level;
        private final Map<String, String> tags = new LinkedHashMap<>();
        private Double timeSpent;
        private List<String> checksumParts = List.of("something happened");

        private Sent(String type) {
            this.type = type;
        }

        public Sent id(String id) {
            this.id = id;
            return this;
        }

        public Sent at(Instant at) {
            this.at = at;
            return this;
        }

        /** The summary, and the one checksum part unless {@link #groupedBy} says otherwise. */
        public Sent message(String message) {
            this.message = message;
            this.checksumParts = List.of(message);
            return this;
        }

        public Sent culprit(String culprit) {
            this.culprit = culprit;
            return this;
        }

        public Sent level(String level) {
            this.level = level;
            return this;
        }

        /** A tag of the sender; {@code null} for a null tag. */
        public Sent tag(String key, String value) {
            tags.put(key, value);
            return this;
        }

        public Sent timeSpent(double milliseconds) {
            this.timeSpent = milliseconds;
            return this;
        }

        /** The processor's checksum parts: events with the same parts (and type) form one group. */
        public Sent groupedBy(String... parts) {
            this.checksumParts = List.of(parts);
            return this;
        }

        public String id() {
            return id;
        }

        public Instant at() {
            return at;
        }

        PendingEvent pending(String projectSlug) {
            Map<String, String> senderTags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
            // as Processing.combine settles them: the sender's tags, the level, project and type by the server
            Map<String, String> finalTags = new LinkedHashMap<>(senderTags);
            if (level != null) {
                finalTags.put("level", level);
            }
            finalTags.put("project", projectSlug);
            finalTags.put("type", type);
            IncomingEvent incoming = new IncomingEvent(
                    id, type, at, message, level, senderTags, JsonValue.EMPTY_JSON_OBJECT, timeSpent, null, null);
            ProcessedResult result = new ProcessedResult(
                    Checksums.checksum(checksumParts, null),
                    message,
                    culprit,
                    level,
                    finalTags,
                    JsonValue.EMPTY_JSON_OBJECT);
            return new PendingEvent(incoming, result, Instant.now());
        }
    }
}
