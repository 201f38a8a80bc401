package io.lookout.query;

import io.lookout.JsonFactories;
import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.grouping.AggregateSql;
import io.lookout.schema.Columns;
import io.lookout.schema.SqlRow;
import io.lookout.security.ProjectAccess;
import io.lookout.security.TokenRestriction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Saved searches (docs/api.md, "Saved searches"): per user and private — nobody, not even an admin,
 * lists, renames or deletes another user's; each names a query of one project's group list, which
 * the user must be able to read (a search of a project the user lost stays listed only while they can
 * read it).
 */
@ApplicationScoped
public class SavedSearches {

    /** The most saved searches of one user. */
    public static final int MAX_PER_USER = 100;

    static final int MAX_NAME = 100;

    private static final Set<String> FIELDS = Set.of("name", "projectId", "query");

    private static final Columns ROW =
            new Columns("s.id", "s.name", "s.project_id", "p.slug", "s.query", "s.created_at");

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private ProjectAccess access;

    @Inject
    private AggregateSql database;

    @Inject
    private TokenRestriction restriction;

    /** The user's saved searches of projects they can read, by name. */
    public List<SavedSearch> list(String username) {
        return ROW
                .select(
                        em,
                        "FROM saved_search s JOIN app_user u ON u.id = s.user_id JOIN project p ON p.id = s.project_id"
                                + " WHERE u.username = ?1 ORDER BY s.name, s.id",
                        username)
                .stream()
                .filter(row -> access.mayRead(row.number("project_id")))
                .map(SavedSearches::of)
                .toList();
    }

    /**
     * Saves {@code {"name": "…", "projectId": 1, "query": "…"}} for the user.
     *
     * @throws Problem 400 naming the field that is wrong (a query mistake with its column), 404 for a
     *     project the user cannot read, 409 when the user has a search of that name
     */
    @Transactional
    public SavedSearch create(String username, JsonObject json) throws Problem {
        unknownFields(json);
        String name = name(json.get("name"));
        JsonValue project = json.get("projectId");
        if (!(project instanceof JsonNumber number) || !number.isIntegral() || number.longValue() < 1) {
            throw Problem.invalid("projectId", ProblemCode.REQUIRED);
        }
        JsonValue query = json.get("query");
        return create(username, number.longValue(), name, query instanceof JsonString text ? text.getString() : null);
    }

    /**
     * Saves a query of a project's group list for the user under a name.
     *
     * @throws Problem 400 naming the field that is wrong (a query mistake with its column), 404 for a
     *     project the user cannot read, 409 when the user has a search of that name
     */
    @Transactional
    public SavedSearch create(String username, long projectId, String nameText, String queryText) throws Problem {
        String name = name(nameText == null ? null : JsonFactories.PROVIDER.createValue(nameText));
        if (!access.mayRead(projectId)
                || em.createNativeQuery("SELECT id FROM project WHERE id = ?1")
                        .setParameter(1, projectId)
                        .getResultList()
                        .isEmpty()) {
            throw Problem.notFound(ProblemCode.NO_PROJECT, projectId);
        }
        if (queryText == null || queryText.isBlank()) {
            throw Problem.invalid("query", ProblemCode.REQUIRED);
        }
        String query = queryText.strip();
        Search.parse(query);
        long userId = userId(username);
        if (count(userId) >= MAX_PER_USER) {
            throw Problem.conflict(null, ProblemCode.TOO_MANY_SAVED_SEARCHES, MAX_PER_USER);
        }
        refuseTaken(userId, name, null);
        long id = database.nextIds(em, "saved_search_seq", 1).get(0);
        em.createNativeQuery("INSERT INTO saved_search (id, user_id, project_id, name, query, created_at)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, id)
                .setParameter(2, userId)
                .setParameter(3, projectId)
                .setParameter(4, name)
                .setParameter(5, query)
                .setParameter(6, OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS))
                .executeUpdate();
        return find(userId, id).orElseThrow();
    }

    /** Renames one of the user's searches with {@code {"name": "…"}}; 404 unless it is theirs. */
    @Transactional
    public SavedSearch rename(String username, long id, JsonObject json) throws Problem {
        unknownFields(json);
        if (json.containsKey("projectId") || json.containsKey("query")) {
            throw Problem.invalid("name", ProblemCode.SAVED_SEARCH_RENAME_ONLY);
        }
        return rename(username, id, name(json.get("name")));
    }

    /** Renames one of the user's searches; 404 unless it is theirs, 409 when the name is taken. */
    @Transactional
    public SavedSearch rename(String username, long id, String nameText) throws Problem {
        String name = name(nameText == null ? null : JsonFactories.PROVIDER.createValue(nameText));
        long userId = userId(username);
        find(userId, id).orElseThrow(() -> Problem.notFound(ProblemCode.NO_SAVED_SEARCH, id));
        refuseTaken(userId, name, id);
        em.createNativeQuery("UPDATE saved_search SET name = ?1 WHERE id = ?2 AND user_id = ?3")
                .setParameter(1, name)
                .setParameter(2, id)
                .setParameter(3, userId)
                .executeUpdate();
        return find(userId, id).orElseThrow();
    }

    /**
     * Deletes one of the user's searches; 404 unless it is theirs and, with an API token restricted to
     * some projects, of one of them. (A search of a project the user no longer reads may still be deleted.)
     */
    @Transactional
    public void delete(String username, long id) throws Problem {
        long userId = userId(username);
        List<?> project = em.createNativeQuery("SELECT project_id FROM saved_search WHERE id = ?1 AND user_id = ?2")
                .setParameter(1, id)
                .setParameter(2, userId)
                .getResultList();
        if (project.isEmpty() || !restriction.allows(((Number) project.get(0)).longValue())) {
            throw Problem.notFound(ProblemCode.NO_SAVED_SEARCH, id);
        }
        int deleted = em.createNativeQuery("DELETE FROM saved_search WHERE id = ?1 AND user_id = ?2")
                .setParameter(1, id)
                .setParameter(2, userId)
                .executeUpdate();
        if (deleted == 0) {
            throw Problem.notFound(ProblemCode.NO_SAVED_SEARCH, id);
        }
    }

    private Optional<SavedSearch> find(long userId, long id) {
        return ROW
                .select(
                        em,
                        "FROM saved_search s JOIN project p ON p.id = s.project_id WHERE s.id = ?1 AND s.user_id = ?2",
                        id,
                        userId)
                .stream()
                .filter(row -> access.mayRead(row.number("project_id")))
                .map(SavedSearches::of)
                .findFirst();
    }

    private long count(long userId) {
        return ((Number) em.createNativeQuery("SELECT COUNT(*) FROM saved_search WHERE user_id = ?1")
                        .setParameter(1, userId)
                        .getSingleResult())
                .longValue();
    }

    private void refuseTaken(long userId, String name, Long except) throws Problem {
        List<?> taken = em.createNativeQuery("SELECT id FROM saved_search WHERE user_id = ?1 AND name = ?2")
                .setParameter(1, userId)
                .setParameter(2, name)
                .getResultList();
        if (!taken.isEmpty() && (except == null || ((Number) taken.get(0)).longValue() != except)) {
            throw Problem.conflict("name", ProblemCode.SAVED_SEARCH_EXISTS, name);
        }
    }

    private long userId(String username) throws Problem {
        List<?> ids = em.createNativeQuery("SELECT id FROM app_user WHERE username = ?1")
                .setParameter(1, username)
                .getResultList();
        if (ids.isEmpty()) {
            // signed in from outside (single sign-on) without a row yet: nothing of theirs exists
            throw Problem.notFound(ProblemCode.NO_SAVED_SEARCH, username);
        }
        return ((Number) ids.get(0)).longValue();
    }

    private static String name(JsonValue value) throws Problem {
        if (!(value instanceof JsonString text) || text.getString().isBlank()) {
            throw Problem.invalid("name", ProblemCode.REQUIRED);
        }
        String name = text.getString().strip();
        if (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw Problem.invalid("name", ProblemCode.SAVED_SEARCH_NAME, MAX_NAME);
        }
        return name;
    }

    private static void unknownFields(JsonObject json) throws Problem {
        for (String key : json.keySet()) {
            if (!FIELDS.contains(key)) {
                throw Problem.invalid(
                        key,
                        ProblemCode.UNKNOWN_FIELD,
                        String.join(", ", FIELDS.stream().sorted().toList()));
            }
        }
    }

    private static SavedSearch of(SqlRow row) {
        return new SavedSearch(
                row.number("id"),
                row.text("name"),
                row.number("project_id"),
                row.text("slug"),
                row.text("query"),
                row.time("created_at").toInstant().toString());
    }
}
