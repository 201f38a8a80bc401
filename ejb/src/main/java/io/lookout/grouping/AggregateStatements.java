package io.lookout.grouping;

import io.lookout.schema.Columns;
import io.lookout.schema.Sql;
import io.lookout.schema.SqlRow;
import jakarta.persistence.EntityManager;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.stream.Collectors;

/**
 * What {@link H2AggregateSql} and {@link PostgresAggregateSql} share: the lookups and inserts whose
 * text each dialect supplies ({@link Statements}) and whose rows are read here, by column name; the
 * rows of the tallies, in the column order of the statements; and the cleanup's subtraction, one
 * {@code MERGE} per table written from {@link AggregateTable} (it reads the same on both).
 */
abstract class AggregateStatements implements AggregateSql {

    /** Rows per VALUES source of the cleanup: small enough that PostgreSQL probes the target's index instead of scanning it. */
    static final int CHUNK = 100;

    /** The view group columns holding the values of a view's keys, one per key. */
    static final int KEY_COLUMNS = 8;

    // what the lookups select, read by name
    static final Columns EVENT_ID = new Columns("e.event_id");
    static final Columns GROUP_STATE =
            new Columns("g.id", "g.type", "g.checksum", "g.status", "g.resolved_at", "g.times_seen", "g.merged_into");
    static final Columns TAG_VALUE_ID = new Columns("t.id", "t.tag_key", "t.tag_value");
    static final Columns VIEW_GROUP_ID = new Columns("v.id", "v.view_id", "v.group_id", "v.key_hash");
    static final Columns NEXT_ID = new Columns("id");

    /** The statements whose text a dialect supplies: lookups, inserts, and the counters every dialect runs. */
    record Statements(
            BatchStatement existingEvents,
            BatchStatement insertEvents,
            BatchStatement insertEventTags,
            BatchStatement groupIds,
            BatchStatement tagValueIds,
            BatchStatement viewGroupIds,
            BatchStatement groupTags,
            BatchStatement groupHours,
            BatchStatement viewGroupHours) {}

    private final Statements statements;

    AggregateStatements(Statements statements) {
        this.statements = statements;
    }

    @Override
    public Set<String> existingEventIds(EntityManager em, long projectId, Collection<String> eventIds) {
        List<Object[]> rows = new ArrayList<>(eventIds.size());
        eventIds.forEach(id -> rows.add(new Object[] {projectId, id}));
        Set<String> existing = new HashSet<>();
        for (SqlRow row : EVENT_ID.rows(statements.existingEvents().fetch(em, rows))) {
            existing.add(row.text("event_id").trim());
        }
        return existing;
    }

    @Override
    public void insertEvents(EntityManager em, List<Object[]> rows) {
        statements.insertEvents().execute(em, rows);
    }

    @Override
    public void insertEventTags(EntityManager em, List<Object[]> rows) {
        statements.insertEventTags().execute(em, rows);
    }

    /** The groups that exist, with their state. */
    Map<Keys.Group, GroupBefore> readGroups(EntityManager em, long projectId, Collection<Keys.Group> groups) {
        Map<Keys.Group, GroupBefore> found = new HashMap<>();
        readGroupRows(em, projectId, groups).forEach((key, row) -> found.put(key, before(row)));
        return found;
    }

    private Map<Keys.Group, SqlRow> readGroupRows(EntityManager em, long projectId, Collection<Keys.Group> groups) {
        List<Object[]> keys = new ArrayList<>(groups.size());
        groups.forEach(key -> keys.add(new Object[] {projectId, key.type(), key.checksum()}));
        Map<Keys.Group, SqlRow> found = new HashMap<>();
        for (SqlRow row : GROUP_STATE.rows(statements.groupIds().fetch(em, keys))) {
            found.put(new Keys.Group(row.text("type"), row.text("checksum").trim()), row);
        }
        return found;
    }

    private static GroupBefore before(SqlRow row) {
        return new GroupBefore(
                row.number("id"),
                GroupStatus.ofColumn(row.value("status")),
                row.instant("resolved_at"),
                row.number("times_seen"));
    }

    /**
     * A batch's groups as they count: the tallies of a checksum whose group was merged into another
     * (an alias, {@code event_group.merged_into}) count into that group. The lookup that finds the
     * groups reads {@code merged_into} along; only a batch that meets an alias costs one more query.
     *
     * @param counted the tallies by the group they count into
     * @param before the state of every existing group of the batch, an alias's being its target's
     * @param ids the ids of the existing groups, an alias's being its target's
     */
    record Followed(
            SortedMap<Keys.Group, Tally.OfGroup> counted,
            Map<Keys.Group, GroupBefore> before,
            Map<Keys.Group, Long> ids) {}

    Followed follow(EntityManager em, long projectId, SortedMap<Keys.Group, Tally.OfGroup> groups) {
        Map<Keys.Group, SqlRow> rows = readGroupRows(em, projectId, groups.keySet());
        Map<Keys.Group, GroupBefore> before = new HashMap<>();
        Map<Keys.Group, Long> ids = new HashMap<>();
        Map<Keys.Group, Long> aliases = new HashMap<>();
        rows.forEach((key, row) -> {
            Long target = row.numberOrNull("merged_into");
            if (target == null) {
                before.put(key, before(row));
                ids.put(key, row.number("id"));
            } else {
                aliases.put(key, target);
            }
        });
        if (aliases.isEmpty()) {
            return new Followed(groups, before, ids);
        }
        List<Long> targetIds = new ArrayList<>(new java.util.TreeSet<>(aliases.values()));
        String list = Sql.placeholders(targetIds.size(), 1);
        Map<Long, Keys.Group> targetKeys = new HashMap<>();
        Map<Long, GroupBefore> targetStates = new HashMap<>();
        for (SqlRow row :
                GROUP_STATE.select(em, "FROM event_group g WHERE g.id IN (" + list + ")", targetIds.toArray())) {
            targetKeys.put(
                    row.number("id"),
                    new Keys.Group(row.text("type"), row.text("checksum").trim()));
            targetStates.put(row.number("id"), before(row));
        }
        SortedMap<Keys.Group, Tally.OfGroup> counted = new java.util.TreeMap<>(groups);
        aliases.forEach((alias, target) -> {
            Keys.Group targetKey = targetKeys.get(target);
            if (targetKey == null) {
                return; // the target went (the cleanup): the alias's own row counts the events
            }
            counted.merge(targetKey, counted.remove(alias), Tally.OfGroup::plus);
            before.put(alias, targetStates.get(target));
            before.put(targetKey, targetStates.get(target));
            ids.put(alias, target);
            ids.put(targetKey, target);
        });
        aliases.keySet().stream().filter(alias -> !ids.containsKey(alias)).forEach(alias -> {
            before.put(alias, before(rows.get(alias)));
            ids.put(alias, rows.get(alias).number("id"));
        });
        return new Followed(counted, before, ids);
    }

    /** The ids of those of the groups that exist. */
    Map<Keys.Group, Long> readGroupIds(EntityManager em, long projectId, Collection<Keys.Group> groups) {
        Map<Keys.Group, Long> ids = new HashMap<>();
        readGroups(em, projectId, groups).forEach((key, state) -> ids.put(key, state.id()));
        return ids;
    }

    /**
     * A group's values in the column order project_id, type, checksum, message, culprit, level, tallies, score,
     * search_words;
     * without its counts ({@code counted} false: times seen and time spent zero) for a row created before it is counted.
     */
    static Object[] groupRow(long projectId, Keys.Group key, Tally.OfGroup t, boolean counted) {
        return new Object[] {
            projectId,
            key.type(),
            key.checksum(),
            t.message,
            t.culprit,
            t.level,
            counted ? t.count : 0L,
            t.first,
            t.last,
            counted ? t.timeSpentTotal : 0.0,
            counted ? t.timeSpentCount : 0L,
            t.timeSpentMax,
            t.score(),
            t.searchWords
        };
    }

    /** A tag value's values in the column order project_id, tag_key, tag_value, times_seen, first_seen, last_seen. */
    static Object[] tagValueRow(long projectId, Keys.Tag key, Tally t, boolean counted) {
        return new Object[] {projectId, key.key(), key.value(), counted ? t.count : 0L, t.first, t.last};
    }

    /** The ids of those of the tag values that exist. */
    Map<Keys.Tag, Long> readTagValueIds(EntityManager em, long projectId, Collection<Keys.Tag> tags) {
        List<Object[]> keys = new ArrayList<>(tags.size());
        tags.forEach(key -> keys.add(new Object[] {projectId, key.key(), key.value()}));
        Map<Keys.Tag, Long> ids = new HashMap<>();
        for (SqlRow row : TAG_VALUE_ID.rows(statements.tagValueIds().fetch(em, keys))) {
            ids.put(new Keys.Tag(row.text("tag_key"), row.text("tag_value")), row.number("id"));
        }
        return ids;
    }

    @Override
    public void countGroupTags(EntityManager em, SortedMap<Keys.GroupTag, Tally.OfGroupTag> tags) {
        List<Object[]> rows = new ArrayList<>(tags.size());
        tags.forEach(
                (key, t) -> rows.add(new Object[] {key.groupId(), key.tagValueId(), t.key, t.count, t.first, t.last}));
        statements.groupTags().execute(em, rows);
    }

    /** The ids of those of the view groups that exist. */
    Map<Keys.ViewGroup, Long> readViewGroupIds(EntityManager em, Collection<Keys.ViewGroup> viewGroups) {
        List<Object[]> keys = new ArrayList<>(viewGroups.size());
        viewGroups.forEach(key -> keys.add(new Object[] {key.viewId(), key.groupId(), key.keyHash()}));
        Map<Keys.ViewGroup, Long> ids = new HashMap<>();
        for (SqlRow row : VIEW_GROUP_ID.rows(statements.viewGroupIds().fetch(em, keys))) {
            ids.put(viewGroupKey(row), row.number("id"));
        }
        return ids;
    }

    /** The key of a view group row read with its view_id, group_id and key_hash. */
    static Keys.ViewGroup viewGroupKey(SqlRow row) {
        return new Keys.ViewGroup(
                row.number("view_id"),
                row.number("group_id"),
                row.text("key_hash").trim());
    }

    /** A view group's values in the column order view_id, group_id, key_hash, key_values, tallies, k1..k8. */
    static Object[] viewGroupRow(Keys.ViewGroup key, Tally.OfViewGroup t, boolean counted) {
        Object[] tallies = {
            key.viewId(),
            key.groupId(),
            key.keyHash(),
            t.keyValues,
            counted ? t.count : 0L,
            t.first,
            t.last,
            counted ? t.timeSpentTotal : 0.0,
            counted ? t.timeSpentCount : 0L,
            t.timeSpentMax,
            t.score()
        };
        // k1..k8: the values of the view's keys, null past its last key
        Object[] values = t.values.toArray(new Object[KEY_COLUMNS]);
        Object[] row = java.util.Arrays.copyOf(tallies, tallies.length + KEY_COLUMNS);
        System.arraycopy(values, 0, row, tallies.length, KEY_COLUMNS);
        return row;
    }

    @Override
    public void countGroupHours(EntityManager em, SortedMap<Keys.Hour, Tally> hours) {
        statements.groupHours().execute(em, hourRows(hours));
    }

    @Override
    public void countViewGroupHours(EntityManager em, SortedMap<Keys.Hour, Tally> hours) {
        statements.viewGroupHours().execute(em, hourRows(hours));
    }

    private static List<Object[]> hourRows(SortedMap<Keys.Hour, Tally> hours) {
        List<Object[]> rows = new ArrayList<>(hours.size());
        hours.forEach((key, t) -> rows.add(new Object[] {key.owner(), key.start(), t.count}));
        return rows;
    }

    // ---- subtracting

    /**
     * One {@code MERGE} per chunk of shares, from the table's layout; {@code MERGE ... USING} works
     * alike on H2 2.x and PostgreSQL 15+, and each source has one row per target row.
     */
    @Override
    public void subtract(EntityManager em, AggregateTable table, List<Object[]> shares) {
        if (shares.isEmpty()) {
            return;
        }
        int keyWidth = table.key().size();
        List<Object[]> sorted = new ArrayList<>(shares);
        sorted.sort(byKey(keyWidth));
        if (table.lockedBeforeSubtracting()) {
            lockInOrder(em, table, sorted);
        }
        List<AggregateTable.Column> columns = table.shareColumns();
        String[] types = columns.stream().map(AggregateTable.Column::type).toArray(String[]::new);
        String names = columns.stream().map(AggregateTable.Column::name).collect(Collectors.joining(", "));
        String on = table.key().stream()
                .map(c -> "t." + c.name() + " = d." + c.name())
                .collect(Collectors.joining(" AND "));
        String emptied = table.deletedWhenEmpty() ? " WHEN MATCHED AND t.times_seen <= d.times_seen THEN DELETE" : "";
        for (List<Object[]> chunk : chunks(sorted, CHUNK)) {
            Sql.bind(
                            em.createNativeQuery("MERGE INTO " + table.table() + " t USING "
                                    + Sql.values(chunk.size(), types) + " d(" + names + ") ON " + on + emptied
                                    + " WHEN MATCHED THEN UPDATE SET " + table.subtracted()),
                            flatten(chunk))
                    .executeUpdate();
        }
    }

    /**
     * Locks the rows of {@code shares} (sorted by key) before the set-based statements change them in
     * whatever order their plan visits them, where the database needs it.
     */
    abstract void lockInOrder(EntityManager em, AggregateTable table, List<Object[]> shares);

    /** Shares ordered by their first {@code width} values (ids, then an hour). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparator<Object[]> byKey(int width) {
        return (a, b) -> {
            for (int i = 0; i < width; i++) {
                int c = ((Comparable) a[i]).compareTo(b[i]);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
    }

    static Object[] flatten(List<Object[]> rows) {
        List<Object> all = new ArrayList<>();
        for (Object[] row : rows) {
            all.addAll(java.util.Arrays.asList(row));
        }
        return all.toArray();
    }

    static <T> List<List<T>> chunks(List<T> list, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < list.size(); i += size) {
            chunks.add(list.subList(i, Math.min(list.size(), i + size)));
        }
        return chunks;
    }

    /** The ids a {@code nextIds} query answered (its one column is {@code id}). */
    static List<Long> ids(List<?> values) {
        List<Long> ids = new ArrayList<>(values.size());
        NEXT_ID.rows(values).forEach(row -> ids.add(row.number("id")));
        return ids;
    }

    static OffsetDateTime hour(OffsetDateTime time) {
        return time.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    }
}
