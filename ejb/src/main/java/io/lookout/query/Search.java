package io.lookout.query;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.grouping.AggregateSql;
import io.lookout.grouping.GroupStatus;
import io.lookout.grouping.SearchText;
import io.lookout.grouping.StoredEvent;
import io.lookout.project.Project;
import io.lookout.query.language.AssignedTerm;
import io.lookout.query.language.BookmarkedTerm;
import io.lookout.query.language.HasTerm;
import io.lookout.query.language.Query;
import io.lookout.query.language.QueryParser;
import io.lookout.query.language.QuerySyntaxException;
import io.lookout.query.language.StatusTerm;
import io.lookout.query.language.TagTerm;
import io.lookout.query.language.Term;
import io.lookout.query.language.TextTerm;
import io.lookout.query.language.TimeTerm;
import io.lookout.query.language.TypeTerm;
import io.lookout.query.language.WildcardTerm;
import io.lookout.schema.Columns;
import io.lookout.schema.Sql;
import io.lookout.schema.SqlRow;
import io.lookout.security.ProjectAccess;
import io.lookout.views.View;
import io.lookout.views.Views;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Lists of events and groups filtered by the query language, sorted, cursor-paginated.
 *
 * <p>Events match a tag term when they carry that tag value (the {@code event_tag} links); groups
 * and view groups when any of their events does (the {@code group_tag_value} counts) — except for
 * a view's own keys, which are the view group's values themselves. Every value is a bound
 * parameter.
 */
@ApplicationScoped
public class Search {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;
    /** Tags every event has, set by the server from columns rather than links. */
    static final Set<String> SERVER_TAGS = Set.of("project", "type");
    /** Sort name → column of the (view) group row. */
    static final Map<String, String> SORTS = Map.of(
            "score",
            "score",
            "lastSeen",
            "last_seen",
            "firstSeen",
            "first_seen",
            "count",
            "times_seen",
            "users",
            "users");
    /** A list's order: the id and every sort column, for the keyset cursor. */
    private static final Columns LIST_ORDER_OF_GROUPS =
            new Columns("g.id", "g.score", "g.last_seen", "g.first_seen", "g.times_seen", "g.users");

    private static final Columns LIST_ORDER_OF_VIEW_GROUPS =
            new Columns("vg.id", "vg.score", "vg.last_seen", "vg.first_seen", "vg.times_seen", "g.users");

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private ProjectAccess access;

    @Inject
    private Views views;

    @Inject
    private AggregateSql database;

    /** The time relative time terms count back from, for one statement. */
    private Instant now() {
        return Instant.now();
    }

    /** Newest first. */
    public EventList events(long projectId, String queryText, String cursorText, Integer limitParam) throws Problem {
        Project project = readable(projectId);
        Query query = parse(queryText);
        int limit = limit(limitParam);
        Sql sql = new Sql("SELECT e.* FROM event e WHERE e.project_id = ").value(projectId);
        for (Term term : query.terms()) {
            sql.sql(" AND ");
            eventCondition(sql, project, term);
        }
        if (cursorText != null) {
            sql.sql(" AND e.id < ").value((long) Cursor.decode(cursorText, "id").value());
        }
        sql.sql(" ORDER BY e.id DESC").limit(limit + 1);
        @SuppressWarnings("unchecked")
        List<StoredEvent> rows = sql.query(em, StoredEvent.class).getResultList();
        List<EventDetail> events =
                rows.stream().limit(limit).map(EventDetail::of).toList();
        String next = null;
        if (rows.size() > limit) {
            long last = rows.get(limit - 1).getId();
            next = new Cursor("id", last, last).encode();
        }
        return new EventList(events, next);
    }

    /**
     * Groups of a project, or the view groups of one of its views: the page's ids, then its rows
     * in one statement (and, for view groups, their hourly counts in one more), never one per row.
     *
     * @param viewSlug a view's slug, or null for the project's groups
     * @param status the status, or null: every status but ignored
     */
    public GroupList groups(
            long projectId,
            String viewSlug,
            String queryText,
            String sortParam,
            GroupStatus status,
            String cursorText,
            Integer limitParam)
            throws Problem {
        GroupIds page = groupIds(projectId, viewSlug, queryText, sortParam, status, cursorText, limitParam);
        List<GroupSummary> rows = page.view() == null
                ? details().groups(page.ids())
                : GroupDetails.inOrder(
                        page.ids(),
                        details().viewGroups(page.ids(), Map.of(page.view().getId(), page.viewKeys())));
        return new GroupList(rows, page.nextCursor());
    }

    /**
     * The same list as {@link #groups}, as rows for a page: two more statements for the whole page
     * (the rows, their last 24 hourly counts), none per row.
     */
    public GroupRows.Page groupRows(
            long projectId,
            String viewSlug,
            String queryText,
            String sortParam,
            GroupStatus status,
            String cursorText,
            Integer limitParam)
            throws Problem {
        GroupIds page = groupIds(projectId, viewSlug, queryText, sortParam, status, cursorText, limitParam);
        return new GroupRows.Page(
                GroupRows.load(em, page.ids(), page.view() != null), page.viewKeys(), page.nextCursor());
    }

    /** One page of (view) group ids in list order, and the cursor of the next page (null at the end). */
    record GroupIds(List<Long> ids, View view, List<String> viewKeys, String nextCursor) {}

    private GroupIds groupIds(
            long projectId,
            String viewSlug,
            String queryText,
            String sortParam,
            GroupStatus status,
            String cursorText,
            Integer limitParam)
            throws Problem {
        Project project = readable(projectId);
        Query query = parse(queryText);
        int limit = limit(limitParam);
        String sort = sortParam == null || sortParam.isBlank() ? "score" : sortParam;
        String column = SORTS.get(sort);
        if (column == null) {
            throw Problem.invalid("sort", ProblemCode.ONE_OF, "score, lastSeen, firstSeen, count, users");
        }
        View view = null;
        List<String> viewKeys = List.of();
        String table;
        Sql sql;
        if (viewSlug == null || viewSlug.isBlank()) {
            table = "g";
            // a group merged into another (an alias) is not listed
            sql = Sql.select(LIST_ORDER_OF_GROUPS, "FROM event_group g WHERE g.project_id = ")
                    .value(projectId)
                    .sql(" AND g.merged_into IS NULL");
        } else {
            view = views.find(projectId, viewSlug)
                    .orElseThrow(() -> Problem.notFound(ProblemCode.NO_VIEW, viewSlug, projectId));
            viewKeys = Views.keys(view);
            table = "vg";
            sql = Sql.select(
                            LIST_ORDER_OF_VIEW_GROUPS,
                            "FROM view_group vg JOIN event_group g ON g.id = vg.group_id" + " WHERE vg.view_id = ")
                    .value(view.getId());
        }
        filter(sql, project, query, viewKeys, status);
        // users are the group's, a view group's too (event_group_users_idx: project_id, users)
        String sortColumn = ("users".equals(sort) ? "g" : table) + "." + column;
        if (cursorText != null) {
            Cursor cursor = Cursor.decode(cursorText, sort);
            Object value = sortValue(sort, cursor.value());
            // the bound alone first: the index on (project, sort column) then starts at the cursor
            // (an OR alone is a filter over every row before it; EXPLAIN in docs/architecture.md)
            sql.sql(" AND " + sortColumn + " <= ")
                    .value(value)
                    .sql(" AND (" + sortColumn + " < ")
                    .value(value)
                    .sql(" OR (" + sortColumn + " = ")
                    .value(value)
                    .sql(" AND " + table + ".id < ")
                    .value(cursor.id())
                    .sql("))");
        }
        sql.sql(" ORDER BY " + sortColumn + " DESC, " + table + ".id DESC").limit(limit + 1);
        List<SqlRow> rows = sql.rows(em);

        List<Long> ids = rows.subList(0, Math.min(limit, rows.size())).stream()
                .map(row -> row.number("id"))
                .toList();
        String next = null;
        if (rows.size() > limit) {
            SqlRow last = rows.get(limit - 1);
            next = new Cursor(sort, cursorValue(sort, last), last.number("id")).encode();
        }
        return new GroupIds(ids, view, viewKeys, next);
    }

    /**
     * How many (view) groups the list of {@link #groupRows} holds, counted up to {@code cap} + 1:
     * the count walks the same index as the list ({@code project_id} or {@code view_id} first) and
     * stops there, so a project with millions of groups costs no more than one with {@code cap}.
     *
     * @return the number of groups, or {@code cap + 1} when there are more than {@code cap}
     */
    public long groupCount(long projectId, String viewSlug, String queryText, GroupStatus status, int cap)
            throws Problem {
        Project project = readable(projectId);
        Query query = parse(queryText);
        List<String> viewKeys = List.of();
        Sql sql;
        if (viewSlug == null || viewSlug.isBlank()) {
            sql = new Sql("SELECT COUNT(*) FROM (SELECT g.id FROM event_group g WHERE g.project_id = ")
                    .value(projectId)
                    .sql(" AND g.merged_into IS NULL");
        } else {
            View view = views.find(projectId, viewSlug)
                    .orElseThrow(() -> Problem.notFound(ProblemCode.NO_VIEW, viewSlug, projectId));
            viewKeys = Views.keys(view);
            sql = new Sql(
                            "SELECT COUNT(*) FROM (SELECT vg.id FROM view_group vg JOIN event_group g ON g.id = vg.group_id"
                                    + " WHERE vg.view_id = ")
                    .value(view.getId());
        }
        filter(sql, project, query, viewKeys, status);
        sql.limit(cap + 1).sql(") counted");
        return ((Number) sql.query(em).getSingleResult()).longValue();
    }

    /** The list's conditions after its project or view: the status (ignored ones only when asked for) and the query's terms. */
    private void filter(Sql sql, Project project, Query query, List<String> viewKeys, GroupStatus status) {
        boolean statusGiven = status != null || query.terms().stream().anyMatch(StatusTerm.class::isInstance);
        if (status != null) {
            sql.sql(" AND g.status = ").value(status.wireName());
        } else if (!statusGiven) {
            sql.sql(" AND g.status <> " + GroupStatus.IGNORED.sql());
        }
        for (Term term : query.terms()) {
            sql.sql(" AND ");
            groupCondition(sql, project, viewKeys, term);
        }
    }

    @Inject
    private GroupDetails groupDetails;

    private GroupDetails details() {
        return groupDetails;
    }

    /** The project, if the caller may read it; otherwise "not found". */
    public Project readable(long projectId) throws Problem {
        Project project = em.find(Project.class, projectId);
        if (project == null || !access.mayRead(projectId)) {
            throw Problem.notFound(ProblemCode.NO_PROJECT, projectId);
        }
        return project;
    }

    static Query parse(String text) throws Problem {
        if (text == null) {
            return Query.EMPTY;
        }
        try {
            return QueryParser.parse(text);
        } catch (QuerySyntaxException e) {
            throw Problem.invalid("query", e.code(), e.arguments());
        }
    }

    private static int limit(Integer limit) throws Problem {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw Problem.invalid("limit", ProblemCode.BETWEEN, 1, MAX_LIMIT);
        }
        return limit;
    }

    private void eventCondition(Sql sql, Project project, Term term) {
        if (term instanceof TagTerm tag) {
            tagCondition(
                    sql,
                    project,
                    tag,
                    "EXISTS (SELECT 1 FROM event_tag et WHERE et.event_id = e.id AND et.tag_value_id = ");
        } else if (term instanceof HasTerm has) {
            if (SERVER_TAGS.contains(has.key())) {
                sql.sql(has.negated() ? "1 = 0" : "1 = 1");
            } else {
                sql.sql(has.negated() ? "NOT " : "")
                        .sql("EXISTS (SELECT 1 FROM event_tag et JOIN tag_value tv ON tv.id = et.tag_value_id"
                                + " WHERE et.event_id = e.id AND tv.tag_key = ")
                        .value(has.key())
                        .sql(")");
            }
        } else if (term instanceof TypeTerm type) {
            sql.sql(type.negated() ? "e.type <> " : "e.type = ").value(type.type());
        } else if (term instanceof StatusTerm status) {
            sql.sql(status.negated() ? "NOT " : "")
                    .sql("EXISTS (SELECT 1 FROM event_group sg WHERE sg.id = e.group_id AND sg.status = ")
                    .value(status.status().wireName())
                    .sql(")");
        } else if (term instanceof AssignedTerm || term instanceof BookmarkedTerm) {
            sql.sql("EXISTS (SELECT 1 FROM event_group sg WHERE sg.id = e.group_id AND ");
            personalCondition(sql, "sg", term);
            sql.sql(")");
        } else if (term instanceof WildcardTerm wildcard) {
            wildcardCondition(
                    sql,
                    project,
                    wildcard,
                    "EXISTS (SELECT 1 FROM event_tag et WHERE et.event_id = e.id AND et.tag_value_id IN (");
        } else if (term instanceof TimeTerm time) {
            // an event has one time: lastSeen and firstSeen both mean it
            sql.sql(time.negated() ? "NOT " : "")
                    .sql("e.occurred_at " + time.comparison().sql() + " ")
                    .value(time.bound(now()).atOffset(ZoneOffset.UTC));
        } else if (term instanceof TextTerm text) {
            sql.sql(text.negated() ? "NOT " : "")
                    .sql("LOWER(e.message) LIKE ")
                    .value(likePattern(text.text()))
                    .sql(" ESCAPE '!'");
        }
    }

    private void groupCondition(Sql sql, Project project, List<String> viewKeys, Term term) {
        if (term instanceof TagTerm tag) {
            if (viewKeys.contains(tag.key())) {
                String column = "vg.k" + (viewKeys.indexOf(tag.key()) + 1);
                if (tag.negated()) {
                    sql.sql("(" + column + " IS NULL OR " + column + " <> ")
                            .value(tag.value())
                            .sql(")");
                } else {
                    sql.sql(column + " = ").value(tag.value());
                }
                return;
            }
            tagCondition(
                    sql,
                    project,
                    tag,
                    "EXISTS (SELECT 1 FROM group_tag_value gt WHERE gt.group_id = g.id AND gt.tag_value_id = ");
        } else if (term instanceof HasTerm has) {
            if (viewKeys.contains(has.key())) {
                sql.sql("vg.k" + (viewKeys.indexOf(has.key()) + 1) + (has.negated() ? " IS NULL" : " IS NOT NULL"));
            } else if (SERVER_TAGS.contains(has.key())) {
                sql.sql(has.negated() ? "1 = 0" : "1 = 1");
            } else {
                sql.sql(has.negated() ? "NOT " : "")
                        .sql("EXISTS (SELECT 1 FROM group_tag_value gt WHERE gt.group_id = g.id AND gt.tag_key = ")
                        .value(has.key())
                        .sql(")");
            }
        } else if (term instanceof TypeTerm type) {
            sql.sql(type.negated() ? "g.type <> " : "g.type = ").value(type.type());
        } else if (term instanceof StatusTerm status) {
            sql.sql(status.negated() ? "g.status <> " : "g.status = ")
                    .value(status.status().wireName());
        } else if (term instanceof AssignedTerm || term instanceof BookmarkedTerm) {
            personalCondition(sql, "g", term);
        } else if (term instanceof WildcardTerm wildcard) {
            if (viewKeys.contains(wildcard.key())) {
                String column = "vg.k" + (viewKeys.indexOf(wildcard.key()) + 1);
                sql.sql(wildcard.negated() ? "(" + column + " IS NULL OR " + column + " NOT LIKE " : column + " LIKE ")
                        .value(wildcard.likePattern())
                        .sql(wildcard.negated() ? " ESCAPE '!')" : " ESCAPE '!'");
                return;
            }
            wildcardCondition(
                    sql,
                    project,
                    wildcard,
                    "EXISTS (SELECT 1 FROM group_tag_value gt WHERE gt.group_id = g.id AND gt.tag_value_id IN (");
        } else if (term instanceof TimeTerm time) {
            String column = time.field() == TimeTerm.Field.LAST_SEEN
                    ? (viewKeys.isEmpty() ? "g" : "vg") + ".last_seen"
                    : (viewKeys.isEmpty() ? "g" : "vg") + ".first_seen";
            sql.sql(time.negated() ? "NOT " : "")
                    .sql(column + " " + time.comparison().sql() + " ")
                    .value(time.bound(now()).atOffset(ZoneOffset.UTC));
        } else if (term instanceof TextTerm text) {
            if (text.phrase()) {
                sql.sql(text.negated() ? "NOT " : "")
                        .sql("(LOWER(g.message) LIKE ")
                        .value(likePattern(text.text()))
                        .sql(" ESCAPE '!'")
                        .sql(" OR LOWER(COALESCE(g.culprit, '')) LIKE ")
                        .value(likePattern(text.text()))
                        .sql(" ESCAPE '!')");
            } else {
                wordCondition(sql, text);
            }
        }
    }

    /**
     * A free word: each word of it ({@link SearchText#ofQueryWord}) starts one of the group's search
     * words ({@code time} finds {@code timeout}; a trailing {@code *} says the same). PostgreSQL asks
     * its GIN index (V27, PostgreSQL only) with prefix lexemes, H2 compares the words; both look at the same stored
     * words, so both find the same groups. A word without letters or digits ({@code --}) holds no word
     * and matches every group.
     */
    private void wordCondition(Sql sql, TextTerm text) {
        List<String> words = SearchText.ofQueryWord(text.text());
        if (words.isEmpty()) {
            sql.sql(text.negated() ? "1 = 0" : "1 = 1");
            return;
        }
        sql.sql(text.negated() ? "NOT " : "");
        database.wordsCondition(sql, "g", words);
    }

    /**
     * A wildcard tag term: the tag values of the key that match the pattern, in the same statement
     * (the unique index of project, key and value narrows them to the key; H2, and PostgreSQL with the
     * C collation, walk only the values with a pattern's prefix).
     *
     * @param exists the start of the EXISTS clause that matches a tag value id in a list, left open for it
     */
    private void wildcardCondition(Sql sql, Project project, WildcardTerm wildcard, String exists) {
        if ("project".equals(wildcard.key())) {
            sql.sql(wildcard.negated() == wildcard.matches(project.getSlug()) ? "1 = 0" : "1 = 1");
            return;
        }
        sql.sql(wildcard.negated() ? "NOT " : "")
                .sql(exists)
                .sql("SELECT tv.id FROM tag_value tv WHERE tv.project_id = ")
                .value(project.getId())
                .sql(" AND tv.tag_key = ")
                .value(wildcard.key())
                .sql(" AND tv.tag_value LIKE ")
                .value(wildcard.likePattern())
                .sql(" ESCAPE '!'))");
    }

    /**
     * {@code assigned:} and {@code is:bookmarked} on the group row {@code alias}: the user's id is
     * looked up first (an unknown user, or nobody logged in, matches no group), so the condition is
     * one indexed comparison or one primary-key probe of {@code group_bookmark}.
     */
    private void personalCondition(Sql sql, String alias, Term term) {
        if (term instanceof BookmarkedTerm bookmarked) {
            Optional<Long> user = userId(access.callerName());
            if (user.isEmpty()) {
                sql.sql(bookmarked.negated() ? "1 = 1" : "1 = 0");
                return;
            }
            sql.sql(bookmarked.negated() ? "NOT " : "")
                    .sql("EXISTS (SELECT 1 FROM group_bookmark b WHERE b.group_id = " + alias + ".id AND b.user_id = ")
                    .value(user.get())
                    .sql(")");
            return;
        }
        AssignedTerm assigned = (AssignedTerm) term;
        String column = alias + ".assignee_id";
        if (assigned.who() == AssignedTerm.Who.NONE) {
            sql.sql(column + (assigned.negated() ? " IS NOT NULL" : " IS NULL"));
            return;
        }
        Optional<Long> user = userId(assigned.who() == AssignedTerm.Who.ME ? access.callerName() : assigned.user());
        if (user.isEmpty()) {
            sql.sql(assigned.negated() ? "1 = 1" : "1 = 0");
        } else if (assigned.negated()) {
            sql.sql("(" + column + " IS NULL OR " + column + " <> ")
                    .value(user.get())
                    .sql(")");
        } else {
            sql.sql(column + " = ").value(user.get());
        }
    }

    private Optional<Long> userId(String name) {
        if (name == null) {
            return Optional.empty();
        }
        List<?> ids = em.createNativeQuery("SELECT id FROM app_user WHERE username = ?1")
                .setParameter(1, name)
                .getResultList();
        return ids.isEmpty() ? Optional.empty() : Optional.of(((Number) ids.get(0)).longValue());
    }

    /**
     * A tag term: the tag value's id is looked up first, so an unknown value needs no join.
     *
     * @param exists the start of the EXISTS clause that matches a tag value id, left open for it
     */
    private void tagCondition(Sql sql, Project project, TagTerm tag, String exists) {
        if ("project".equals(tag.key())) {
            sql.sql(tag.negated() == tag.value().equals(project.getSlug()) ? "1 = 0" : "1 = 1");
            return;
        }
        Optional<Long> tagValue = tagValueId(project.getId(), tag.key(), tag.value());
        if (tagValue.isEmpty()) {
            sql.sql(tag.negated() ? "1 = 1" : "1 = 0");
        } else {
            sql.sql(tag.negated() ? "NOT " : "")
                    .sql(exists)
                    .value(tagValue.get())
                    .sql(")");
        }
    }

    Optional<Long> tagValueId(long projectId, String key, String value) {
        List<?> ids = em.createNativeQuery(
                        "SELECT id FROM tag_value WHERE project_id = ?1 AND tag_key = ?2 AND tag_value = ?3")
                .setParameter(1, projectId)
                .setParameter(2, key)
                .setParameter(3, value)
                .getResultList();
        return ids.isEmpty() ? Optional.empty() : Optional.of(((Number) ids.get(0)).longValue());
    }

    static String likePattern(String text) {
        String escaped = text.toLowerCase(Locale.ROOT)
                .replace("!", "!!")
                .replace("%", "!%")
                .replace("_", "!_");
        return "%" + escaped + "%";
    }

    private static Object sortValue(String sort, double value) {
        if ("score".equals(sort)) {
            return value;
        }
        if ("count".equals(sort) || "users".equals(sort)) {
            return (long) value;
        }
        return Instant.EPOCH.plus((long) value, ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    /** The sort value of a list's row for its cursor (timestamps in microseconds). */
    private static double cursorValue(String sort, SqlRow row) {
        if ("score".equals(sort)) {
            return row.decimal("score");
        }
        if ("count".equals(sort)) {
            return row.decimal("times_seen");
        }
        if ("users".equals(sort)) {
            return row.decimal("users");
        }
        return ChronoUnit.MICROS.between(
                Instant.EPOCH, row.instant("lastSeen".equals(sort) ? "last_seen" : "first_seen"));
    }
}
