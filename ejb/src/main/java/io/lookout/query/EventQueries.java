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
