-- PostgreSQL only (H2 has no fillfactor). The counter tables that ingestion updates in place
-- leave a fifth of each new page free, so that an increment finds room for the new row version on
-- the same page and stays a HOT update (no index entry written). Pages written before this keep
-- their fill until they are rewritten (VACUUM FULL or a dump and restore).
ALTER TABLE group_tag_value SET (fillfactor = 80);
ALTER TABLE tag_value SET (fillfactor = 80);
ALTER TABLE group_hourly SET (fillfactor = 80);
ALTER TABLE view_group_hourly SET (fillfactor = 80);

