package io.lookout.consume;

import io.lookout.alerts.AlertTriggers;
import io.lookout.grouping.EventStore;
import io.lookout.grouping.PendingEvent;
import io.lookout.grouping.StoredBatch;
import io.lookout.grouping.ViewDefinition;
import io.lookout.views.Views;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stores the events of several messages in one database transaction of its own: one resource, so
 * one-phase commit, no XA. The messages are acknowledged only after it commits ({@link StoreBatches}).
 * The alert notifications the batch raises are written in the same transaction
 * ({@link AlertTriggers}); their delivery is prompted after the commit.
 */
@ApplicationScoped
public class BatchWriter {

    @Inject
    private EventStore store;

    @Inject
    private Views views;

    @Inject
    private AlertTriggers alerts;

    /**
     * What a batch wrote.
     *
     * @param stored for each message, for each of its events: stored now ({@code true}) or before
     * @param alertRules the alert rules that raised notifications (their digests are due)
     */
    public record Written(List<boolean[]> stored, Set<Long> alertRules) {}

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Written write(List<QueuedEvents.Processed> messages) {
        // one store call per project, with the project's views as this transaction reads them
        Map<Long, List<PendingEvent>> byProject = new LinkedHashMap<>();
        for (QueuedEvents.Processed message : messages) {
            byProject
                    .computeIfAbsent(message.projectId(), id -> new ArrayList<>())
                    .addAll(message.events());
        }
        Map<Long, boolean[]> storedByProject = new HashMap<>();
        Set<Long> alertRules = new LinkedHashSet<>();
        byProject.forEach((projectId, events) -> {
            List<ViewDefinition> projectViews = views.forIngest(projectId);
            StoredBatch batch = store.store(projectId, projectViews, events);
            alertRules.addAll(alerts.raise(batch));
            boolean[] stored = batch.stored();
            storedByProject.put(projectId, stored);
            // only events stored now count: a redelivered or resent event was counted before
            long scrubbed = 0;
            for (int i = 0; i < stored.length; i++) {
                scrubbed += stored[i] ? events.get(i).scrubbed() : 0;
            }
            store.addScrubbedValues(projectId, scrubbed);
        });
        List<boolean[]> result = new ArrayList<>(messages.size());
        Map<Long, Integer> offsets = new HashMap<>();
        for (QueuedEvents.Processed message : messages) {
            int offset = offsets.getOrDefault(message.projectId(), 0);
            boolean[] stored = new boolean[message.events().size()];
            System.arraycopy(storedByProject.get(message.projectId()), offset, stored, 0, stored.length);
            offsets.put(message.projectId(), offset + stored.length);
            result.add(stored);
        }
        return new Written(result, alertRules);
    }
}
