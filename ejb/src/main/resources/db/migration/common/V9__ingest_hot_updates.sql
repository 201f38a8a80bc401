-- Ingestion adds to a group's tag-value counts (group_tag_value) for nearly every tag of every
-- event. With times_seen in group_tag_value_key_idx (V7) no such increment could be a HOT update:
-- each one wrote a new entry into all three indexes of the table, and that upsert was a third of
-- PostgreSQL's time at ingest (docs/benchmarks.md, 2026-11-29). The index keeps what the group
-- detail and `has:` look up by (group and key); the counts are read from the rows.
DROP INDEX group_tag_value_key_idx;
CREATE INDEX group_tag_value_key_idx ON group_tag_value (group_id, tag_key);

-- event_project_occurred_id_idx (project_id, occurred_at, id), added for the cleanup (V5), serves
-- every query this one served: one index fewer to write per event.
DROP INDEX event_occurred_idx;
