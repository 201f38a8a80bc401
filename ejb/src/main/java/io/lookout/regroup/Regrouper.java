package io.lookout.regroup;

import io.lookout.event.IncomingEvent;
import io.lookout.grouping.GroupMoves;
import io.lookout.processing.ProcessedResult;
import io.lookout.processing.ProcessorRegistry;
import io.lookout.processing.Reprocessing;
import io.lookout.processors.spi.InvalidEventException;
import io.lookout.processors.spi.Processor;
import io.lookout.project.ProjectSnapshot;
import io.lookout.schema.Columns;
import io.lookout.schema.Sql;
import io.lookout.schema.SqlRow;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a regroup batch asks of the rest of Lookout: how a stored event is grouped under the
 * project's current rules ({@link Reprocessing}), and moving events to the group of their new
 * checksum ({@link GroupMoves}), in the batch's transaction.
 */
@ApplicationScoped
public class Regrouper {

    /** The columns of a stored event that reprocessing needs, and where it is now. */
    static final Columns EVENT = new Columns(
            "id",
            "event_id",
            "type",
            "checksum",
            "group_id",
            "occurred_at",
            "message",
            "level",
            "tags",
            "data",
            "time_spent",
            "correlation_id",
            "fingerprint",
            "grouped_by");

    @Inject
    private Reprocessing reprocessing;

    @Inject
    private GroupMoves moves;

    @Inject
    private ProcessorRegistry registry;

    private Function<String, Optional<Processor>> processors;

    @PostConstruct
    void init() {
        processors = registry::forType;
    }

    /** Outside a container, for tests against an in-process database. */
    void use(Reprocessing reprocessing, GroupMoves moves, Function<String, Optional<Processor>> processors) {
        this.reprocessing = reprocessing;
        this.moves = moves;
        this.processors = processors;
    }

    /** Moves events to another group of their project (a merge alias's strays to its merged group). */
    GroupMoves.MoveResult move(long projectId, List<Long> eventRowIds, long toGroupId) {
        return moves.move(projectId, eventRowIds, toGroupId);
    }

    /** What the moves of a batch did. */
    record Moved(long moved, long groupsCreated, long groupsEmptied, Map<Long, Long> events) {}

    /**
     * The event as ingestion would group it now under {@code project}'s rules; empty when its
     * processor is gone or refuses it now (it stays where it is).
     */
    Optional<RegroupPlan.Regrouped> regroup(SqlRow row, ProjectSnapshot project) {
        IncomingEvent event = Reprocessing.incoming(
                row.text("event_id").trim(),
                row.text("type"),
                row.instant("occurred_at"),
                row.text("message"),
                row.text("level"),
                row.text("tags"),
                row.text("data"),
                row.decimalOrNull("time_spent"),
                row.text("correlation_id"),
                row.text("fingerprint"),
                row.text("grouped_by"));
        Optional<Processor> processor = processors.apply(event.type());
        if (processor.isEmpty()) {
            return Optional.empty();
        }
        ProcessedResult result;
        try {
            processor.get().validate(event);
            result = reprocessing.process(event, project);
        } catch (InvalidEventException | RuntimeException refused) {
            // the processor no longer takes what it took at ingest: the event stays where it is
            return Optional.empty();
        }
        return Optional.of(new RegroupPlan.Regrouped(
                result.checksum(), result.groupedBy(), result.message(), result.culprit(), result.level()));
    }

    /**
     * Moves the plan's events to the groups of their new checksums (found, following merges, or
     * created), in the plan's key order, and gives them their new checksum and grouped-by.
     */
    Moved move(EntityManager em, long projectId, RegroupPlan plan) {
        long moved = 0;
        long created = 0;
        long emptied = 0;
        Map<Long, Long> events = new LinkedHashMap<>();
        for (Map.Entry<RegroupPlan.Target, List<RegroupPlan.Examined>> change :
                plan.changes().entrySet()) {
            RegroupPlan.Target target = change.getKey();
            List<RegroupPlan.Examined> examined = change.getValue();
            RegroupPlan.Regrouped first = examined.get(0).now();
            long groupId = moves.groupFor(
                    projectId, target.type(), target.checksum(), first.message(), first.culprit(), first.level());
            List<Long> ids = new ArrayList<>(examined.size());
            for (RegroupPlan.Examined event : examined) {
                ids.add(event.eventRowId());
            }
            GroupMoves.MoveResult result = moves.move(projectId, ids, groupId);
            for (RegroupPlan.Examined event : examined) {
                Sql.bind(
                                em.createNativeQuery("UPDATE event SET checksum = ?1, grouped_by = ?2 WHERE id = ?3"),
                                target.checksum(),
                                event.now().groupedBy(),
                                event.eventRowId())
                        .executeUpdate();
            }
            moved += result.moved();
            created += result.created() && result.moved() > 0 ? 1 : 0;
            emptied += result.emptied().size();
            if (result.moved() > 0) {
                events.merge(groupId, result.moved(), Long::sum);
            }
        }
        return new Moved(moved, created, emptied, events);
    }
}
