package io.lookout.query;

import io.lookout.Problem;
import io.lookout.grouping.ReleaseOrder;
import io.lookout.schema.Columns;
import io.lookout.schema.SqlRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A project's releases ({@code project_release}, docs/releases.md): the releases page and
 * {@code GET /api/{projectId}/releases}.
 */
@ApplicationScoped
public class Releases {

    private static final Columns RELEASE =
            new Columns("r.version", "r.first_seen", "r.last_seen", "r.times_seen", "r.new_groups");

    /**
     * One release: its first and last event, its events, and the groups whose first release it is.
     *
     * @param version the release's name (the {@code release} tag)
     */
    @JsonbPropertyOrder({"version", "firstSeen", "lastSeen", "events", "newGroups"})
    public record Release(String version, Instant firstSeen, Instant lastSeen, long events, long newGroups) {}

    /** The releases, newest first. */
    public record ReleaseList(List<Release> releases) {}

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private Search search;

    @Inject
    private io.lookout.security.ProjectAccess access;

    /** The tag that names an event's environment (the top bar's selector). */
    public static final String ENVIRONMENT = "environment";

    /**
     * The environments seen in the projects the caller may read (the distinct values of the
     * {@code environment} tag), in name order; at most 200.
     */
    public List<String> environments() {
        java.util.SortedSet<String> names = new java.util.TreeSet<>();
        Map<Long, Boolean> readable = new HashMap<>();
        for (Object row : em.createNativeQuery(
                        "SELECT project_id, tag_value FROM tag_value WHERE tag_key = ?1 ORDER BY tag_value")
                .setParameter(1, ENVIRONMENT)
                .setMaxResults(2000)
                .getResultList()) {
            Object[] columns = (Object[]) row;
            long project = ((Number) columns[0]).longValue();
            if (names.size() < 200 && readable.computeIfAbsent(project, access::mayRead)) {
                names.add((String) columns[1]);
            }
        }
        return List.copyOf(names);
    }

    /**
     * The project's releases, newest first by release order ({@link ReleaseOrder}: semantic versions, else
     * by first event).
     *
     * @throws Problem 404 unless the caller may read the project
     */
    public ReleaseList list(long projectId) throws Problem {
        search.readable(projectId);
        List<Release> releases = new ArrayList<>();
        for (SqlRow row : RELEASE.select(em, "FROM project_release r WHERE r.project_id = ?1", projectId)) {
            releases.add(new Release(
                    row.text("version"),
                    row.instant("first_seen"),
                    row.instant("last_seen"),
                    row.number("times_seen"),
                    row.number("new_groups")));
        }
        Map<String, Instant> firstSeen = new HashMap<>();
        releases.forEach(r -> firstSeen.put(r.version(), r.firstSeen()));
        Comparator<String> order = new ReleaseOrder(v -> Optional.ofNullable(firstSeen.get(v))).thenByName();
        releases.sort(Comparator.comparing(Release::version, order).reversed());
        return new ReleaseList(releases);
    }
}
