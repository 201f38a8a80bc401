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
    static final Columns GROUP_STATE = new Columns(
            "g.id",
            "g.type",
            "g.checksum",
            "g.status",
            "g.resolved_at",
            "g.times_seen",
            "g.merged_into",
            "g.resolved_in_release");
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
                row.number("times_seen"),
                row.text("resolved_in_release"));
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
            Map<Keys.Group, Long> ids,
            Set<Long> keptResolved) {}

    Followed follow(EntityManager em, long projectId, SortedMap<Keys.Group, Tally.OfGroup> groups) {
        Followed followed = followAliases(em, projectId, groups);
        return new Followed(
                followed.counted(),
                followed.before(),
                followed.ids(),
                keptResolved(em, projectId, followed.counted(), followed.before()));
    }

    /**
     * Which groups resolved in a release stay resolved: those none of whose batch events is of a newer
     * release than the one they were resolved in (events without a release never reopen them). Marks
     * their tallies ({@link Tally.OfGroup#keepsResolved}); reads the first events of the releases only
     * when a batch meets such a group and a release that is not a semantic version.
     */
    private static Set<Long> keptResolved(
            EntityManager em,
            long projectId,
            SortedMap<Keys.Group, Tally.OfGroup> counted,
            Map<Keys.Group, GroupBefore> before) {
        Set<Long> kept = new HashSet<>();
        ReleaseOrder order = null;
        for (Map.Entry<Keys.Group, Tally.OfGroup> group : counted.entrySet()) {
            GroupBefore state = before.get(group.getKey());
            if (state == null || state.status() != GroupStatus.RESOLVED || state.resolvedInRelease() == null) {
                continue;
            }
            if (order == null) {
                order = new ReleaseOrder(firstSeen(em, projectId));
            }
            ReleaseOrder releases = order;
            if (group.getValue().releases.stream().noneMatch(r -> releases.newer(r, state.resolvedInRelease()))) {
                group.getValue().keepsResolved = true;
                kept.add(state.id());
            }
        }
        return kept;
    }

    /** The first event of a project's release, read once per release (empty: none yet). */
    static java.util.function.Function<String, java.util.Optional<java.time.Instant>> firstSeen(
            EntityManager em, long projectId) {
        Map<String, java.util.Optional<java.time.Instant>> read = new HashMap<>();
        return version -> read.computeIfAbsent(version, v -> {
            List<?> found = em.createNativeQuery(
                            "SELECT first_seen FROM project_release WHERE project_id = ?1 AND version = ?2")
                    .setParameter(1, projectId)
                    .setParameter(2, v)
                    .getResultList();
            return found.isEmpty()
                    ? java.util.Optional.empty()
                    : java.util.Optional.of(
                            io.lookout.schema.SqlRow.timeOf(found.get(0)).toInstant());
        });
    }

    private Followed followAliases(EntityManager em, long projectId, SortedMap<Keys.Group, Tally.OfGroup> groups) {
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
            return new Followed(groups, before, ids, Set.of());
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
        return new Followed(counted, before, ids, Set.of());
    }

    /** The ids of those of the groups that exist. */
    Map<Keys.Group, Long> readGroupIds(EntityManager em, long projectId, Collection<Keys.Group> groups) {
        Map<Keys.Group, Long> ids = new HashMap<>();
        readGroups(em, projectId, groups).forEach((key, state) -> ids.put(key, state.id()));
        return ids;
    }

    /**
     * A group's values in the column order project_id, type, checksum, message, culprit, level, tallies, score,
     * first_release, last_release, the status the batch leaves it in if it was resolved (unresolved
     * unless {@link Tally.OfGroup#keepsResolved}), search_words; without its counts ({@code counted} false: times
     * seen and time spent zero) for a row created before it is counted.
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
            t.firstRelease,
            t.lastRelease,
            (t.keepsResolved ? GroupStatus.RESOLVED : GroupStatus.UNRESOLVED).wireName(),
            t.searchWords
        };
    }

    /**
     * The release columns of a group's update ({@code a} the row, {@code b} the batch's): the first release
     * moves to the batch's when the batch has an earlier event (or the row none yet), the last when a later.
     */
    static String releases(String a, String b) {
        return "first_release = CASE WHEN " + b + ".first_release IS NOT NULL AND (" + a + ".first_release IS NULL OR "
                + b + ".first_seen < " + a + ".first_seen) THEN " + b + ".first_release ELSE " + a
                + ".first_release END,"
                + " last_release = CASE WHEN " + b + ".last_release IS NOT NULL AND (" + a + ".last_release IS NULL OR "
                + b + ".last_seen >= " + a + ".last_seen) THEN " + b + ".last_release ELSE " + a + ".last_release END";
    }

    /**
     * Whether the batch reopens the row ({@code a}): it is resolved, and either not in a release or the batch's
     * {@code status} (the status it leaves a resolved group in, {@link #groupRow}) is not resolved.
     */
    static String reopens(String a, String b) {
        return "(" + a + ".status = " + GroupStatus.RESOLVED.sql() + " AND (" + a + ".resolved_in_release IS NULL OR "
                + b + ".status <> " + GroupStatus.RESOLVED.sql() + "))";
    }

    /** A release's values in the column order project_id, version, times_seen, first_seen, last_seen, new_groups. */
    static List<Object[]> releaseRows(long projectId, SortedMap<String, Tally.OfRelease> releases) {
        List<Object[]> rows = new ArrayList<>(releases.size());
        releases.forEach(
                (version, t) -> rows.add(new Object[] {projectId, version, t.count, t.first, t.last, t.newGroups}));
        return rows;
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
    public Map<Long, Long> countGroupTags(EntityManager em, SortedMap<Keys.GroupTag, Tally.OfGroupTag> tags) {
        List<Object[]> rows = new ArrayList<>(tags.size());
        List<Object[]> users = new ArrayList<>();
        tags.forEach((key, t) -> {
            rows.add(new Object[] {key.groupId(), key.tagValueId(), t.key, t.count, t.first, t.last});
            if (USER_KEY.equals(t.key)) {
                users.add(new Object[] {key.groupId(), key.tagValueId()});
            }
        });
        return writeGroupTags(em, rows, users);
    }

    /**
     * Adds the distribution rows ({@code group_id, tag_value_id, tag_key, times_seen, first_seen, last_seen}).
     *
     * @param users the keys ({@code group_id, tag_value_id}) of those of the rows whose key is {@value #USER_KEY}
     * @return per group, how many of the user rows were created
     */
    abstract Map<Long, Long> writeGroupTags(EntityManager em, List<Object[]> rows, List<Object[]> users);

    /** Per group (the first value of each row), the sum of the second. */
    static Map<Long, Long> perGroup(List<Object[]> rows) {
        Map<Long, Long> counts = new java.util.TreeMap<>();
        for (Object[] row : rows) {
            long n = ((Number) row[1]).longValue();
            if (n != 0) {
                counts.merge(((Number) row[0]).longValue(), n, Long::sum);
            }
        }
        return counts;
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
        List<Object[]> sorted = lockedShares(em, table, shares);
        subtractSorted(em, table, sorted);
    }

    /**
     * The user rows a share empties are counted after the rows are locked (PostgreSQL) and before they go:
     * what is counted is what the subtraction deletes.
     */
    @Override
    public Map<Long, Long> subtractGroupTags(EntityManager em, List<Object[]> shares) {
        if (shares.isEmpty()) {
            return Map.of();
        }
        AggregateTable table = AggregateTable.GROUP_TAG_VALUE;
        List<Object[]> sorted = lockedShares(em, table, shares);
        List<Object[]> emptied = new ArrayList<>();
        for (List<Object[]> chunk : chunks(sorted, CHUNK)) {
            List<?> found = Sql.bind(
                            em.createNativeQuery("SELECT gt.group_id, COUNT(*) FROM group_tag_value gt JOIN "
                                    + Sql.values(chunk.size(), "BIGINT", "BIGINT", "BIGINT")
                                    + " d(group_id, tag_value_id, times_seen) ON gt.group_id = d.group_id"
                                    + " AND gt.tag_value_id = d.tag_value_id WHERE gt.tag_key = '" + USER_KEY
                                    + "' AND gt.times_seen <= d.times_seen GROUP BY gt.group_id"),
                            flatten(chunk))
                    .getResultList();
            for (Object row : found) {
                emptied.add((Object[]) row);
            }
        }
        subtractSorted(em, table, sorted);
        return perGroup(emptied);
    }

    @Override
    public void subtractUsers(EntityManager em, Map<Long, Long> users) {
        new java.util.TreeMap<>(users)
                .forEach((groupId, n) -> em.createNativeQuery(
                                "UPDATE event_group SET users = CASE WHEN users > ?1 THEN users - ?1 ELSE 0 END WHERE id = ?2")
                        .setParameter(1, n)
                        .setParameter(2, groupId)
                        .executeUpdate());
    }

    private List<Object[]> lockedShares(EntityManager em, AggregateTable table, List<Object[]> shares) {
        List<Object[]> sorted = new ArrayList<>(shares);
        sorted.sort(byKey(table.key().size()));
        if (table.lockedBeforeSubtracting()) {
            lockInOrder(em, table, sorted);
        }
        return sorted;
    }

    private void subtractSorted(EntityManager em, AggregateTable table, List<Object[]> sorted) {
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
