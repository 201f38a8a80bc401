-- Checks that the generated aggregates equal what the events imply (what EventStore would have counted).
-- Every query must return 0. Run:  psql -h 127.0.0.1 -U postgres -d lookout_bench -f bench/consistency.sql
\timing off
\pset footer off
SELECT 'event_group aggregates' AS check, COUNT(*) AS mismatches FROM event_group g
  JOIN (SELECT group_id, COUNT(*) n, MIN(occurred_at) f, MAX(occurred_at) l, COALESCE(SUM(time_spent), 0) ts,
               COUNT(time_spent) tc, COALESCE(MAX(time_spent), 0) tm
        FROM event GROUP BY group_id) e ON e.group_id = g.id
  WHERE g.counted_only = 0 AND (g.times_seen <> e.n OR g.first_seen <> e.f OR g.last_seen <> e.l OR abs(g.time_spent_total - e.ts) > 1e-6 * e.ts + 1e-6
     OR g.time_spent_count <> e.tc OR g.time_spent_max <> e.tm
     OR abs(g.score - (ln(g.times_seen) * 600 + extract(epoch FROM g.last_seen))) > 1e-3);
-- since migration V20: a group past the per-group cap counts its rows and its counted-only events
SELECT 'event_group counted_only' AS check, COUNT(*) AS mismatches FROM event_group g
  LEFT JOIN (SELECT group_id, COUNT(*) n FROM event GROUP BY group_id) e ON e.group_id = g.id
  LEFT JOIN (SELECT group_id, SUM(times_seen) n FROM group_hourly GROUP BY group_id) h ON h.group_id = g.id
  WHERE g.counted_only > 0 AND (g.times_seen <> COALESCE(e.n, 0) + g.counted_only OR g.times_seen <> COALESCE(h.n, 0));
SELECT 'event_group latest message/level' AS check, COUNT(*) AS mismatches FROM event_group g
  JOIN LATERAL (SELECT message, culprit, level FROM event e WHERE e.group_id = g.id ORDER BY occurred_at DESC, id DESC LIMIT 1) e ON true
  WHERE g.counted_only = 0 AND (g.message <> e.message OR g.culprit IS DISTINCT FROM e.culprit OR g.level IS DISTINCT FROM e.level);
SELECT 'tag_value counts' AS check, COUNT(*) AS mismatches FROM tag_value tv
  LEFT JOIN (SELECT et.tag_value_id, COUNT(*) n, MIN(e.occurred_at) f, MAX(e.occurred_at) l
             FROM event_tag et JOIN event e ON e.id = et.event_id GROUP BY et.tag_value_id) x ON x.tag_value_id = tv.id
  WHERE x.n IS DISTINCT FROM tv.times_seen OR x.f <> tv.first_seen OR x.l <> tv.last_seen;
SELECT 'event_tag = tags JSON' AS check, COUNT(*) AS mismatches FROM (
  (SELECT e.id, j.key, j.value FROM event e, jsonb_each_text(e.tags::jsonb) j WHERE j.key NOT IN ('project', 'type')
   EXCEPT SELECT et.event_id, tv.tag_key, tv.tag_value FROM event_tag et JOIN tag_value tv ON tv.id = et.tag_value_id)
  UNION ALL
  (SELECT et.event_id, tv.tag_key, tv.tag_value FROM event_tag et JOIN tag_value tv ON tv.id = et.tag_value_id
   EXCEPT SELECT e.id, j.key, j.value FROM event e, jsonb_each_text(e.tags::jsonb) j)) d;
SELECT 'group_tag_value' AS check, COUNT(*) AS mismatches FROM (
  SELECT group_id, tag_value_id, times_seen, first_seen, last_seen FROM group_tag_value
  EXCEPT SELECT e.group_id, et.tag_value_id, COUNT(*), MIN(e.occurred_at), MAX(e.occurred_at)
         FROM event_tag et JOIN event e ON e.id = et.event_id GROUP BY 1, 2) d;
SELECT 'group_hourly' AS check, COUNT(*) AS mismatches FROM (
  (SELECT group_id, hour_start, times_seen FROM group_hourly WHERE group_id NOT IN (SELECT id FROM event_group WHERE counted_only > 0)
   EXCEPT SELECT group_id, date_trunc('hour', occurred_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', COUNT(*) FROM event GROUP BY 1, 2)
  UNION ALL
  (SELECT group_id, date_trunc('hour', occurred_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', COUNT(*) FROM event
   WHERE group_id NOT IN (SELECT id FROM event_group WHERE counted_only > 0) GROUP BY 1, 2
   EXCEPT SELECT group_id, hour_start, times_seen FROM group_hourly)) d;
-- view groups: recount from the events with each view's types and keys
WITH v AS (SELECT id, types, ARRAY(SELECT json_array_elements_text(tag_keys::json)) AS keys FROM lookout_view),
counted AS (
  SELECT v.id AS view_id, e.group_id,
         (SELECT json_agg(e.tags::json -> k ORDER BY o)::text FROM unnest(v.keys) WITH ORDINALITY AS u(k, o)) AS kv,
         COUNT(*) n, MIN(e.occurred_at) f, MAX(e.occurred_at) l, COALESCE(SUM(e.time_spent), 0) ts
  FROM v JOIN event e ON v.types IS NULL OR e.type = ANY (string_to_array(v.types, ','))
  GROUP BY 1, 2, 3)
SELECT 'view_group' AS check, COUNT(*) AS mismatches FROM view_group vg
  FULL JOIN counted c ON c.view_id = vg.view_id AND c.group_id = vg.group_id
                     AND replace(c.kv, ' ', '') = replace(vg.key_values, ' ', '')
  WHERE COALESCE(vg.group_id, c.group_id) NOT IN (SELECT id FROM event_group WHERE counted_only > 0)
    AND (vg.id IS NULL OR c.view_id IS NULL OR c.n <> vg.times_seen OR c.f <> vg.first_seen OR c.l <> vg.last_seen
     OR abs(c.ts - vg.time_spent_total) > 1e-6 * c.ts + 1e-6
     OR abs(vg.score - (ln(vg.times_seen) * 600 + extract(epoch FROM vg.last_seen))) > 1e-3
     OR vg.k1 IS DISTINCT FROM (vg.key_values::json ->> 0) OR vg.k2 IS DISTINCT FROM (vg.key_values::json ->> 1));
SELECT 'view_group_hourly' AS check, COUNT(*) AS mismatches FROM view_group vg
  JOIN (SELECT view_group_id, SUM(times_seen) n FROM view_group_hourly GROUP BY 1) h ON h.view_group_id = vg.id
  WHERE h.n <> vg.times_seen;
SELECT 'sequences' AS check, COUNT(*) AS mismatches FROM (VALUES
  ((SELECT last_value FROM event_seq) < (SELECT MAX(id) FROM event)),
  ((SELECT last_value FROM event_group_seq) < (SELECT MAX(id) FROM event_group)),
  ((SELECT last_value FROM tag_value_seq) < (SELECT MAX(id) FROM tag_value)),
  ((SELECT last_value FROM view_group_seq) < (SELECT MAX(id) FROM view_group)),
  ((SELECT last_value FROM lookout_view_seq) < (SELECT MAX(id) FROM lookout_view))) s(bad) WHERE bad;
-- since migration V7: the key kept with each group count
SELECT 'group_tag_value.tag_key' AS check, COUNT(*) AS mismatches FROM group_tag_value gt
  JOIN tag_value tv ON tv.id = gt.tag_value_id WHERE gt.tag_key IS DISTINCT FROM tv.tag_key;
-- since migration V24 (docs/releases.md): each release a tag value names has its project_release row, which
-- counts at least the tag value's events (it also counts events past the per-group cap, and the cleanup
-- does not subtract from it) over at least the tag value's span
SELECT 'project_release' AS check, COUNT(*) AS mismatches FROM tag_value tv
  LEFT JOIN project_release r ON r.project_id = tv.project_id AND r.version = tv.tag_value
  WHERE tv.tag_key = 'release' AND tv.times_seen > 0
    AND (r.version IS NULL OR r.times_seen < tv.times_seen OR r.first_seen > tv.first_seen OR r.last_seen < tv.last_seen);
-- since migration V25: the users of a group are its distribution rows of key user
SELECT 'event_group users' AS check, COUNT(*) AS mismatches FROM event_group g
  WHERE g.users <> (SELECT COUNT(*) FROM group_tag_value gt WHERE gt.group_id = g.id AND gt.tag_key = 'user');
