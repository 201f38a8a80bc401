package io.lookout.grouping;

import io.lookout.JsonFactories;
import io.lookout.schema.Columns;
import io.lookout.schema.SqlRow;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.StringReader;
import java.util.List;

/** One batch of {@link SearchWordsBackfill}, in its own transaction. */
@Stateless
public class SearchWordsBatches {

    static final int BATCH = 200;

    private static final Columns TODO = new Columns("id", "message", "culprit", "latest_data");

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    /**
     * @param lastId the id of the batch's last group, where the next batch starts; -1 when none was left
     * @param filled how many groups got their words
     */
    record Step(long lastId, int filled) {}

    /** Fills up to {@value #BATCH} groups without words after the id {@code after}, from the latest event of each. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Step step(long after) {
        List<SqlRow> rows = TODO.select(
                em,
                "FROM (SELECT g.id, g.message, g.culprit, (SELECT e.data FROM event e WHERE e.group_id = g.id"
                        + " ORDER BY e.occurred_at DESC, e.id DESC LIMIT 1) AS latest_data FROM event_group g"
                        + " WHERE g.id > ?1 AND g.search_words IS NULL ORDER BY g.id LIMIT " + BATCH + ") todo",
                after);
        if (rows.isEmpty()) {
            return new Step(-1, 0);
        }
        for (SqlRow row : rows) {
            em.createNativeQuery("UPDATE event_group SET search_words = ?1 WHERE id = ?2 AND search_words IS NULL")
                    .setParameter(
                            1, SearchText.of(row.text("message"), row.text("culprit"), data(row.text("latest_data"))))
                    .setParameter(2, row.number("id"))
                    .executeUpdate();
        }
        return new Step(rows.get(rows.size() - 1).number("id"), rows.size());
    }

    private static JsonObject data(String json) {
        if (json == null) {
            return null;
        }
        try (JsonReader reader = JsonFactories.READERS.createReader(new StringReader(json))) {
            return reader.readValue() instanceof JsonObject object ? object : null;
        } catch (JsonException e) {
            return null;
        }
    }
}
