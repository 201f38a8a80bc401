-- Merge and split (docs/grouping.md, "Merge and split"), and a group's history.
--
-- A group merged into another keeps its row, empty, as an alias of its checksum: new events of that
-- checksum go to the group it points to (ingest follows merged_into once: a merge target passes its
-- own aliases on, so an alias never points to another alias). Lists, search, the dashboard and views
-- leave aliases out.
ALTER TABLE event_group ADD COLUMN merged_into BIGINT NULL REFERENCES event_group (id) ON DELETE SET NULL;
CREATE INDEX event_group_merged_into_idx ON event_group (merged_into);

-- What happened to a group, newest first on its page and in GET .../activity: one row per change.
-- kind names the change (merged, split, regrouped; later status changes, comments, assignments),
-- actor the user (null: the system), details a JSON object whose fields depend on the kind
-- (e.g. {"groups": [{"id", "checksum"}], "events": n} for a merge). A merge writes a row on the
-- merged group and on each group merged into it.
CREATE TABLE group_activity (
    id         BIGINT        NOT NULL PRIMARY KEY,
    project_id BIGINT        NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    group_id   BIGINT        NOT NULL REFERENCES event_group (id) ON DELETE CASCADE,
    at         TIMESTAMP WITH TIME ZONE NOT NULL,
    actor      VARCHAR(200),
    kind       VARCHAR(32)   NOT NULL,
    details    VARCHAR(16384) NOT NULL DEFAULT '{}'
);
CREATE SEQUENCE group_activity_seq START WITH 1 INCREMENT BY 1;
CREATE INDEX group_activity_group_at_idx ON group_activity (group_id, at);
