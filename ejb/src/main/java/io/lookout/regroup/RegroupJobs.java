package io.lookout.regroup;

import io.lookout.Problem;
import io.lookout.ProblemCode;
import io.lookout.project.Projects;
import io.lookout.schema.Sql;
import io.lookout.schema.SqlRow;
import io.lookout.security.Audit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Requests, lists and cancels a project's regroup jobs (the API and the administration page). The
 * jobs themselves run in the background ({@link RegroupTimer}); at most one per project is queued
 * or running, which the table holds to across nodes (a unique key on the active project).
 */
@ApplicationScoped
public class RegroupJobs {

    /** Jobs a list answers, newest first. */
    public static final int LIST_LIMIT = 20;

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private Projects projects;

    @Inject
    private RegroupBatches batches;

    @Inject
    private Audit audit;

    /**
     * Queues a job for the project's events of the last {@code request.days()} days, up to its newest
     * event now (later ones are grouped by ingestion under the same rules).
     *
     * @param user who asks (null: the system)
     * @return the queued job
     * @throws Problem 404 for an unknown project, 409 when a job of the project is queued or running
     */
    public RegroupJob request(long projectId, RegroupRequest request, String user) throws Problem {
        if (projects.find(projectId).isEmpty()) {
            throw Problem.notFound(ProblemCode.NO_PROJECT, projectId);
        }
        Optional<RegroupJob> active = active(projectId);
        if (active.isPresent()) {
            throw busy(projectId, active.get());
        }
        try {
            RegroupJob job = batches.queue(projectId, request, user);
            audit.record(
                    "project.regroup",
                    "project " + projectId,
                    "job " + job.id() + ": the last " + job.days() + " days");
            return job;
        } catch (RuntimeException e) {
            // another request (of another node) queued one between the check and the insert
            Optional<RegroupJob> other = active(projectId);
            if (other.isPresent()) {
                throw busy(projectId, other.get());
            }
            throw e;
        }
    }

    private static Problem busy(long projectId, RegroupJob job) {
        return Problem.conflict(null, ProblemCode.REGROUP_ACTIVE, projectId, job.id());
    }

    /** The project's newest jobs, newest first. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<RegroupJob> list(long projectId) throws Problem {
        if (projects.find(projectId).isEmpty()) {
            throw Problem.notFound(ProblemCode.NO_PROJECT, projectId);
        }
        return Sql.select(RegroupJob.COLUMNS, "FROM regroup_job WHERE project_id = ")
                .value(projectId)
                .sql(" ORDER BY id DESC")
                .limit(LIST_LIMIT)
                .rows(em)
                .stream()
                .map(RegroupJob::of)
                .toList();
    }

    /** The project's queued or running job, if any. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<RegroupJob> active(long projectId) {
        return first(Sql.select(RegroupJob.COLUMNS, "FROM regroup_job WHERE active_project = ")
                .value(projectId)
                .rows(em));
    }

    /** A job by its id. */
    @Transactional(Transactional.TxType.REQUIRED)
    public Optional<RegroupJob> find(long jobId) {
        return first(Sql.select(RegroupJob.COLUMNS, "FROM regroup_job WHERE id = ")
                .value(jobId)
                .rows(em));
    }

    /**
     * Cancels the project's queued or running job: the batch running now finishes (what it moved stays
     * moved, every aggregate exact), no other starts.
     *
     * @return the cancelled job
     * @throws Problem 404 for an unknown project or when none is queued or running
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public RegroupJob cancel(long projectId) throws Problem {
        if (projects.find(projectId).isEmpty()) {
            throw Problem.notFound(ProblemCode.NO_PROJECT, projectId);
        }
        Optional<RegroupJob> active = first(Sql.select(RegroupJob.COLUMNS, "FROM regroup_job WHERE active_project = ")
                .value(projectId)
                .rows(em));
        if (active.isEmpty()) {
            throw Problem.notFound(ProblemCode.NO_ACTIVE_REGROUP, projectId);
        }
        // waits for a batch of the job holding its row, so the cancellation comes after it or before it
        em.createNativeQuery("UPDATE regroup_job SET state = ?1, active_project = NULL, finished_at = ?2"
                        + " WHERE id = ?3 AND active_project IS NOT NULL")
                .setParameter(1, RegroupJob.CANCELLED)
                .setParameter(2, OffsetDateTime.now(ZoneOffset.UTC))
                .setParameter(3, active.get().id())
                .executeUpdate();
        audit.record(
                "project.regroup-cancel",
                "project " + projectId,
                "job " + active.get().id());
        return find(active.get().id()).orElseThrow();
    }

    private static Optional<RegroupJob> first(List<SqlRow> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(RegroupJob.of(rows.get(0)));
    }
}
