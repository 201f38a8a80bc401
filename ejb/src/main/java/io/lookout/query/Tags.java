package io.lookout.query;

import io.lookout.JsonFactories;
import io.lookout.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/** A project's tag keys and values with their counts and first/last seen. */
@ApplicationScoped
public class Tags {

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private Search search;

    @Inject
    private GroupDetails details;

    public JsonObject keys(long projectId) throws Problem {
        search.readable(projectId);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT tag_key, COUNT(*), SUM(times_seen), MIN(first_seen), MAX(last_seen)"
                        + " FROM tag_value WHERE project_id = ?1 GROUP BY tag_key ORDER BY tag_key")
                .setParameter(1, projectId)
                .setMaxResults(1000)
                .getResultList();
        JsonArrayBuilder keys = JsonFactories.BUILDERS.createArrayBuilder();
        for (Object[] row : rows) {
            String key = (String) row[0];
            keys.add(JsonFactories.BUILDERS.createObjectBuilder()
                    .add("key", key)
                    .add("distinctValues", ((Number) row[1]).longValue())
                    .add("count", ((Number) row[2]).longValue())
                    .add("firstSeen", Search.instant(row[3]))
                    .add("lastSeen", Search.instant(row[4]))
                    .add("highCardinality", details.isHighCardinality(projectId, key)));
        }
        return JsonFactories.BUILDERS.createObjectBuilder().add("keys", keys).build();
    }

    /** The most frequent values of a key. */
    public JsonObject values(long projectId, String key) throws Problem {
        search.readable(projectId);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT tag_value, times_seen, first_seen, last_seen FROM tag_value"
                        + " WHERE project_id = ?1 AND tag_key = ?2 ORDER BY times_seen DESC, tag_value")
                .setParameter(1, projectId)
                .setParameter(2, key)
                .setMaxResults(100)
                .getResultList();
        if (rows.isEmpty()) {
            throw Problem.notFound("no tag '" + key + "' in project " + projectId);
        }
        JsonArrayBuilder values = JsonFactories.BUILDERS.createArrayBuilder();
        for (Object[] row : rows) {
            values.add(JsonFactories.BUILDERS.createObjectBuilder()
                    .add("value", (String) row[0])
                    .add("count", ((Number) row[1]).longValue())
                    .add("firstSeen", Search.instant(row[2]))
                    .add("lastSeen", Search.instant(row[3])));
        }
        return JsonFactories.BUILDERS.createObjectBuilder().add("key", key).add("values", values).build();
    }
}
