package io.lookout.regroup;

import io.lookout.grouping.AggregateSql;
import io.lookout.project.Project;
import io.lookout.project.ProjectSnapshot;
import io.lookout.schema.Columns;
import io.lookout.schema.Sql;
import io.lookout.schema.SqlRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The transactions of the regroup jobs: queue one, take the lease that lets one node run them, claim
 * the next job, run one batch of it, mark it failed. A batch reads the job's next events in id order,
 * reprocesses them under the project's current rules ({@link Regrouper}), moves those whose checksum
 * changed to the group of their new checksum with their share of every aggregate, and advances the
 * job's position and counters, all in one transaction: a batch happens wholly or not at all, so a
 * job killed at any point resumes from its position, with nothing done twice and nothing skipped.
 */
@ApplicationScoped
public class RegroupBatches {

    private static final Columns LEASE = new Columns("holder", "valid_until");
    private static final Columns JOB =
            new Columns("id", "project_id", "state", "position", "since", "last_event", "requested_by");
    private static final Columns TARGET = new Columns("group_id", "activity_id", "events");

    @PersistenceContext(unitName = "lookout")
    private EntityManager em;

    @Inject
    private AggregateSql database;

    @Inject
    private Regrouper regrouper;

    /**
     * Outside a container, for tests against an in-process database: what the container injects
     * (an entity manager of the current transaction, the statements of its database, the regrouper).
     */
    void use(EntityManager em, AggregateSql database, Regrouper regrouper) {
        this.em = em;
        this.database = database;
        this.regrouper = regrouper;
    }

    private static final Columns ALIAS = new Columns("id", "project_id", "merged_into");

    /**
     * Moves on the events of a merge alias to its merged group, at most {@code size} of them: an
     * ingest batch that looked a group up just before a merge of it committed counts its events
     * into the group it found, now an alias (ingestion does not lock the groups it reads, and the
     * merge cannot see events not yet committed). Aliases are few and indexed; with none holding
     * events this is one short query.
     *
     * @return the events moved
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public long drainAliases(int size) {
        List<SqlRow> aliases = ALIAS.select(
                em,
                "FROM event_group WHERE merged_into IS NOT NULL AND times_seen > 0 ORDER BY id FETCH FIRST 10 ROWS ONLY");
        long moved = 0;
        for (SqlRow alias : aliases) {
            if (moved >= size) {
                break;
            }
            List<Long> ids = new ArrayList<>();
            for (Object id : em.createNativeQuery("SELECT id FROM event WHERE group_id = ?1 ORDER BY id FETCH FIRST "
                            + (size - moved) + " ROWS ONLY")
                    .setParameter(1, alias.number("id"))
                    .getResultList()) {
                ids.add(((Number) id).longValue());
            }
            moved += regrouper
                    .move(alias.number("project_id"), ids, alias.number("merged_into"))
                    .moved();
        }
        return moved;
    }

    /** Queues a job (see {@link RegroupJobs#request}); fails on the unique key when the project has an active one. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public RegroupJob queue(long projectId, RegroupRequest request, String user) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime since = now.minusDays(request.days());
        long lastEvent = ((Number) em.createNativeQuery("SELECT COALESCE(MAX(id), 0) FROM event WHERE project_id = ?1")
                        .setParameter(1, projectId)
                        .getSingleResult())
                .longValue();
        long total = ((Number) em.createNativeQuery("SELECT COUNT(*) FROM event"
                                + " WHERE project_id = ?1 AND occurred_at >= ?2 AND id <= ?3")
                        .setParameter(1, projectId)
                        .setParameter(2, since)
                        .setParameter(3, lastEvent)
                        .getSingleResult())
                .longValue();
        long id = database.nextIds(em, "regroup_job_seq", 1).get(0);
        Sql.bind(
                        em.createNativeQuery(
                                "INSERT INTO regroup_job (id, project_id, requested_by, requested_at, days,"
                                        + " since, last_event, state, active_project, position, total)"
                                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?2, 0, ?9)"),
                        id,
                        projectId,
                        user,
                        now,
                        request.days(),
                        since,
                        lastEvent,
                        RegroupJob.QUEUED,
                        total)
                .executeUpdate();
        return RegroupJob.of(Sql.select(RegroupJob.COLUMNS, "FROM regroup_job WHERE id = ")
                .value(id)
                .rows(em)
                .get(0));
    }

    /** Takes or renews the regroup lease; false when another node (or run) holds it. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean lease(String holder, OffsetDateTime until) {
        return em.createNativeQuery("UPDATE node_lease SET holder = ?1, valid_until = ?2"
                                + " WHERE name = 'regroup' AND (valid_until < ?3 OR holder = ?1)")
                        .setParameter(1, holder)
                        .setParameter(2, until)
                        .setParameter(3, OffsetDateTime.now(ZoneOffset.UTC))
                        .executeUpdate()
                == 1;
    }

    /** Who holds the lease (null if nobody ever did) and until when. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Map.Entry<String, OffsetDateTime> leaseHolder() {
        List<SqlRow> rows = LEASE.select(em, "FROM node_lease WHERE name = 'regroup'");
        return rows.isEmpty()
                ? Map.entry("", OffsetDateTime.MIN)
                : Map.entry(
                        rows.get(0).text("holder") == null ? "" : rows.get(0).text("holder"),
                        rows.get(0).time("valid_until"));
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void release(String holder) {
        em.createNativeQuery("UPDATE node_lease SET valid_until = ?1 WHERE name = 'regroup' AND holder = ?2")
                .setParameter(1, OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1))
                .setParameter(2, holder)
                .executeUpdate();
    }

    /**
     * The oldest active job, marked running (and started, the first time); empty when none waits.
     * Called by the lease's holder only, so nobody else runs it meanwhile.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<Long> next() {
        List<SqlRow> rows = Sql.select(new Columns("id", "state"), "FROM regroup_job WHERE active_project IS NOT NULL")
                .sql(" ORDER BY id")
                .limit(1)
                .rows(em);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        long id = rows.get(0).number("id");
        if (RegroupJob.QUEUED.equals(rows.get(0).text("state"))) {
            em.createNativeQuery("UPDATE regroup_job SET state = ?1, started_at = ?2 WHERE id = ?3 AND state = ?4")
                    .setParameter(1, RegroupJob.RUNNING)
                    .setParameter(2, OffsetDateTime.now(ZoneOffset.UTC))
                    .setParameter(3, id)
                    .setParameter(4, RegroupJob.QUEUED)
                    .executeUpdate();
        }
        return Optional.of(id);
    }

    /**
     * One batch of the job: up to {@code size} of its events after its position, reprocessed, the
     * changed ones moved, the position and counters advanced; the job is done when it read fewer.
     *
     * @return {@code true} when the job is finished (done, or cancelled or gone meanwhile)
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean step(long jobId, int size) {
        // the job's row lock: a cancellation waits for this batch, or this batch sees it
        List<SqlRow> jobs = JOB.select(em, "FROM regroup_job WHERE id = ?1 FOR UPDATE", jobId);
        if (jobs.isEmpty() || !RegroupJob.RUNNING.equals(jobs.get(0).text("state"))) {
            return true;
        }
        SqlRow job = jobs.get(0);
        long projectId = job.number("project_id");
        long position = job.number("position");
        Optional<Project> project = Optional.ofNullable(em.find(Project.class, projectId));
        if (project.isEmpty()) {
            return true;
        }
        ProjectSnapshot rules = ProjectSnapshot.of(project.get());
        List<SqlRow> rows = Sql.select(Regrouper.EVENT, "FROM event WHERE project_id = ")
                .value(projectId)
                .sql(" AND id > ")
                .value(position)
                .sql(" AND id <= ")
                .value(job.number("last_event"))
                .sql(" AND occurred_at >= ")
                .value(job.time("since"))
                .sql(" ORDER BY id")
                .limit(size)
                .rows(em);
        List<RegroupPlan.Examined> examined = new ArrayList<>(rows.size());
        for (SqlRow row : rows) {
            examined.add(new RegroupPlan.Examined(
                    row.number("id"),
                    row.text("type"),
                    row.text("checksum").trim(),
                    row.number("group_id"),
                    regrouper.regroup(row, rules).orElse(null)));
        }
        RegroupPlan plan = RegroupPlan.of(position, examined);
        Regrouper.Moved moved = regrouper.move(em, projectId, plan);
        recordTargets(jobId, projectId, job.text("requested_by"), moved.events());

        boolean finished = rows.size() < size;
        // the job ends with the batch that read fewer events than it asked for
        String end = finished ? ", state = ?7, finished_at = ?8, active_project = NULL" : "";
        Query update = em.createNativeQuery("UPDATE regroup_job SET position = ?1, examined = examined + ?2,"
                        + " skipped = skipped + ?3, moved = moved + ?4, groups_created = groups_created + ?5,"
                        + " groups_emptied = groups_emptied + ?6, batches = batches + 1" + end + " WHERE id = ?9")
                .setParameter(1, plan.position())
                .setParameter(2, plan.examined())
                .setParameter(3, plan.skipped())
                .setParameter(4, moved.moved())
                .setParameter(5, moved.groupsCreated())
                .setParameter(6, moved.groupsEmptied())
                .setParameter(9, jobId);
        if (finished) {
            update.setParameter(7, RegroupJob.DONE).setParameter(8, OffsetDateTime.now(ZoneOffset.UTC));
        }
        update.executeUpdate();
        return finished;
    }

    /**
     * The history of the groups that received events: one {@code regrouped} row per job and group,
     * its count kept up to date batch by batch ("N events moved here by regroup job J").
     */
    private void recordTargets(long jobId, long projectId, String user, Map<Long, Long> events) {
        if (events.isEmpty()) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        long joined = 0;
        for (Map.Entry<Long, Long> target : events.entrySet()) {
            long groupId = target.getKey();
            List<SqlRow> known =
                    TARGET.select(em, "FROM regroup_target WHERE job_id = ?1 AND group_id = ?2", jobId, groupId);
            long total = target.getValue() + (known.isEmpty() ? 0 : known.get(0).number("events"));
            String details = "{\"job\":" + jobId + ",\"events\":" + total + "}";
            if (known.isEmpty()) {
                long activity = database.nextIds(em, "group_activity_seq", 1).get(0);
                Sql.bind(
                                em.createNativeQuery("INSERT INTO group_activity (id, project_id, group_id, at, actor,"
                                        + " kind, details) VALUES (?1, ?2, ?3, ?4, ?5, 'regrouped', ?6)"),
                                activity,
                                projectId,
                                groupId,
                                now,
                                user,
                                details)
                        .executeUpdate();
                Sql.bind(
                                em.createNativeQuery(
                                        "INSERT INTO regroup_target (job_id, group_id, activity_id, events)"
                                                + " VALUES (?1, ?2, ?3, ?4)"),
                                jobId,
                                groupId,
                                activity,
                                total)
                        .executeUpdate();
                joined++;
            } else {
                Sql.bind(
                                em.createNativeQuery("UPDATE group_activity SET details = ?1, at = ?2 WHERE id = ?3"),
                                details,
                                now,
                                known.get(0).numberOrNull("activity_id"))
                        .executeUpdate();
                Sql.bind(
                                em.createNativeQuery(
                                        "UPDATE regroup_target SET events = ?1 WHERE job_id = ?2 AND group_id = ?3"),
                                total,
                                jobId,
                                groupId)
                        .executeUpdate();
            }
        }
        if (joined > 0) {
            em.createNativeQuery("UPDATE regroup_job SET groups_joined = groups_joined + ?1 WHERE id = ?2")
                    .setParameter(1, joined)
                    .setParameter(2, jobId)
                    .executeUpdate();
        }
    }

    /** Marks the job failed with the error; what its committed batches did stays, every aggregate exact. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void fail(long jobId, String error) {
        String text = error == null ? "failed" : error.length() > 2000 ? error.substring(0, 2000) : error;
        em.createNativeQuery("UPDATE regroup_job SET state = ?1, error = ?2, finished_at = ?3, active_project = NULL"
                        + " WHERE id = ?4 AND active_project IS NOT NULL")
                .setParameter(1, RegroupJob.FAILED)
                .setParameter(2, text)
                .setParameter(3, OffsetDateTime.now(ZoneOffset.UTC))
                .setParameter(4, jobId)
                .executeUpdate();
    }
}
