-- Quotas and spike protection (docs/architecture.md, "Quotas"): per-project limits (NULL: the
-- server's default from lookout.quota.*), the accepted events per project and window shared by all
-- nodes, and what the quotas dropped per project and hour.

ALTER TABLE project ADD COLUMN quota_per_minute BIGINT;
ALTER TABLE project ADD COLUMN quota_per_day BIGINT;
ALTER TABLE project ADD COLUMN quota_spike_factor DOUBLE PRECISION;

-- every node adds what it accepted, about once a second; window_kind 'm' (the minute that starts at
-- window_start) or 'd' (the UTC day); minute rows are kept 25 hours (the spike rule's normal rate)
CREATE TABLE quota_usage (
    project_id   BIGINT       NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    window_kind  CHAR(1)      NOT NULL,
    window_start TIMESTAMP WITH TIME ZONE NOT NULL,
    accepted     BIGINT       NOT NULL,
    CONSTRAINT quota_usage_pk PRIMARY KEY (project_id, window_kind, window_start)
);

-- events refused over a quota (dropped) per project and hour, kept as long as the project's events
CREATE TABLE quota_drop (
    project_id   BIGINT       NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    hour_start   TIMESTAMP WITH TIME ZONE NOT NULL,
    dropped      BIGINT       NOT NULL,
    CONSTRAINT quota_drop_pk PRIMARY KEY (project_id, hour_start)
);

-- the per-group cap (lookout.quota.group-per-minute): the minute a group's events are counted in
-- and how many it had in it; counted_only: the group's events counted in its aggregates but stored
-- without an event row (so times_seen = its event rows + counted_only, until retention)
ALTER TABLE event_group ADD COLUMN cap_minute TIMESTAMP WITH TIME ZONE;
ALTER TABLE event_group ADD COLUMN cap_events BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE event_group ADD COLUMN counted_only BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE quota_drop ADD COLUMN counted_only BIGINT DEFAULT 0 NOT NULL;
