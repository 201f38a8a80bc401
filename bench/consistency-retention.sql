-- What the cleanup keeps exact (docs/architecture.md, Retention): every count and time-spent sum, and a
-- group's first_seen, recounted from the events that remain. Every query must return 0. Unlike
-- bench/consistency.sql, it does not check what the cleanup leaves as it was by design: tag values'
-- and distributions' first/last seen, a group's time_spent_max and latest message.
--   psql -h 127.0.0.1 -U postgres -d lookout_retention_bench -f bench/consistency-retention.sql
\timing off
\pset footer off
SELECT 'event_group counts, first seen' AS check, COUNT(*) AS mismatches FROM event_group g
  FULL JOIN (SELECT group_id, COUNT(*) n, MIN(occurred_at) f, COALESCE(SUM(time_spent), 0) ts, COUNT(time_spent) tc
             FROM event GROUP BY group_id) e ON e.group_id = g.id
  WHERE g.id IS NULL OR e.group_id IS NULL OR g.times_seen <> e.n OR g.first_seen <> e.f
     OR abs(g.time_spent_total - e.ts) > 1e-6 * e.ts + 1e-6 OR g.time_spent_count <> e.tc;
SELECT 'tag_value counts' AS check, COUNT(*) AS mismatches FROM tag_value tv
  FULL JOIN (SELECT tag_value_id, COUNT(*) n FROM event_tag GROUP BY tag_value_id) x ON x.tag_value_id = tv.id
  WHERE tv.id IS NULL OR x.n IS DISTINCT FROM tv.times_seen;
SELECT 'group_tag_value counts' AS check, COUNT(*) AS mismatches FROM (
  (SELECT group_id, tag_value_id, times_seen FROM group_tag_value
   EXCEPT SELECT e.group_id, et.tag_value_id, COUNT(*) FROM event_tag et JOIN event e ON e.id = et.event_id GROUP BY 1, 2)
  UNION ALL
  (SELECT e.group_id, et.tag_value_id, COUNT(*) FROM event_tag et JOIN event e ON e.id = et.event_id GROUP BY 1, 2
   EXCEPT SELECT group_id, tag_value_id, times_seen FROM group_tag_value)) d;
SELECT 'group_hourly' AS check, COUNT(*) AS mismatches FROM (
  (SELECT group_id, hour_start, times_seen FROM group_hourly
   EXCEPT SELECT group_id, date_trunc('hour', occurred_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', COUNT(*) FROM event GROUP BY 1, 2)
  UNION ALL
  (SELECT group_id, date_trunc('hour', occurred_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', COUNT(*) FROM event GROUP BY 1, 2
   EXCEPT SELECT group_id, hour_start, times_seen FROM group_hourly)) d;
WITH v AS (SELECT id, types, ARRAY(SELECT json_array_elements_text(tag_keys::json)) AS keys FROM lookout_view),
counted AS (
  SELECT v.id AS view_id, e.group_id,
         (SELECT json_agg(e.tags::json -> k ORDER BY o)::text FROM unnest(v.keys) WITH ORDINALITY AS u(k, o)) AS kv,
         COUNT(*) n, COALESCE(SUM(e.time_spent), 0) ts
  FROM v JOIN event e ON v.types IS NULL OR e.type = ANY (string_to_array(v.types, ','))
  GROUP BY 1, 2, 3)
SELECT 'view_group counts' AS check, COUNT(*) AS mismatches FROM view_group vg
  FULL JOIN counted c ON c.view_id = vg.view_id AND c.group_id = vg.group_id
                     AND replace(c.kv, ' ', '') = replace(vg.key_values, ' ', '')
  WHERE vg.id IS NULL OR c.view_id IS NULL OR c.n <> vg.times_seen OR abs(c.ts - vg.time_spent_total) > 1e-6 * c.ts + 1e-6;
SELECT 'view_group_hourly' AS check, COUNT(*) AS mismatches FROM view_group vg
  FULL JOIN (SELECT view_group_id, SUM(times_seen) n FROM view_group_hourly GROUP BY 1) h ON h.view_group_id = vg.id
  WHERE vg.id IS NULL OR h.view_group_id IS NULL OR h.n <> vg.times_seen;
