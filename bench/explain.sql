-- The SQL behind the four benchmarked operations, as Search, GroupDetails and Dashboard assemble it,
-- with the parameters QueryBench picks on the default data (DataGenerator --events=1000000 --seed=42),
-- then the proposed changes (docs/benchmarks-queries.md, "Findings"). Read-only unless the last part
-- is uncommented; the DDL there is for the bench database only (migration V7 has since made it part of the schema:
-- then the (c) statements below show the old query shapes, and the commented ones the new).
--
--   psql -h 127.0.0.1 -U postgres -d lookout_bench -f bench/explain.sql
\timing on
\set since 'now() - interval ''335 hours'''

-- (a) GET /api/1/groups?view=all-by-server-environment&query=server:web-01 environment:production
--     the list (fast) ...
EXPLAIN (ANALYZE, BUFFERS)
SELECT vg.id, vg.score, vg.last_seen, vg.first_seen, vg.times_seen FROM view_group vg
  JOIN event_group g ON g.id = vg.group_id
 WHERE vg.view_id = (SELECT id FROM lookout_view WHERE project_id = 1 AND slug = 'all-by-server-environment')
   AND g.status <> 'ignored' AND vg.k1 = 'web-01' AND vg.k2 = 'production'
 ORDER BY vg.score DESC, vg.id DESC LIMIT 51;
--     ... then, for each of the 50 rows, GroupDetails.viewGroup: three statements and one JSON object
--     per hour (up to 336) built with Json.createObjectBuilder()
EXPLAIN (ANALYZE, BUFFERS)
SELECT hour_start, times_seen FROM view_group_hourly
 WHERE view_group_id = (SELECT MIN(id) FROM view_group WHERE view_id = 2 AND k1 = 'web-01' AND k2 = 'production')
   AND hour_start >= :since ORDER BY hour_start;

-- (b) GET /api/1/events?query=environment:production level:error (and the medium and rare pairs)
EXPLAIN (ANALYZE, BUFFERS)
SELECT e.* FROM event e WHERE e.project_id = 1
   AND EXISTS (SELECT 1 FROM event_tag et WHERE et.event_id = e.id AND et.tag_value_id =
               (SELECT id FROM tag_value WHERE project_id = 1 AND tag_key = 'environment' AND tag_value = 'production'))
   AND EXISTS (SELECT 1 FROM event_tag et WHERE et.event_id = e.id AND et.tag_value_id =
               (SELECT id FROM tag_value WHERE project_id = 1 AND tag_key = 'level' AND tag_value = 'error'))
 ORDER BY e.id DESC LIMIT 51;

-- (c) GET /api/1/groups/4 (the biggest group: 102,171 events, 28,485 group_tag_value rows)
--     the per-key counts: a hash join of the group's rows with all of tag_value
EXPLAIN (ANALYZE, BUFFERS)
SELECT tv.tag_key, SUM(gt.times_seen), COUNT(*) FROM group_tag_value gt JOIN tag_value tv ON tv.id = gt.tag_value_id
 WHERE gt.group_id = 4 GROUP BY tv.tag_key ORDER BY tv.tag_key;
--     the top values of one key, run once per key with at most 1,000 values (11 keys here):
--     no project_id, so tag_value_uq (project_id, tag_key, tag_value) is unusable: a sequential scan of tag_value each time
EXPLAIN (ANALYZE, BUFFERS)
SELECT tv.tag_value, gt.times_seen FROM group_tag_value gt JOIN tag_value tv ON tv.id = gt.tag_value_id
 WHERE gt.group_id = 4 AND tv.tag_key = 'server' ORDER BY gt.times_seen DESC, tv.tag_value LIMIT 10;
--     fix 1 (query only): the same with the project, which the caller has at hand
EXPLAIN (ANALYZE, BUFFERS)
SELECT tv.tag_value, gt.times_seen FROM group_tag_value gt JOIN tag_value tv ON tv.id = gt.tag_value_id
 WHERE gt.group_id = 4 AND tv.project_id = 1 AND tv.tag_key = 'server' ORDER BY gt.times_seen DESC, tv.tag_value LIMIT 10;
--     the latest events (StoredEvent.latestOfGroup) and the hourly counts are cheap
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM event WHERE group_id = 4 ORDER BY id DESC LIMIT 10;

-- (d) GET /api/1/dashboard: per view, the first key's distinct values decide breakdown or list ...
EXPLAIN (ANALYZE, BUFFERS)
SELECT k1, COUNT(*), SUM(vg.times_seen) FROM view_group vg JOIN event_group g ON g.id = vg.group_id
 WHERE vg.view_id = 2 AND g.status <> 'ignored' GROUP BY k1 ORDER BY SUM(vg.times_seen) DESC LIMIT 21;
--     fix: ask first whether there are more than threshold (20) distinct values, by a loose index
--     scan of view_group_k1_idx (view_id, k1): at most 21 index probes, whatever the view's size
EXPLAIN (ANALYZE, BUFFERS)
WITH RECURSIVE k AS (
    (SELECT k1 AS v FROM view_group WHERE view_id = 2 AND k1 IS NOT NULL ORDER BY k1 LIMIT 1)
    UNION ALL
    SELECT (SELECT vg.k1 FROM view_group vg WHERE vg.view_id = 2 AND vg.k1 > k.v ORDER BY vg.k1 LIMIT 1)
      FROM k WHERE k.v IS NOT NULL)
SELECT (SELECT COUNT(v) FROM (SELECT v FROM k WHERE v IS NOT NULL LIMIT 21) s)
     + (SELECT COUNT(*) FROM (SELECT 1 FROM view_group WHERE view_id = 2 AND k1 IS NULL LIMIT 1) n) AS distinct_values;

-- Proposed schema change for (c), measured by hand on the bench database (see the findings).
-- ALTER TABLE group_tag_value ADD COLUMN tag_key VARCHAR(64);
-- UPDATE group_tag_value gt SET tag_key = tv.tag_key FROM tag_value tv WHERE tv.id = gt.tag_value_id;
-- ALTER TABLE group_tag_value ALTER COLUMN tag_key SET NOT NULL;
-- CREATE INDEX group_tag_value_key_idx ON group_tag_value (group_id, tag_key, times_seen DESC) INCLUDE (tag_value_id);
-- VACUUM ANALYZE group_tag_value;
-- EXPLAIN (ANALYZE, BUFFERS) SELECT tag_key, SUM(times_seen), COUNT(*) FROM group_tag_value
--  WHERE group_id = 4 GROUP BY tag_key ORDER BY tag_key;
-- EXPLAIN (ANALYZE, BUFFERS) SELECT tv.tag_value, gt.times_seen FROM group_tag_value gt JOIN tag_value tv ON tv.id = gt.tag_value_id
--  WHERE gt.group_id = 4 AND gt.tag_key = 'server' ORDER BY gt.times_seen DESC, tv.tag_value LIMIT 10;
