-- Regroup jobs (docs/grouping.md, "Regroup"): a project's stored events reprocessed under its current
-- grouping rules, in bounded batches, each a transaction that moves the events whose checksum changed
-- and advances the job's position with its counters. A restart resumes from the position.
CREATE TABLE regroup_job (
    id             BIGINT        NOT NULL PRIMARY KEY,
    project_id     BIGINT        NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    requested_by   VARCHAR(200),
    requested_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    days           INTEGER       NOT NULL,
    -- events that occurred at or after this, ...
    since          TIMESTAMP WITH TIME ZONE NOT NULL,
    -- ... up to the project's newest event row when the job was requested (later ones were grouped by
    -- ingest under the same rules)
    last_event     BIGINT        NOT NULL,
    -- queued, running, done, failed, cancelled
    state          VARCHAR(16)   NOT NULL,
    -- the project while the job is queued or running, null after: at most one active job per project
    active_project BIGINT,
    -- the last event row id done
    position       BIGINT        NOT NULL DEFAULT 0,
    -- the events to examine, counted when the job was requested
    total          BIGINT        NOT NULL DEFAULT 0,
    examined       BIGINT        NOT NULL DEFAULT 0,
    -- events whose processor is gone or that it no longer accepts: left where they are
    skipped        BIGINT        NOT NULL DEFAULT 0,
    moved          BIGINT        NOT NULL DEFAULT 0,
    groups_created BIGINT        NOT NULL DEFAULT 0,
    groups_emptied BIGINT        NOT NULL DEFAULT 0,
    -- groups that received moved events (created or existing)
    groups_joined  BIGINT        NOT NULL DEFAULT 0,
    batches        BIGINT        NOT NULL DEFAULT 0,
    started_at     TIMESTAMP WITH TIME ZONE,
    finished_at    TIMESTAMP WITH TIME ZONE,
    error          VARCHAR(2000),
    CONSTRAINT regroup_job_active_uq UNIQUE (active_project)
);
CREATE SEQUENCE regroup_job_seq START WITH 1 INCREMENT BY 1;
CREATE INDEX regroup_job_project_idx ON regroup_job (project_id, id);

-- The groups a job moved events into, with the history row that says so (kept up to date batch by
-- batch, in the batch's transaction): one row per job and group.
CREATE TABLE regroup_target (
    job_id      BIGINT NOT NULL REFERENCES regroup_job (id) ON DELETE CASCADE,
    group_id    BIGINT NOT NULL,
    activity_id BIGINT,
    events      BIGINT NOT NULL,
    PRIMARY KEY (job_id, group_id)
);

-- One node at a time runs the jobs, as the cleanup does.
INSERT INTO node_lease (name, holder, valid_until) VALUES ('regroup', NULL, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00');
