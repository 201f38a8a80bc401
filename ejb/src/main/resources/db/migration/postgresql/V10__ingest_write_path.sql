-- PostgreSQL only (H2 has no fillfactor). The counter tables that ingestion updates in place
-- leave a fifth of each new page free, so that an increment finds room for the new row version on
-- the same page and stays a HOT update (no index entry written). Pages written before this keep
-- their fill until they are rewritten (VACUUM FULL or a dump and restore).
ALTER TABLE group_tag_value SET (fillfactor = 80);
ALTER TABLE tag_value SET (fillfactor = 80);
ALTER TABLE group_hourly SET (fillfactor = 80);
ALTER TABLE view_group_hourly SET (fillfactor = 80);

-- An event has a dozen tag links, and each link's two foreign keys ran a check per row that also
-- locked the tag value and the event (FOR KEY SHARE): 60 % of the time of inserting the links
-- (docs/benchmarks.md, 2026-11-29). Only ingestion writes links (with the event, in its
-- transaction, to tag values it has just read or created) and only the cleanup deletes them
-- (explicitly, before their events; it deletes a tag value once no event counts it), so the
-- references hold without the checks. H2 keeps them.
ALTER TABLE event_tag DROP CONSTRAINT event_tag_tag_value_id_fkey;
ALTER TABLE event_tag DROP CONSTRAINT event_tag_event_id_fkey;
