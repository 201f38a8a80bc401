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

-- What was stored before this migration: each release the `release` tag names, with its events and its
-- first and last event (from the tag value's own counts), each group's first and last release (of its
-- earliest and latest release-tagged events, from its distribution), and each release's new groups.
INSERT INTO project_release (project_id, version, first_seen, last_seen, times_seen, new_groups)
SELECT tv.project_id, tv.tag_value, tv.first_seen, tv.last_seen, tv.times_seen, 0
  FROM tag_value tv
 WHERE tv.tag_key = 'release' AND tv.tag_value IS NOT NULL AND tv.times_seen > 0;

UPDATE event_group
   SET first_release = (SELECT tv.tag_value FROM group_tag_value gt JOIN tag_value tv ON tv.id = gt.tag_value_id
                         WHERE gt.group_id = event_group.id AND gt.tag_key = 'release' AND tv.tag_value IS NOT NULL
                         ORDER BY gt.first_seen, tv.tag_value FETCH FIRST 1 ROW ONLY),
       last_release = (SELECT tv.tag_value FROM group_tag_value gt JOIN tag_value tv ON tv.id = gt.tag_value_id
                        WHERE gt.group_id = event_group.id AND gt.tag_key = 'release' AND tv.tag_value IS NOT NULL
                        ORDER BY gt.last_seen DESC, tv.tag_value DESC FETCH FIRST 1 ROW ONLY)
 WHERE EXISTS (SELECT 1 FROM group_tag_value gt WHERE gt.group_id = event_group.id AND gt.tag_key = 'release');

UPDATE project_release
   SET new_groups = (SELECT COUNT(*) FROM event_group g
                      WHERE g.project_id = project_release.project_id AND g.first_release = project_release.version);
