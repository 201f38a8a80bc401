-- Group states and score, tag distributions per group, hourly counts, runtime views.

-- status: unresolved | resolved | ignored; a new event on a resolved group reopens it (regressed_at)
ALTER TABLE event_group ADD COLUMN resolved_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE event_group ADD COLUMN regressed_at TIMESTAMP WITH TIME ZONE;
-- score = ln(times_seen) * 600 + last_seen in epoch seconds (the original Sentry formula)
ALTER TABLE event_group ADD COLUMN score DOUBLE PRECISION NOT NULL DEFAULT 0;
UPDATE event_group SET score = LN(times_seen) * 600 + EXTRACT(EPOCH FROM last_seen);
CREATE INDEX event_group_score_idx ON event_group (project_id, score);
CREATE INDEX event_group_first_seen_idx ON event_group (project_id, first_seen);
CREATE INDEX event_group_count_idx ON event_group (project_id, times_seen);

-- How often each tag value occurs in each group: distributions and group filters.
CREATE TABLE group_tag_value (
    group_id     BIGINT NOT NULL REFERENCES event_group (id) ON DELETE CASCADE,
    tag_value_id BIGINT NOT NULL REFERENCES tag_value (id) ON DELETE CASCADE,
    times_seen   BIGINT NOT NULL,
    first_seen   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (group_id, tag_value_id)
);
CREATE INDEX group_tag_value_tag_idx ON group_tag_value (tag_value_id, group_id);
INSERT INTO group_tag_value (group_id, tag_value_id, times_seen, first_seen, last_seen)
    SELECT e.group_id, et.tag_value_id, COUNT(*), MIN(e.occurred_at), MAX(e.occurred_at)
    FROM event_tag et JOIN event e ON e.id = et.event_id GROUP BY e.group_id, et.tag_value_id;

-- Events per group per hour (UTC), for charts.
CREATE TABLE group_hourly (
    group_id   BIGINT NOT NULL REFERENCES event_group (id) ON DELETE CASCADE,
    hour_start TIMESTAMP WITH TIME ZONE NOT NULL,
    times_seen BIGINT NOT NULL,
    PRIMARY KEY (group_id, hour_start)
);
INSERT INTO group_hourly (group_id, hour_start, times_seen)
    SELECT group_id, DATE_TRUNC('hour', occurred_at), COUNT(*) FROM event GROUP BY group_id, DATE_TRUNC('hour', occurred_at);

-- A view: a named slice of a project by event types (NULL = all) and an ordered list of tag keys.
-- generation orders view changes within a project: an event records the highest generation it was
-- counted under (event.view_generation), so a backfill counts exactly the events live ingestion did not.
CREATE TABLE lookout_view (
    id                 BIGINT        NOT NULL PRIMARY KEY,
    project_id         BIGINT        NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    slug               VARCHAR(64)   NOT NULL,
    name               VARCHAR(200)  NOT NULL,
    types              VARCHAR(2000),
    tag_keys           VARCHAR(2000) NOT NULL,
    generation         BIGINT        NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    backfill_state     VARCHAR(16)   NOT NULL,
    backfill_position  BIGINT        NOT NULL DEFAULT 0,
    backfill_done      BIGINT        NOT NULL DEFAULT 0,
    backfill_total     BIGINT        NOT NULL DEFAULT 0,
    backfill_claimed_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT lookout_view_slug_uq UNIQUE (project_id, slug)
);
CREATE SEQUENCE lookout_view_seq START WITH 1 INCREMENT BY 1;
ALTER TABLE project ADD COLUMN view_generation BIGINT NOT NULL DEFAULT 0;
ALTER TABLE event ADD COLUMN view_generation BIGINT NOT NULL DEFAULT 0;

-- A view group: the events of one group with one combination of values of the view's keys.
-- key_values is the JSON array of the values in the view's key order (null for absent); k1..k8
-- hold the same values one per column (a view has at most 8 keys) for filtering and breakdowns.
CREATE TABLE view_group (
    id               BIGINT        NOT NULL PRIMARY KEY,
    view_id          BIGINT        NOT NULL REFERENCES lookout_view (id) ON DELETE CASCADE,
    group_id         BIGINT        NOT NULL REFERENCES event_group (id) ON DELETE CASCADE,
    key_hash         CHAR(32)      NOT NULL,
    key_values       VARCHAR(8000) NOT NULL,
    k1 VARCHAR(200), k2 VARCHAR(200), k3 VARCHAR(200), k4 VARCHAR(200),
    k5 VARCHAR(200), k6 VARCHAR(200), k7 VARCHAR(200), k8 VARCHAR(200),
    times_seen       BIGINT        NOT NULL,
    first_seen       TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen        TIMESTAMP WITH TIME ZONE NOT NULL,
    score            DOUBLE PRECISION NOT NULL,
    time_spent_total DOUBLE PRECISION NOT NULL DEFAULT 0,
    time_spent_count BIGINT        NOT NULL DEFAULT 0,
    time_spent_max   DOUBLE PRECISION NOT NULL DEFAULT 0,
    CONSTRAINT view_group_uq UNIQUE (view_id, group_id, key_hash)
);
CREATE SEQUENCE view_group_seq START WITH 1 INCREMENT BY 1;
CREATE INDEX view_group_score_idx ON view_group (view_id, score);
CREATE INDEX view_group_group_idx ON view_group (group_id);
CREATE INDEX view_group_k1_idx ON view_group (view_id, k1);

CREATE TABLE view_group_hourly (
    view_group_id BIGINT NOT NULL REFERENCES view_group (id) ON DELETE CASCADE,
    hour_start    TIMESTAMP WITH TIME ZONE NOT NULL,
    times_seen    BIGINT NOT NULL,
    PRIMARY KEY (view_group_id, hour_start)
);
