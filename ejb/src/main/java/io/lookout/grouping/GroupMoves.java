package io.lookout.grouping;

import static io.lookout.schema.Sql.in;
import static io.lookout.schema.Sql.placeholders;

import io.lookout.JsonFactories;
import io.lookout.schema.Columns;
import io.lookout.schema.Sql;
import io.lookout.schema.SqlRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Moves stored events from their groups to another group of the same project and type, taking their
 * share out of every aggregate of the groups they leave and adding it to those of the group they
 * join, exactly: counts, time spent, hourly counts, distributions ({@code group_tag_value}), view
 * groups and their hourly counts (respecting each view's backfill, as the cleanup does), first and
 * last seen, the latest summary and the score. Tag values are counted per project: a move leaves
 * them. Merge, split and regroup are made of moves.
 *
 * <p>Runs in the caller's transaction. Counters change by SQL arithmetic on the rows, so ingestion
 * adding to the same rows at the same time loses nothing; the tables are written in the order
 * ingestion and the cleanup use ({@link AggregateTable}). A move may still be chosen as a deadlock's
 * victim when ingestion locks the same rows in another order within one table: the caller runs it
 * again ({@code schema.TransientFailures}). What the moved events leave behind that only a recount can
 * tell (the first and last seen, the largest time spent and the latest summary of a group that keeps
 * other events) is read back from the remaining events after the rows are locked: ingestion that
 * counts into them later applies its own share on top.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class GroupMoves {

    /** Parameters per IN list. */
    private static final int CHUNK = 500;

    private static final Columns GROUP = new Columns("id", "project_id", "type", "times_seen", "merged_into");
    private static final Columns TARGET = new Columns("times_seen", "last_seen");
    /** The rest of a subquery for a column of a group's latest event (by time, then id), as the recount says. */
    private static final String LATEST =
            " FROM event e WHERE e.group_id = event_group.id ORDER BY e.occurred_at DESC, e.id DESC FETCH FIRST 1 ROW ONLY)";

    private static final Columns EVENT = new Columns(
            "id",
            "group_id",
            "type",
            "occurred_at",
            "time_spent",
            "tags",
            "view_generation",
            "message",
            "culprit",
            "level");
    private static final Columns LINK = new Columns("et.event_id", "et.tag_value_id", "tv.tag_key");
    private static final Columns VIEW =
            new Columns("id", "generation", "types", "tag_keys", "backfill_state", "backfill_position");
    private static final Columns VIEW_GROUP_KEY = new Columns("vg.id", "d.i");
    private static final Columns REMAINING =
            new Columns("id", "group_id", "type", "occurred_at", "time_spent", "tags", "view_generation");

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private AggregateSql sql;

    /** Outside a container, for tests against an in-process database. */
    public void use(EntityManager em, AggregateSql sql) {
        this.em = em;
        this.sql = sql;
    }

    /**
     * What a move did.
     *
     * @param moved the events that changed group (those already in the target are left out)
     * @param from the groups they left
     * @param emptied those of them left without events: deleted, unless they are merge aliases
     * @param deleted those of the emptied groups that were deleted
     * @param created whether the target had no events before (a group {@link #groupFor} created, or an alias
     *     that a split revives)
     */
    public record MoveResult(long moved, Set<Long> from, Set<Long> emptied, Set<Long> deleted, boolean created) {
        public static MoveResult none() {
            return new MoveResult(0, Set.of(), Set.of(), Set.of(), false);
        }
    }

    /**
     * The group that events of the checksum belong to now: the group of that checksum, or the group it
     * was merged into; created, without events, when there is none (its counts and summary come with the
     * events {@link #move}d into it).
     */
    public long groupFor(long projectId, String type, String checksum, String message, String culprit, String level) {
        List<SqlRow> found = GROUP.select(
                em,
                "FROM event_group WHERE project_id = ?1 AND type = ?2 AND checksum = ?3",
                projectId,
                type,
                checksum);
        if (!found.isEmpty()) {
            Long mergedInto = found.get(0).numberOrNull("merged_into");
            return mergedInto != null ? mergedInto : found.get(0).number("id");
        }
        long id = sql.nextIds(em, "event_group_seq", 1).get(0);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        em.createNativeQuery("INSERT INTO event_group (id, project_id, type, checksum, message, culprit, level, status,"
                        + " times_seen, first_seen, last_seen, time_spent_total, time_spent_count, time_spent_max, score,"
                        + " search_words) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, " + GroupStatus.UNRESOLVED.sql()
                        + ", 0, ?8, ?8, 0, 0, 0, 0, ?9)")
                .setParameter(1, id)
                .setParameter(2, projectId)
                .setParameter(3, type)
                .setParameter(4, checksum)
                .setParameter(5, truncate(message == null ? "" : message))
                .setParameter(6, truncate(culprit))
                .setParameter(7, level)
                .setParameter(8, now)
                .setParameter(9, SearchText.of(message, culprit, null))
                .executeUpdate();
        return id;
    }

    /** One moved event, as read before the move. */
    private record Moved(
            long id,
            long from,
            String type,
            OffsetDateTime occurred,
            Double timeSpent,
            String tagsJson,
            long viewGeneration,
            String message,
            String culprit,
            String level) {

        Map<String, String> tags() {
            return StoredEvent.tagsOf(tagsJson);
        }
    }

    /**
     * Moves the project's events (row ids, {@code event.id}) to the group {@code toGroupId} of the same
     * project and type. Events already in it, or not of the project, are left out. The groups left without
     * events are deleted unless they are merge aliases ({@code merged_into} set), which stay, empty.
     *
     * @throws IllegalArgumentException when the target is not a group of the project, is an alias, or an
     *     event is of another type
     */
    public MoveResult move(long projectId, List<Long> eventRowIds, long toGroupId) {
        List<SqlRow> target = GROUP.select(em, "FROM event_group WHERE id = ?1", toGroupId);
        if (target.isEmpty() || target.get(0).number("project_id") != projectId) {
            throw new IllegalArgumentException("no group " + toGroupId + " in project " + projectId);
        }
        if (target.get(0).numberOrNull("merged_into") != null) {
            throw new IllegalArgumentException("group " + toGroupId + " is merged into another");
        }
        String type = target.get(0).text("type");
        List<Moved> moved = new ArrayList<>();
        for (List<Long> chunk : chunks(new ArrayList<>(new TreeSet<>(eventRowIds)))) {
            for (SqlRow row : EVENT.rows(in(
                            em.createNativeQuery("SELECT " + EVENT.list() + " FROM event WHERE project_id = ?1"
                                    + " AND group_id <> ?2 AND id IN (" + placeholders(chunk.size(), 3) + ")"
                                    // locked as read: a cleanup batch deleting the same events waits, or
                                    // has deleted them (then they are not here), and never takes their
                                    // share out of the group they are leaving
                                    + " FOR UPDATE"),
                            chunk,
                            3)
                    .setParameter(1, projectId)
                    .setParameter(2, toGroupId)
                    .getResultList())) {
                if (!type.equals(row.text("type"))) {
                    throw new IllegalArgumentException(
                            "event " + row.number("id") + " is of type " + row.text("type") + ", the group of " + type);
                }
                moved.add(new Moved(
                        row.number("id"),
                        row.number("group_id"),
                        row.text("type"),
                        row.time("occurred_at"),
                        row.decimalOrNull("time_spent"),
                        row.text("tags"),
                        row.number("view_generation"),
                        row.text("message"),
                        row.text("culprit"),
                        row.text("level")));
            }
        }
        if (moved.isEmpty()) {
            return MoveResult.none();
        }
        sql.begin(em);
        Map<Long, Moved> byId = new HashMap<>();
        Set<Long> from = new TreeSet<>();
        for (Moved m : moved) {
            byId.put(m.id(), m);
            from.add(m.from());
        }

        // the events' links, read before the events change group
        List<SqlRow> links = new ArrayList<>();
        for (List<Long> chunk : chunks(new ArrayList<>(byId.keySet()))) {
            links.addAll(LINK.rows(in(
                            em.createNativeQuery("SELECT " + LINK.list() + " FROM event_tag et JOIN tag_value tv"
                                    + " ON tv.id = et.tag_value_id WHERE et.event_id IN ("
                                    + placeholders(chunk.size(), 1) + ")"),
                            chunk,
                            1)
                    .getResultList()));
        }
        for (List<Long> chunk : chunks(new ArrayList<>(byId.keySet()))) {
            in(
                            em.createNativeQuery("UPDATE event SET group_id = ?1 WHERE id IN ("
                                    + placeholders(chunk.size(), 2) + ")"),
                            chunk,
                            2)
                    .setParameter(1, toGroupId)
                    .executeUpdate();
        }

        // distributions: out of the old groups, into the new one
        Map<List<Long>, Span> oldGroupTags = new TreeMap<>(Span.KEY_ORDER);
        SortedMap<Keys.GroupTag, Tally.OfGroupTag> newGroupTags = new TreeMap<>();
        for (SqlRow link : links) {
            Moved m = byId.get(link.number("event_id"));
            long tagValueId = link.number("tag_value_id");
            oldGroupTags
                    .computeIfAbsent(List.of(m.from(), tagValueId), k -> new Span())
                    .add(m.occurred(), null);
            newGroupTags
                    .computeIfAbsent(
                            new Keys.GroupTag(toGroupId, tagValueId), k -> new Tally.OfGroupTag(link.text("tag_key")))
                    .add(m.occurred(), null);
        }
        List<Object[]> groupTagShares = new ArrayList<>();
        oldGroupTags.forEach((key, span) -> groupTagShares.add(new Object[] {key.get(0), key.get(1), span.count}));
        // users: the user rows the old groups lose, those the new one gains (a union: a user both had counts once)
        Map<Long, Long> lostUsers = sql.subtractGroupTags(em, groupTagShares);
        long gainedUsers = newGroupTags.isEmpty()
                ? 0
                : sql.countGroupTags(em, newGroupTags).getOrDefault(toGroupId, 0L);
        // what is left of a distribution may have been seen first later and last earlier: per old group, the
        // rows of its moved tag values whose first or last seen lies within the moved events' span
        Map<Long, List<Long>> tagValuesOf = new TreeMap<>();
        Map<Long, Span> spanOf = new HashMap<>();
        oldGroupTags.forEach((key, span) -> {
            tagValuesOf.computeIfAbsent(key.get(0), k -> new ArrayList<>()).add(key.get(1));
            Span all = spanOf.computeIfAbsent(key.get(0), k -> new Span());
            all.first = all.first == null || span.first.isBefore(all.first) ? span.first : all.first;
            all.last = all.last == null || span.last.isAfter(all.last) ? span.last : all.last;
        });
        tagValuesOf.forEach((groupId, tagValueIds) -> {
            for (List<Long> chunk : chunks(tagValueIds)) {
                in(
                                em.createNativeQuery("UPDATE group_tag_value SET"
                                        + " first_seen = (SELECT MIN(e.occurred_at) FROM event e JOIN event_tag et"
                                        + " ON et.event_id = e.id WHERE e.group_id = group_tag_value.group_id"
                                        + " AND et.tag_value_id = group_tag_value.tag_value_id),"
                                        + " last_seen = (SELECT MAX(e.occurred_at) FROM event e JOIN event_tag et"
                                        + " ON et.event_id = e.id WHERE e.group_id = group_tag_value.group_id"
                                        + " AND et.tag_value_id = group_tag_value.tag_value_id)"
                                        + " WHERE group_id = ?1 AND (first_seen >= ?2 OR last_seen <= ?3)"
                                        + " AND tag_value_id IN (" + placeholders(chunk.size(), 4) + ")"),
                                chunk,
                                4)
                        .setParameter(1, groupId)
                        .setParameter(2, spanOf.get(groupId).first)
                        .setParameter(3, spanOf.get(groupId).last)
                        .executeUpdate();
            }
        });

        // hourly counts
        Map<List<Object>, Long> oldHours = new HashMap<>();
        SortedMap<Keys.Hour, Tally> newHours = new TreeMap<>();
        for (Moved m : moved) {
            OffsetDateTime hour = AggregateStatements.hour(m.occurred());
            oldHours.merge(List.of(m.from(), hour), 1L, Long::sum);
            newHours.computeIfAbsent(new Keys.Hour(toGroupId, hour), k -> new Tally())
                    .add(m.occurred(), null);
        }
        List<Object[]> hourShares = new ArrayList<>();
        oldHours.forEach((key, count) -> hourShares.add(new Object[] {key.get(0), key.get(1), count}));
        hourShares.sort(HOUR_SHARE_ORDER);
        sql.subtract(em, AggregateTable.GROUP_HOURLY, hourShares);
        sql.countGroupHours(em, newHours);

        moveViewGroups(projectId, moved, toGroupId);

        // the groups, locked in id order as ingestion locks them
        Set<Long> all = new TreeSet<>(from);
        all.add(toGroupId);
        lockGroups(all);
        SqlRow before =
                TARGET.select(em, "FROM event_group WHERE id = ?1", toGroupId).get(0);
        boolean created = before.number("times_seen") == 0;
        Map<Long, Span> oldGroups = new TreeMap<>();
        Tally.OfGroup added = new Tally.OfGroup();
        for (Moved m : moved) {
            oldGroups.computeIfAbsent(m.from(), k -> new Span()).add(m.occurred(), m.timeSpent());
        }
        moved.stream()
                .sorted((a, b) -> a.occurred().isEqual(b.occurred())
                        ? Long.compare(a.id(), b.id())
                        : a.occurred().compareTo(b.occurred()))
                .forEach(m -> added.add(m.occurred(), m.timeSpent(), m.message(), m.culprit(), m.level()));
        em.createNativeQuery("UPDATE event_group SET times_seen = times_seen + ?1,"
                        + " time_spent_total = time_spent_total + ?2, time_spent_count = time_spent_count + ?3,"
                        + " time_spent_max = CASE WHEN times_seen = 0 THEN ?4 ELSE GREATEST(time_spent_max, ?4) END,"
                        + " first_seen = CASE WHEN times_seen = 0 THEN ?5 ELSE LEAST(first_seen, ?5) END,"
                        + " last_seen = CASE WHEN times_seen = 0 THEN ?6 ELSE GREATEST(last_seen, ?6) END,"
                        + " message = CASE WHEN times_seen = 0 OR ?6 >= last_seen THEN ?7 ELSE message END,"
                        + " culprit = CASE WHEN times_seen = 0 OR ?6 >= last_seen THEN ?8 ELSE culprit END,"
                        + " level = CASE WHEN times_seen = 0 OR ?6 >= last_seen THEN ?9 ELSE level END,"
                        + " users = users + ?11,"
                        + " search_words = CASE WHEN times_seen = 0 OR ?6 >= last_seen THEN ?12 ELSE search_words END"
                        + " WHERE id = ?10")
                .setParameter(1, added.count)
                .setParameter(2, added.timeSpentTotal)
                .setParameter(3, added.timeSpentCount)
                .setParameter(4, added.timeSpentMax)
                .setParameter(5, added.first)
                .setParameter(6, added.last)
                .setParameter(7, truncate(added.message == null ? "" : added.message))
                .setParameter(8, truncate(added.culprit))
                .setParameter(9, added.level)
                .setParameter(10, toGroupId)
                .setParameter(11, gainedUsers)
                .setParameter(12, added.searchWords)
                .executeUpdate();
        if (!created && added.last.isEqual(before.time("last_seen"))) {
            // a moved event as late as the group's latest: the summary is the one of the higher id
            em.createNativeQuery("UPDATE event_group SET message = (SELECT e.message" + LATEST + ","
                            + " culprit = (SELECT e.culprit" + LATEST + ", level = (SELECT e.level" + LATEST
                            + " WHERE id = ?1")
                    .setParameter(1, toGroupId)
                    .executeUpdate();
        }
        rescore("event_group", List.of(toGroupId));
        Set<Long> left = new TreeSet<>();
        for (Map.Entry<Long, Span> old : oldGroups.entrySet()) {
            Span span = old.getValue();
            em.createNativeQuery("UPDATE event_group SET times_seen = times_seen - ?1,"
                            + " time_spent_total = CASE WHEN times_seen = ?1 THEN 0 ELSE time_spent_total - ?2 END,"
                            + " time_spent_count = time_spent_count - ?3,"
                            + " users = CASE WHEN users > ?5 THEN users - ?5 ELSE 0 END WHERE id = ?4")
                    .setParameter(1, span.count)
                    .setParameter(2, span.timeSpentTotal)
                    .setParameter(3, span.timeSpentCount)
                    .setParameter(4, old.getKey())
                    .setParameter(5, lostUsers.getOrDefault(old.getKey(), 0L))
                    .executeUpdate();
            left.add(old.getKey());
        }
        // what only the remaining events can tell, for the groups that keep some
        for (List<Long> chunk : chunks(new ArrayList<>(left))) {
            String list = placeholders(chunk.size(), 1);
            in(
                            em.createNativeQuery("UPDATE event_group SET"
                                    + " first_seen = (SELECT MIN(e.occurred_at) FROM event e WHERE e.group_id = event_group.id),"
                                    + " last_seen = (SELECT MAX(e.occurred_at) FROM event e WHERE e.group_id = event_group.id),"
                                    + " time_spent_max = COALESCE((SELECT MAX(e.time_spent) FROM event e"
                                    + " WHERE e.group_id = event_group.id), 0),"
                                    + " message = (SELECT e.message" + LATEST + ","
                                    + " culprit = (SELECT e.culprit" + LATEST + ","
                                    + " level = (SELECT e.level" + LATEST
                                    + " WHERE times_seen > 0 AND id IN (" + list + ")"),
                            chunk,
                            1)
                    .executeUpdate();
            rescore("event_group", chunk);
        }
        Set<Long> emptied = new TreeSet<>();
        Set<Long> deleted = new TreeSet<>();
        for (List<Long> chunk : chunks(new ArrayList<>(left))) {
            for (Object id : in(
                            em.createNativeQuery("SELECT id FROM event_group WHERE times_seen <= 0 AND id IN ("
                                    + placeholders(chunk.size(), 1) + ")"),
                            chunk,
                            1)
                    .getResultList()) {
                emptied.add(((Number) id).longValue());
            }
            for (Object id : in(
                            em.createNativeQuery(
                                    "SELECT id FROM event_group WHERE times_seen <= 0 AND merged_into IS NULL"
                                            + " AND id IN (" + placeholders(chunk.size(), 1) + ")"),
                            chunk,
                            1)
                    .getResultList()) {
                deleted.add(((Number) id).longValue());
            }
        }
        // an alias keeps its row and message, nothing that claims events (the latest's culprit and level)
        for (List<Long> chunk : chunks(new ArrayList<>(emptied))) {
            in(
                            em.createNativeQuery(
                                    "UPDATE event_group SET culprit = NULL, level = NULL, time_spent_max = 0"
                                            + " WHERE times_seen <= 0 AND id IN (" + placeholders(chunk.size(), 1)
                                            + ")"),
                            chunk,
                            1)
                    .executeUpdate();
        }
        for (List<Long> chunk : chunks(new ArrayList<>(deleted))) {
            in(
                            em.createNativeQuery(
                                    "DELETE FROM event_group WHERE id IN (" + placeholders(chunk.size(), 1) + ")"),
                            chunk,
                            1)
                    .executeUpdate();
        }
        return new MoveResult(moved.size(), from, emptied, deleted, created);
    }

    /** Locks the groups' rows in id order. */
    private void lockGroups(Collection<Long> ids) {
        for (List<Long> chunk : chunks(new ArrayList<>(new TreeSet<>(ids)))) {
            in(
                            em.createNativeQuery("SELECT id FROM event_group WHERE id IN ("
                                    + placeholders(chunk.size(), 1) + ") ORDER BY id FOR UPDATE"),
                            chunk,
                            1)
                    .getResultList();
        }
    }

    /** The score of rows with events: {@code ln(times_seen) * 600 + last_seen} (docs/architecture.md). */
    private void rescore(String table, List<Long> ids) {
        for (List<Long> chunk : chunks(ids)) {
            in(
                            em.createNativeQuery("UPDATE " + table
                                    + " SET score = LN(times_seen) * 600 + EXTRACT(EPOCH FROM last_seen)"
                                    + " WHERE times_seen > 0 AND id IN (" + placeholders(chunk.size(), 1) + ")"),
                            chunk,
                            1)
                    .executeUpdate();
        }
    }

    /** A view and how far its backfill got (as the cleanup reads it). */
    private record ViewState(ViewDefinition definition, long backfillPosition, boolean backfilled) {
        boolean counted(long eventId, String type, long eventViewGeneration) {
            return definition.takes(type)
                    && (eventViewGeneration >= definition.generation() || backfilled || eventId <= backfillPosition);
        }
    }

    private List<ViewState> views(long projectId) {
        List<ViewState> views = new ArrayList<>();
        for (SqlRow row : VIEW.select(em, "FROM lookout_view WHERE project_id = ?1 ORDER BY id", projectId)) {
            String types = row.text("types");
            List<String> keys;
            try (var reader = JsonFactories.READERS.createReader(new StringReader(row.text("tag_keys")))) {
                keys = reader.readArray().getValuesAs(JsonString.class).stream()
                        .map(JsonString::getString)
                        .toList();
            }
            views.add(new ViewState(
                    new ViewDefinition(
                            row.number("id"),
                            row.number("generation"),
                            types == null ? null : Set.copyOf(Arrays.asList(types.split(","))),
                            keys),
                    row.number("backfill_position"),
                    "done".equals(row.text("backfill_state"))));
        }
        return views;
    }

    /**
     * The view groups: the moved events' share out of the old groups' view groups (those a view counted
     * them in: a backfill that has not reached them yet counts them in their new group later), into the
     * new group's.
     */
    private void moveViewGroups(long projectId, List<Moved> moved, long toGroupId) {
        List<ViewState> views = views(projectId);
        if (views.isEmpty()) {
            return;
        }
        Map<List<Object>, Span> oldViewGroups = new HashMap<>();
        Map<List<Object>, Long> oldViewHours = new HashMap<>();
        SortedMap<Keys.ViewGroup, Tally.OfViewGroup> newViewGroups = new TreeMap<>();
        Map<Keys.ViewGroup, SortedMap<OffsetDateTime, Tally>> newViewHours = new HashMap<>();
        for (Moved m : moved) {
            Map<String, String> tags = null;
            for (ViewState view : views) {
                if (!view.counted(m.id(), m.type(), m.viewGeneration())) {
                    continue;
                }
                tags = tags == null ? m.tags() : tags;
                List<String> values = view.definition().values(tags);
                String keyValues = ViewDefinition.json(values);
                String keyHash = ViewDefinition.keyHash(keyValues);
                List<Object> oldKey = List.of(view.definition().id(), m.from(), keyHash);
                oldViewGroups.computeIfAbsent(oldKey, k -> new Span()).add(m.occurred(), m.timeSpent());
                OffsetDateTime hour = AggregateStatements.hour(m.occurred());
                oldViewHours.merge(List.of(oldKey, hour), 1L, Long::sum);
                Keys.ViewGroup newKey = new Keys.ViewGroup(view.definition().id(), toGroupId, keyHash);
                newViewGroups
                        .computeIfAbsent(newKey, k -> new Tally.OfViewGroup(values, keyValues))
                        .add(m.occurred(), m.timeSpent());
                newViewHours
                        .computeIfAbsent(newKey, k -> new TreeMap<>())
                        .computeIfAbsent(hour, k -> new Tally())
                        .add(m.occurred(), null);
            }
        }
        if (oldViewGroups.isEmpty()) {
            return;
        }
        // the old view groups' ids, a chunk of keys per statement (as a typed VALUES list: the index is probed per key)
        Map<List<Object>, Long> oldIds = new HashMap<>();
        List<List<Object>> keys = new ArrayList<>(oldViewGroups.keySet());
        for (List<List<Object>> chunk : Sql.chunks(keys, 100)) {
            Object[] parameters = new Object[chunk.size() * 4];
            for (int i = 0; i < chunk.size(); i++) {
                parameters[4 * i] = chunk.get(i).get(0);
                parameters[4 * i + 1] = chunk.get(i).get(1);
                parameters[4 * i + 2] = chunk.get(i).get(2);
                parameters[4 * i + 3] = (long) i;
            }
            for (SqlRow row : VIEW_GROUP_KEY.rows(Sql.bind(
                            em.createNativeQuery("SELECT " + VIEW_GROUP_KEY.list() + " FROM view_group vg JOIN "
                                    + Sql.values(chunk.size(), "BIGINT", "BIGINT", "CHAR(32)", "BIGINT")
                                    + " d(view_id, group_id, key_hash, i) ON vg.view_id = d.view_id"
                                    + " AND vg.group_id = d.group_id AND vg.key_hash = d.key_hash"),
                            parameters)
                    .getResultList())) {
                oldIds.put(chunk.get((int) row.number("i")), row.number("id"));
            }
        }
        List<Object[]> viewGroupShares = new ArrayList<>();
        oldIds.forEach((key, id) -> viewGroupShares.add(oldViewGroups.get(key).of(id)));
        viewGroupShares.sort((a, b) -> Long.compare((Long) a[0], (Long) b[0]));
        sql.subtract(em, AggregateTable.VIEW_GROUP, viewGroupShares);
        AggregateSql.PreparedViewGroups prepared = sql.prepareViewGroups(em, newViewGroups);
        sql.countViewGroups(em, newViewGroups, prepared.ids());

        List<Object[]> hourShares = new ArrayList<>();
        oldViewHours.forEach((key, count) -> {
            @SuppressWarnings("unchecked")
            Long id = oldIds.get((List<Object>) key.get(0));
            if (id != null) {
                hourShares.add(new Object[] {id, key.get(1), count});
            }
        });
        hourShares.sort(HOUR_SHARE_ORDER);
        sql.subtract(em, AggregateTable.VIEW_GROUP_HOURLY, hourShares);
        SortedMap<Keys.Hour, Tally> hours = new TreeMap<>();
        newViewHours.forEach((key, byHour) -> {
            long id = prepared.ids().get(key);
            byHour.forEach((hour, tally) -> hours.put(new Keys.Hour(id, hour), tally));
        });
        sql.countViewGroupHours(em, hours);
        rescore("view_group", new ArrayList<>(new TreeSet<>(prepared.ids().values())));

        // the old view groups left empty go; those left with events get their first and last seen, largest
        // time spent and score from the events that remain
        List<Long> ids = new ArrayList<>(new TreeSet<>(oldIds.values()));
        for (List<Long> chunk : chunks(ids)) {
            in(
                            em.createNativeQuery("DELETE FROM view_group WHERE times_seen <= 0 AND id IN ("
                                    + placeholders(chunk.size(), 1) + ")"),
                            chunk,
                            1)
                    .executeUpdate();
        }
        Map<Long, Set<List<Object>>> stale = new TreeMap<>();
        oldIds.keySet()
                .forEach(key -> stale.computeIfAbsent((Long) key.get(1), k -> new LinkedHashSet<>())
                        .add(key));
        Map<Long, ViewState> viewById = new HashMap<>();
        views.forEach(v -> viewById.put(v.definition().id(), v));
        for (Map.Entry<Long, Set<List<Object>>> group : stale.entrySet()) {
            Map<List<Object>, Span> remaining = new HashMap<>();
            for (SqlRow row : REMAINING.select(em, "FROM event WHERE group_id = ?1", group.getKey())) {
                Map<String, String> tags = null;
                for (List<Object> key : group.getValue()) {
                    ViewState view = viewById.get((Long) key.get(0));
                    if (!view.counted(row.number("id"), row.text("type"), row.number("view_generation"))) {
                        continue;
                    }
                    tags = tags == null ? StoredEvent.tagsOf(row.text("tags")) : tags;
                    String keyHash = ViewDefinition.keyHash(
                            ViewDefinition.json(view.definition().values(tags)));
                    if (keyHash.equals(key.get(2))) {
                        remaining
                                .computeIfAbsent(key, k -> new Span())
                                .add(row.time("occurred_at"), row.decimalOrNull("time_spent"));
                    }
                }
            }
            remaining.forEach((key, span) -> em.createNativeQuery("UPDATE view_group SET first_seen = ?1,"
                            + " last_seen = ?2, time_spent_max = ?3 WHERE id = ?4 AND times_seen > 0")
                    .setParameter(1, span.first)
                    .setParameter(2, span.last)
                    .setParameter(3, span.timeSpentMax)
                    .setParameter(4, oldIds.get(key))
                    .executeUpdate());
        }
        rescore("view_group", ids);
    }

    /** Hourly shares in the order the hourly tables are written: owner, then hour. */
    private static final java.util.Comparator<Object[]> HOUR_SHARE_ORDER = (a, b) -> {
        int owner = Long.compare((Long) a[0], (Long) b[0]);
        return owner != 0 ? owner : ((OffsetDateTime) a[1]).compareTo((OffsetDateTime) b[1]);
    };

    /** What some events add up to: how many, when first and last, their time spent. */
    private static final class Span {
        static final java.util.Comparator<List<Long>> KEY_ORDER = (a, b) -> {
            int first = Long.compare(a.get(0), b.get(0));
            return first != 0 ? first : Long.compare(a.get(1), b.get(1));
        };

        long count;
        OffsetDateTime first;
        OffsetDateTime last;
        double timeSpentTotal;
        long timeSpentCount;
        double timeSpentMax;

        void add(OffsetDateTime at, Double timeSpent) {
            count++;
            first = first == null || at.isBefore(first) ? at : first;
            last = last == null || at.isAfter(last) ? at : last;
            if (timeSpent != null) {
                timeSpentTotal += timeSpent;
                timeSpentCount++;
                timeSpentMax = Math.max(timeSpentMax, timeSpent);
            }
        }

        /** The share of the row {@code id}: its key, then its counters (AggregateTable.VIEW_GROUP). */
        Object[] of(long id) {
            return new Object[] {id, count, timeSpentTotal, timeSpentCount};
        }
    }

    private static String truncate(String text) {
        return text == null || text.length() <= EventStore.MAX_SUMMARY_LENGTH
                ? text
                : text.substring(0, EventStore.MAX_SUMMARY_LENGTH - 1) + "…";
    }

    private static <T> List<List<T>> chunks(List<T> list) {
        return Sql.chunks(list, CHUNK);
    }
}
