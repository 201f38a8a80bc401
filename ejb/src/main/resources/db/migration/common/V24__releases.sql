-- Releases (docs/releases.md): the first and the last release a group was seen in (the `release` tag
-- of its earliest and latest event that has one), kept at ingestion with the group's other counters.
ALTER TABLE event_group ADD COLUMN first_release VARCHAR(200);
ALTER TABLE event_group ADD COLUMN last_release VARCHAR(200);
-- "Resolved in release X" / "resolved in the next release": the release after which an event reopens
-- the group (an event of a newer release is a regression; of this one, an older one or none is not).
-- resolved_in_next: the group was resolved "in the next release" (resolved_in_release is then the
-- newest release of the project at that time).
ALTER TABLE event_group ADD COLUMN resolved_in_release VARCHAR(200);
ALTER TABLE event_group ADD COLUMN resolved_in_next BOOLEAN NOT NULL DEFAULT FALSE;

-- A project's releases, upserted once per batch and release: events, first and last event, and the
-- groups whose first release it is.
CREATE TABLE project_release (
    project_id  BIGINT       NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    version     VARCHAR(200) NOT NULL,
    first_seen  TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen   TIMESTAMP WITH TIME ZONE NOT NULL,
    times_seen  BIGINT       NOT NULL,
    new_groups  BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT project_release_pk PRIMARY KEY (project_id, version)
);
CREATE INDEX project_release_first_seen_idx ON project_release (project_id, first_seen);
