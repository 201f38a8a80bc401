package io.lookout.query;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/**
 * A saved search as {@code /api/searches} answers it and the navigation lists it: a name for a
 * query of a project's group list. Private to the user who saved it.
 *
 * @param projectId the project whose groups it searches
 * @param project that project's slug
 * @param query the query, in the syntax of docs/api.md "Query syntax"
 * @param createdAt ISO 8601, UTC
 */
@JsonbPropertyOrder({"id", "name", "projectId", "project", "query", "createdAt"})
public record SavedSearch(long id, String name, long projectId, String project, String query, String createdAt) {

    /** The caller's saved searches, by name. */
    public record SavedSearchList(List<SavedSearch> searches) {}
}
