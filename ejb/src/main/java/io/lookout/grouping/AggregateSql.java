package io.lookout.grouping;

import io.lookout.schema.DatabaseVendor;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * The database seam of the aggregates: every statement that differs between H2 and PostgreSQL, in
 * one place — the batched writes of ingestion (adding), the cleanup's (subtracting), and the few
 * vendor-specific statements besides. {@link H2AggregateSql} and {@link PostgresAggregateSql}
 * implement it; {@link AggregateSqlChoice} chooses one once, by the schema's vendor, and CDI
 * injects it. Nothing outside them asks which database it runs on.
 *
 * <p>The tables and the counters that adding and subtracting touch are described once, in
 * {@link AggregateTable}. All statements run on the caller's entity manager, in its transaction.
 *
 * <p>The ingest side ({@code prepare...}, {@code count...}) takes the store's own tallies: only
 * {@link EventStore} calls it. It asks for the rows of groups, tag values and view groups first
 * (their ids, creating missing rows) and for the counters last (in the order of
 * {@link AggregateTable}, each table's rows by id). A dialect chooses when the counts go in: H2,
 * with one writer, at once in the {@code MERGE} of {@code prepare...}; PostgreSQL, with two
 * writers, last, so the row locks of the hot rows are held only from the counting to the commit.
 * Every counter changes by SQL arithmetic on the row ({@code times_seen = times_seen + n}), never
 * by a value read earlier, so concurrent writers on one hot group never lose counts.
 */
public interface AggregateSql {

    /** The implementation for the vendor: called once, by {@link AggregateSqlChoice} (and tests). */
    static AggregateSql of(DatabaseVendor vendor) {
        return switch (vendor) {
            case H2 -> new H2AggregateSql();
            case POSTGRESQL -> new PostgresAggregateSql();
        };
    }

    /**
     * How many ingest transactions may write at once by default: one on H2 (in-process, and its
     * {@code MERGE} cannot wait for a concurrent insert), two on PostgreSQL.
     */
    int writers();

    // ---- adding: ingestion (EventStore)

    /** Called at the start of each store and view count, in the caller's transaction. */
    void begin(EntityManager em);

    /** Those of the events' ids that the project has stored already. */
    Set<String> existingEventIds(EntityManager em, long projectId, Collection<String> eventIds);

    /** {@code n} new ids from a sequence, in one statement. */
    List<Long> nextIds(EntityManager em, String sequence, int n);

    /**
     * The full-text condition of a free word (docs/architecture.md, "Full-text search of groups"):
     * each of {@code words} (made by {@link SearchText#ofQueryWord}, not empty) starts a word of the
     * {@code event_group} row {@code alias}'s {@code search_words}. PostgreSQL asks its GIN index, H2
     * compares the words: the same answers.
     */
    void wordsCondition(io.lookout.schema.Sql sql, String alias, List<String> words);

    void insertEvents(EntityManager em, List<Object[]> rows);

    void insertEventTags(EntityManager em, List<Object[]> rows);

    /**
     * The groups' ids, creating missing groups, and the state the existing ones had before this batch
     * (the alerts' triggers: a group created, a resolved group seen again). A checksum whose group was
     * merged into another ({@code merged_into}) counts into that group.
     */
    PreparedGroups prepareGroups(EntityManager em, long projectId, SortedMap<Keys.Group, Tally.OfGroup> groups);

    /** Adds the groups' tallies, unless {@link #prepareGroups} did. */
    void countGroups(
            EntityManager em, long projectId, SortedMap<Keys.Group, Tally.OfGroup> groups, Map<Keys.Group, Long> ids);

    /** The tag values' ids, creating missing ones. */
    Map<Keys.Tag, Long> prepareTagValues(EntityManager em, long projectId, SortedMap<Keys.Tag, Tally> tags);

    /** Adds the tag values' tallies, unless {@link #prepareTagValues} did. */
    void countTagValues(EntityManager em, long projectId, SortedMap<Keys.Tag, Tally> tags, Map<Keys.Tag, Long> ids);

    /**
     * Adds the groups' distribution tallies.
     *
     * @return per group, how many of its rows of key {@value #USER_KEY} this created: the users it gained
     *     (docs/architecture.md, <i>Users affected</i>)
     */
    Map<Long, Long> countGroupTags(EntityManager em, SortedMap<Keys.GroupTag, Tally.OfGroupTag> tags);

    /** The tag whose distinct values per group are the group's users affected. */
    String USER_KEY = "user";

    /**
     * The view groups' ids, creating missing ones, and which of them existed before (the others are
     * new: a new-group alert scoped to a view fires for them).
     */
    PreparedViewGroups prepareViewGroups(EntityManager em, SortedMap<Keys.ViewGroup, Tally.OfViewGroup> viewGroups);

    /** Adds the view groups' tallies, unless {@link #prepareViewGroups} did. */
    void countViewGroups(
            EntityManager em, SortedMap<Keys.ViewGroup, Tally.OfViewGroup> viewGroups, Map<Keys.ViewGroup, Long> ids);

    /** Adds counts to the groups' hourly rows. */
    void countGroupHours(EntityManager em, SortedMap<Keys.Hour, Tally> hours);

    /** Adds counts to the view groups' hourly rows. */
    void countViewGroupHours(EntityManager em, SortedMap<Keys.Hour, Tally> hours);

    /** Adds to the project's count of scrubbed values ({@code project_scrub_count}). */
    void addScrubbedValues(EntityManager em, long projectId, long scrubbed);

    // ---- subtracting: the cleanup (retention)

    /**
     * Takes shares out of a table's rows: each share is the row's key and the counts to subtract
     * ({@link AggregateTable#key()}, then {@link AggregateTable#counters()}). Where the database needs
     * it the rows are first locked in key order (PostgreSQL: ingestion locks the same rows by id); rows
     * left at zero are deleted when the table says so ({@link AggregateTable#deletedWhenEmpty()}).
     */
    void subtract(EntityManager em, AggregateTable table, List<Object[]> shares);

    /**
     * {@link #subtract} for {@link AggregateTable#GROUP_TAG_VALUE}.
     *
     * @return per group, how many of its rows of key {@value #USER_KEY} this deleted: the users it lost
     */
    Map<Long, Long> subtractGroupTags(EntityManager em, List<Object[]> shares);

    /** Takes users from groups (their rows locked by the caller, or locked here in id order). */
    void subtractUsers(EntityManager em, Map<Long, Long> users);

    // ---- the queries that differ

    /**
     * How many distinct values of {@code k1} (null counting as one) the view's view groups of
     * non-ignored groups have, counted without aggregating the whole view.
     *
     * @return the number when it is below {@code limit}, otherwise a number of at least {@code limit}
     */
    long firstKeyValues(EntityManager em, long viewId, int limit);

    /** A group as it was before the batch counted into it (read before the batch locked it). */
    record GroupBefore(long id, GroupStatus status, Instant resolvedAt, long timesSeen, String resolvedInRelease) {}

    /**
     * The ids of a batch's groups, and the state of those that existed before it (absent: created now);
     * a checksum whose group was merged into another has that group's id and state. {@code counted}: the
     * batch's tallies by the group they count into ({@link #countGroups} takes these). {@code keptResolved}:
     * the ids of groups resolved in a release that the batch leaves resolved (none of its events is of a
     * newer release).
     */
    record PreparedGroups(
            Map<Keys.Group, Long> ids,
            Map<Keys.Group, GroupBefore> before,
            SortedMap<Keys.Group, Tally.OfGroup> counted,
            Set<Long> keptResolved) {}

    /** Adds the batch's counts to the project's releases ({@code project_release}), one row per release. */
    void countReleases(EntityManager em, long projectId, SortedMap<String, Tally.OfRelease> releases);

    /** The ids of a batch's view groups, and the keys of those that existed before it. */
    record PreparedViewGroups(Map<Keys.ViewGroup, Long> ids, Set<Keys.ViewGroup> existed) {}
}
