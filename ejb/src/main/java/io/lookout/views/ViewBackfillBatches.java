package io.lookout.views;

import io.lookout.grouping.EventStore;
import io.lookout.grouping.StoredEvent;
import io.lookout.grouping.ViewDefinition;
import io.lookout.schema.Columns;
import io.lookout.schema.SqlRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The transactions of {@link ViewBackfill}: claim a view, count one batch of its events. */
@ApplicationScoped
public class ViewBackfillBatches {

    private static final Columns EVENTS = new Columns("id", "type", "group_id", "occurred_at", "tags", "time_spent");

    /** A claim older than this is taken over (its node died). */
    static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(15);
    /**
     * A view is finished no earlier than this after its creation, so that consumer transactions
     * that read the views just before it existed have committed and are counted too.
     */
    static final Duration SETTLE = Duration.ofSeconds(10);

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private EventStore store;

    /** Events counted per batch (each batch its own transaction). */
    @Inject
    @ConfigProperty(name = "lookout.views.backfill-batch-size", defaultValue = "500")
    private int batchSize;

    /** Claims the oldest view waiting for its backfill, if any. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<Long> claim() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime stale = now.minus(CLAIM_TIMEOUT);
        List<?> candidates = em.createNativeQuery("SELECT id FROM lookout_view WHERE backfill_state = 'pending'"
                        + " OR (backfill_state = 'running' AND backfill_claimed_at < ?1) ORDER BY id")
                .setParameter(1, stale)
                .setMaxResults(1)
                .getResultList();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        long id = ((Number) candidates.get(0)).longValue();
        int claimed = em.createNativeQuery(
                        "UPDATE lookout_view SET backfill_state = 'running', backfill_claimed_at = ?1"
                                + " WHERE id = ?2 AND (backfill_state = 'pending' OR (backfill_state = 'running'"
                                + " AND backfill_claimed_at < ?3))")
                .setParameter(1, now)
                .setParameter(2, id)
                .setParameter(3, stale)
                .executeUpdate();
        return claimed == 1 ? Optional.of(id) : Optional.empty();
    }

    /**
     * Counts the next batch of the view's events that ingestion did not count (stored under an
     * earlier view generation).
     *
     * @return {@code true} when the view is finished (or gone)
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean step(long viewId) {
        // the row lock serialises steps of one view, should two nodes ever claim it at once
        View view = em.find(View.class, viewId, LockModeType.PESSIMISTIC_WRITE);
        if (view == null) {
            return true;
        }
        ViewDefinition definition = Views.definition(view);
        List<SqlRow> rows = EVENTS.rows(em.createNativeQuery("SELECT " + EVENTS.list() + " FROM event"
                        + " WHERE project_id = ?1 AND id > ?2 AND view_generation < ?3 ORDER BY id")
                .setParameter(1, view.getProjectId())
                .setParameter(2, view.getBackfillPosition())
                .setParameter(3, view.getGeneration())
                .setMaxResults(batchSize)
                .getResultList());
        long position = view.getBackfillPosition();
        List<EventStore.Counted> events = new ArrayList<>(rows.size());
        for (SqlRow row : rows) {
            position = row.number("id");
            if (definition.takes(row.text("type"))) {
                events.add(new EventStore.Counted(
                        row.text("type"),
                        row.number("group_id"),
                        StoredEvent.tagsOf(row.text("tags")),
                        row.time("occurred_at"),
                        row.decimalOrNull("time_spent")));
            }
        }
        store.countInView(definition, events);
        long counted = events.size();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        boolean caughtUp = rows.size() < batchSize;
        boolean finished = caughtUp && view.getCreatedAt().plus(SETTLE).isBefore(now);
        em.createNativeQuery("UPDATE lookout_view SET backfill_position = ?1, backfill_done = backfill_done + ?2,"
                        + " backfill_claimed_at = ?3, backfill_state = ?4 WHERE id = ?5")
                .setParameter(1, position)
                .setParameter(2, counted)
                .setParameter(3, now)
                // caught up but still settling: back to pending, so the next tick looks again
                .setParameter(4, finished ? View.DONE : caughtUp ? View.PENDING : View.RUNNING)
                .setParameter(5, viewId)
                .executeUpdate();
        return caughtUp;
    }
}
