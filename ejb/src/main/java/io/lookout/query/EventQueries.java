package io.lookout.query;

import io.lookout.grouping.StoredEvent;
import io.lookout.security.ProjectAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;

/**
 * Reads events for the API and the pages. Callers see only the projects they may read; anything
 * else is "not found".
 */
@ApplicationScoped
public class EventQueries {

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private ProjectAccess access;

    public Optional<EventDetail> event(long projectId, String eventId) {
        if (!access.mayRead(projectId)) {
            return Optional.empty();
        }
        return em.createNamedQuery("StoredEvent.byEventId", StoredEvent.class)
                .setParameter("projectId", projectId)
                .setParameter("eventId", eventId)
                .getResultStream()
                .findFirst()
                .map(EventDetail::withGroupedBy);
    }

    /**
     * The first, the next older, the next newer and the latest event of the event's group, by
     * {@code (occurred_at, id)}: four keyset reads of one row each on the index {@code (group_id,
     * occurred_at)}, whatever the group's size. Empty when the event is not found or not readable.
     */
    public Optional<EventNeighbours> neighbours(long projectId, String eventId) {
        if (!access.mayRead(projectId)) {
            return Optional.empty();
        }
        return em.createNamedQuery("StoredEvent.byEventId", StoredEvent.class)
                .setParameter("projectId", projectId)
                .setParameter("eventId", eventId)
                .getResultStream()
                .findFirst()
                .map(event -> {
                    String first = neighbour(NEIGHBOUR_FIRST, event, false);
                    String latest = neighbour(NEIGHBOUR_LATEST, event, false);
                    return new EventNeighbours(
                            eventId.equals(first) ? null : first,
                            neighbour(NEIGHBOUR_OLDER, event, true),
                            neighbour(NEIGHBOUR_NEWER, event, true),
                            eventId.equals(latest) ? null : latest);
                });
    }

    private static final String NEIGHBOUR_SELECT = "SELECT e.eventId FROM StoredEvent e WHERE e.groupId = :groupId";
    private static final String NEIGHBOUR_FIRST = NEIGHBOUR_SELECT + " ORDER BY e.occurredAt, e.id";
    private static final String NEIGHBOUR_LATEST = NEIGHBOUR_SELECT + " ORDER BY e.occurredAt DESC, e.id DESC";
    // the group alone (it belongs to the event's project): with the project too, PostgreSQL may walk
    // the project's time index and filter by group. The redundant "<=" / ">=" bounds the index range;
    // the OR only breaks ties of one timestamp (docs/event-page.md has the plans at 1 M events).
    private static final String NEIGHBOUR_OLDER = NEIGHBOUR_SELECT
            + " AND e.occurredAt <= :at AND (e.occurredAt < :at OR e.id < :id) ORDER BY e.occurredAt DESC, e.id DESC";
    private static final String NEIGHBOUR_NEWER = NEIGHBOUR_SELECT
            + " AND e.occurredAt >= :at AND (e.occurredAt > :at OR e.id > :id) ORDER BY e.occurredAt, e.id";

    private String neighbour(String jpql, StoredEvent event, boolean relative) {
        var query = em.createQuery(jpql, String.class)
                .setParameter("groupId", event.getGroupId())
                .setMaxResults(1);
        if (relative) {
            query.setParameter("at", event.getOccurredAt()).setParameter("id", event.getId());
        }
        return query.getResultStream().findFirst().orElse(null);
    }

    /** Every event carrying the correlation id, oldest first (at most 1,000). */
    public Optional<Correlation> correlation(long projectId, String correlationId) {
        if (!access.mayRead(projectId)) {
            return Optional.empty();
        }
        return Optional.of(new Correlation(
                correlationId,
                em.createNamedQuery("StoredEvent.byCorrelationId", StoredEvent.class)
                        .setParameter("projectId", projectId)
                        .setParameter("correlationId", correlationId)
                        .setMaxResults(1000)
                        .getResultStream()
                        .map(EventDetail::of)
                        .toList()));
    }
}
