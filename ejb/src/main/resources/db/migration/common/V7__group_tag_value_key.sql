-- A group's distribution per tag key, without joining every tag value of the group: the key is
-- kept with the count and indexed (docs/benchmarks-queries.md, finding 4). Written by ingestion;
-- filled here for the rows that exist.
ALTER TABLE group_tag_value ADD COLUMN tag_key VARCHAR(64);
UPDATE group_tag_value SET tag_key = (SELECT tv.tag_key FROM tag_value tv WHERE tv.id = group_tag_value.tag_value_id);
CREATE INDEX group_tag_value_key_idx ON group_tag_value (group_id, tag_key, times_seen, tag_value_id);
