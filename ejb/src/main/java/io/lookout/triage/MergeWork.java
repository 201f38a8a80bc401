package io.lookout.triage;

import io.lookout.JsonFactories;
import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.grouping.GroupMoves;
import io.lookout.schema.Columns;
import io.lookout.schema.SqlRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One merge or split in one transaction ({@link Merges} runs it again when the database chose it as
 * a deadlock's victim). The groups' rows are locked first, in id order; the events move with
 * {@link GroupMoves}, which keeps every aggregate exact.
 */
@ApplicationScoped
public class MergeWork {

    /** Events per {@link GroupMoves#move} call: bounds the memory a move of a large group takes at once. */
    private static final int EVENTS_PER_MOVE = 2000;

    private static final JsonBuilderFactory JSON = JsonFactories.BUILDERS;

    private static final Columns GROUP = new Columns("id", "project_id", "type", "checksum", "merged_into");
    private static final Columns ALIAS = new Columns("id", "checksum");
    private static final Columns SIMILAR = new Columns("g.id", "g.message", "g.times_seen");

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private GroupMoves moves;

    @Inject
    private Activities activities;

    /** Outside a container, for tests against an in-process database. */
    public void use(EntityManager em, GroupMoves moves, Activities activities) {
        this.em = em;
        this.moves = moves;
        this.activities = activities;
    }

    /**
     * Merges the groups into the first: every event of the others moves to it, the others stay as
     * aliases of their checksums ({@code merged_into}), and a group that was itself a merge target
     * passes its aliases on.
     *
     * @return the merged group's id (the first given)
     */
    @Transactional(value = Transactional.TxType.REQUIRES_NEW, rollbackOn = Problem.class)
    public long merge(long projectId, List<Long> ids, String actor) throws Problem {
        Map<Long, SqlRow> groups = lock(projectId, ids);
        String type = null;
        TreeSet<String> types = new TreeSet<>();
        for (long id : ids) {
            SqlRow group = groups.get(id);
            Long into = group.numberOrNull("merged_into");
            if (into != null) {
                throw Problem.invalid(GroupRefs.FIELD, ProblemCode.GROUP_MERGED, id, into);
            }
            types.add(group.text("type"));
            type = type == null ? group.text("type") : type;
        }
        if (types.size() > 1) {
            throw Problem.invalid(GroupRefs.FIELD, ProblemCode.MERGE_TYPES, String.join(", ", types));
        }
        long target = ids.get(0);
        JsonArrayBuilder merged = JSON.createArrayBuilder();
        long total = 0;
        for (long source : ids.subList(1, ids.size())) {
            // its aliases (and itself) now stand for the target: an alias never points to an alias
            for (Object passed : em.createNativeQuery("SELECT id FROM event_group WHERE merged_into = ?1 ORDER BY id")
                    .setParameter(1, source)
                    .getResultList()) {
                activities.record(
                        projectId,
                        ((Number) passed).longValue(),
                        actor,
                        Activities.MERGED,
                        JSON.createObjectBuilder()
                                .add("into", target)
                                .add("via", source)
                                .add("events", 0)
                                .build());
            }
            em.createNativeQuery("UPDATE event_group SET merged_into = ?1 WHERE merged_into = ?2 OR id = ?2")
                    .setParameter(1, target)
                    .setParameter(2, source)
                    .executeUpdate();
            long events = moveAll(projectId, "group_id = ?1", List.of(source), target);
            total += events;
            String checksum = groups.get(source).text("checksum").trim();
            merged.add(JSON.createObjectBuilder()
                    .add("id", source)
                    .add("checksum", checksum)
                    .add("events", events));
            activities.record(
                    projectId,
                    source,
                    actor,
                    Activities.MERGED,
                    JSON.createObjectBuilder()
                            .add("into", target)
                            .add("events", events)
                            .build());
        }
        activities.record(
                projectId,
                target,
                actor,
                Activities.MERGED,
                JSON.createObjectBuilder()
                        .add("groups", merged)
                        .add("events", total)
                        .build());
        return target;
    }

    /**
     * Splits a merged group: each group merged into it gets back the events of its checksum and stops
     * being an alias; one whose checksum has no events left (the cleanup took them) goes.
     *
     * @return the ids of the groups split off that have events
     */
    @Transactional(value = Transactional.TxType.REQUIRES_NEW, rollbackOn = Problem.class)
    public List<Long> split(long projectId, long groupId, String actor) throws Problem {
        SqlRow group = lock(projectId, List.of(groupId)).get(groupId);
        Long into = group.numberOrNull("merged_into");
        if (into != null) {
            throw Problem.invalid(null, ProblemCode.GROUP_MERGED, groupId, into);
        }
        List<SqlRow> aliases = ALIAS.rows(em.createNativeQuery(
                        "SELECT " + ALIAS.list() + " FROM event_group WHERE merged_into = ?1 ORDER BY id FOR UPDATE")
                .setParameter(1, groupId)
                .getResultList());
        if (aliases.isEmpty()) {
            throw Problem.conflict(null, ProblemCode.NOT_MERGED, groupId);
        }
        em.createNativeQuery("UPDATE event_group SET merged_into = NULL WHERE merged_into = ?1")
                .setParameter(1, groupId)
                .executeUpdate();
        JsonArrayBuilder split = JSON.createArrayBuilder();
        List<Long> withEvents = new ArrayList<>();
        long total = 0;
        for (SqlRow alias : aliases) {
            long id = alias.number("id");
            String checksum = alias.text("checksum").trim();
            long events = moveAll(projectId, "group_id = ?1 AND checksum = ?2", List.of(groupId, checksum), id);
            total += events;
            split.add(JSON.createObjectBuilder()
                    .add("id", id)
                    .add("checksum", checksum)
                    .add("events", events));
            if (events > 0) {
                withEvents.add(id);
                activities.record(
                        projectId,
                        id,
                        actor,
                        Activities.SPLIT,
                        JSON.createObjectBuilder()
                                .add("from", groupId)
                                .add("events", events)
                                .build());
            } else {
                em.createNativeQuery("DELETE FROM event_group WHERE id = ?1 AND times_seen = 0")
                        .setParameter(1, id)
                        .executeUpdate();
            }
        }
        activities.record(
                projectId,
                groupId,
                actor,
                Activities.SPLIT,
                JSON.createObjectBuilder()
                        .add("groups", split)
                        .add("events", total)
                        .build());
        return withEvents;
    }

    /** Groups like this one: same type and culprit, not aliases, by score. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Merges.SimilarGroup> similar(long projectId, long groupId, int limit) {
        return SIMILAR
                .rows(em.createNativeQuery("SELECT " + SIMILAR.list() + " FROM event_group g JOIN event_group o"
                                + " ON o.id = ?2 AND g.type = o.type"
                                + " AND (g.culprit = o.culprit OR g.culprit IS NULL AND o.culprit IS NULL)"
                                + " WHERE g.project_id = ?1 AND g.id <> o.id AND g.merged_into IS NULL"
                                + " AND g.times_seen > 0 ORDER BY g.score DESC, g.id DESC")
                        .setParameter(1, projectId)
                        .setParameter(2, groupId)
                        .setMaxResults(limit)
                        .getResultList())
                .stream()
                .map(row -> new Merges.SimilarGroup(row.number("id"), row.text("message"), row.number("times_seen")))
                .toList();
    }

    /** Moves the events {@code condition} selects to {@code target}, a bounded number at a time. */
    private long moveAll(long projectId, String condition, List<Object> parameters, long target) {
        long moved = 0;
        long after = 0;
        while (true) {
            int last = parameters.size() + 1;
            var query = em.createNativeQuery(
                    "SELECT id FROM event WHERE " + condition + " AND id > ?" + last + " ORDER BY id");
            for (int i = 0; i < parameters.size(); i++) {
                query.setParameter(i + 1, parameters.get(i));
            }
            List<Long> ids = new ArrayList<>();
            for (Object id : query.setParameter(last, after)
                    .setMaxResults(EVENTS_PER_MOVE)
                    .getResultList()) {
                ids.add(((Number) id).longValue());
            }
            if (ids.isEmpty()) {
                return moved;
            }
            moved += moves.move(projectId, ids, target).moved();
            after = ids.get(ids.size() - 1);
        }
    }

    /** The groups' rows, locked in id order; 404 for one that is not the project's. */
    private Map<Long, SqlRow> lock(long projectId, List<Long> ids) throws Problem {
        List<Long> ordered = new ArrayList<>(new TreeSet<>(ids));
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < ordered.size(); i++) {
            list.append(i == 0 ? "" : ", ").append('?').append(i + 2);
        }
        var query = em.createNativeQuery("SELECT " + GROUP.list()
                        + " FROM event_group WHERE project_id = ?1 AND id IN (" + list + ") ORDER BY id FOR UPDATE")
                .setParameter(1, projectId);
        for (int i = 0; i < ordered.size(); i++) {
            query.setParameter(i + 2, ordered.get(i));
        }
        Map<Long, SqlRow> found = new HashMap<>();
        for (SqlRow row : GROUP.rows(query.getResultList())) {
            found.put(row.number("id"), row);
        }
        for (long id : ids) {
            if (!found.containsKey(id)) {
                throw Problem.notFound(ProblemCode.NO_GROUP, id, projectId);
            }
        }
        return found;
    }
}
