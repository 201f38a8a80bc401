-- bench/consistency.sql for H2 (no LATERAL, JSON functions or positional GROUP BY): the checks that
-- plain counting from the events cannot make in Java (it-tests' Recount makes the others): time spent,
-- score, latest summary, first/last seen of tag values and distributions, the key kept with each count.
-- Every query must return 0. With the server stopped (H2 locks its file), using WildFly's H2 jar:
--   java -cp $JBOSS_HOME/modules/system/layers/base/com/h2database/h2/main/h2-*.jar org.h2.tools.RunScript \
--     -url jdbc:h2:$JBOSS_HOME/standalone/data/lookout/lookout -user sa -password sa -script bench/consistency-h2.sql -showResults
SELECT 'event_group aggregates' AS check_name, COUNT(*) AS mismatches FROM event_group g
  JOIN (SELECT group_id, COUNT(*) n, MIN(occurred_at) f, MAX(occurred_at) l, COALESCE(SUM(time_spent), 0) ts,
               COUNT(time_spent) tc, COALESCE(MAX(time_spent), 0) tm
        FROM event GROUP BY group_id) e ON e.group_id = g.id
  WHERE g.counted_only = 0 AND (g.times_seen <> e.n OR g.first_seen <> e.f OR g.last_seen <> e.l OR ABS(g.time_spent_total - e.ts) > 1e-6 * e.ts + 1e-6
     OR g.time_spent_count <> e.tc OR g.time_spent_max <> e.tm
     OR ABS(g.score - (LN(g.times_seen) * 600 + EXTRACT(EPOCH FROM g.last_seen))) > 1e-3);
-- since migration V20: a group past the per-group cap counts its rows and its counted-only events
SELECT 'event_group counted_only' AS check_name, COUNT(*) AS mismatches FROM event_group g
  LEFT JOIN (SELECT group_id, COUNT(*) n FROM event GROUP BY group_id) e ON e.group_id = g.id
  LEFT JOIN (SELECT group_id, SUM(times_seen) n FROM group_hourly GROUP BY group_id) h ON h.group_id = g.id
  WHERE g.counted_only > 0 AND (g.times_seen <> COALESCE(e.n, 0) + g.counted_only OR g.times_seen <> COALESCE(h.n, 0));
SELECT 'event_group latest message/level' AS check_name, COUNT(*) AS mismatches FROM event_group g
  WHERE g.counted_only = 0 AND g.message <> (SELECT e.message FROM event e WHERE e.group_id = g.id ORDER BY e.occurred_at DESC, e.id DESC FETCH FIRST 1 ROW ONLY)
     OR g.counted_only = 0 AND g.culprit IS DISTINCT FROM (SELECT e.culprit FROM event e WHERE e.group_id = g.id ORDER BY e.occurred_at DESC, e.id DESC FETCH FIRST 1 ROW ONLY)
     OR g.counted_only = 0 AND g.level IS DISTINCT FROM (SELECT e.level FROM event e WHERE e.group_id = g.id ORDER BY e.occurred_at DESC, e.id DESC FETCH FIRST 1 ROW ONLY);
SELECT 'tag_value counts' AS check_name, COUNT(*) AS mismatches FROM tag_value tv
  LEFT JOIN (SELECT et.tag_value_id, COUNT(*) n, MIN(e.occurred_at) f, MAX(e.occurred_at) l
             FROM event_tag et JOIN event e ON e.id = et.event_id GROUP BY et.tag_value_id) x ON x.tag_value_id = tv.id
  WHERE x.n IS DISTINCT FROM tv.times_seen OR x.f <> tv.first_seen OR x.l <> tv.last_seen;
SELECT 'group_tag_value' AS check_name, COUNT(*) AS mismatches FROM (
  SELECT group_id, tag_value_id, times_seen, first_seen, last_seen FROM group_tag_value
  EXCEPT SELECT e.group_id, et.tag_value_id, COUNT(*), MIN(e.occurred_at), MAX(e.occurred_at)
         FROM event_tag et JOIN event e ON e.id = et.event_id GROUP BY e.group_id, et.tag_value_id) d;
SELECT 'group_hourly' AS check_name, COUNT(*) AS mismatches FROM (
  (SELECT group_id, hour_start, times_seen FROM group_hourly WHERE group_id NOT IN (SELECT id FROM event_group WHERE counted_only > 0)
   EXCEPT SELECT group_id, DATE_TRUNC('HOUR', occurred_at), COUNT(*) FROM event GROUP BY group_id, DATE_TRUNC('HOUR', occurred_at))
  UNION ALL
  (SELECT group_id, DATE_TRUNC('HOUR', occurred_at), COUNT(*) FROM event WHERE group_id NOT IN (SELECT id FROM event_group WHERE counted_only > 0)
   GROUP BY group_id, DATE_TRUNC('HOUR', occurred_at)
   EXCEPT SELECT group_id, hour_start, times_seen FROM group_hourly)) d;
-- view groups, summed per view and group (Recount compares them by their keys' values too)
SELECT 'view_group per group' AS check_name, COUNT(*) AS mismatches FROM (
  (SELECT view_id, group_id, SUM(times_seen), MIN(first_seen), MAX(last_seen) FROM view_group
   WHERE group_id NOT IN (SELECT id FROM event_group WHERE counted_only > 0) GROUP BY view_id, group_id
   EXCEPT SELECT v.id, e.group_id, COUNT(*), MIN(e.occurred_at), MAX(e.occurred_at) FROM lookout_view v
          JOIN event e ON v.types IS NULL OR POSITION(',' || e.type || ',' IN ',' || v.types || ',') > 0 GROUP BY v.id, e.group_id)
  UNION ALL
  (SELECT v.id, e.group_id, COUNT(*), MIN(e.occurred_at), MAX(e.occurred_at) FROM lookout_view v
          JOIN event e ON v.types IS NULL OR POSITION(',' || e.type || ',' IN ',' || v.types || ',') > 0
          WHERE e.group_id NOT IN (SELECT id FROM event_group WHERE counted_only > 0) GROUP BY v.id, e.group_id
   EXCEPT SELECT view_id, group_id, SUM(times_seen), MIN(first_seen), MAX(last_seen) FROM view_group GROUP BY view_id, group_id)) d;
SELECT 'view_group time spent' AS check_name, COUNT(*) AS mismatches FROM
  (SELECT view_id, group_id, SUM(time_spent_total) ts FROM view_group GROUP BY view_id, group_id) vg
  JOIN (SELECT v.id AS view_id, e.group_id, COALESCE(SUM(e.time_spent), 0) ts FROM lookout_view v
        JOIN event e ON v.types IS NULL OR POSITION(',' || e.type || ',' IN ',' || v.types || ',') > 0 GROUP BY v.id, e.group_id) c
    ON c.view_id = vg.view_id AND c.group_id = vg.group_id
  WHERE vg.group_id NOT IN (SELECT id FROM event_group WHERE counted_only > 0) AND ABS(c.ts - vg.ts) > 1e-6 * c.ts + 1e-6;
SELECT 'view_group score' AS check_name, COUNT(*) AS mismatches FROM view_group vg
  WHERE ABS(vg.score - (LN(vg.times_seen) * 600 + EXTRACT(EPOCH FROM vg.last_seen))) > 1e-3;
SELECT 'view_group_hourly' AS check_name, COUNT(*) AS mismatches FROM view_group vg
  LEFT JOIN (SELECT view_group_id, SUM(times_seen) n FROM view_group_hourly GROUP BY view_group_id) h ON h.view_group_id = vg.id
  WHERE COALESCE(h.n, 0) <> vg.times_seen;
-- since migration V7: the key kept with each group count
SELECT 'group_tag_value.tag_key' AS check_name, COUNT(*) AS mismatches FROM group_tag_value gt
  JOIN tag_value tv ON tv.id = gt.tag_value_id WHERE gt.tag_key IS DISTINCT FROM tv.tag_key;
-- since migration V24 (docs/releases.md): each release a tag value names has its project_release row, which
-- counts at least the tag value's events (it also counts events past the per-group cap, and the cleanup
-- does not subtract from it) over at least the tag value's span
SELECT 'project_release' AS check_name, COUNT(*) AS mismatches FROM tag_value tv
  LEFT JOIN project_release r ON r.project_id = tv.project_id AND r.version = tv.tag_value
  WHERE tv.tag_key = 'release' AND tv.times_seen > 0
    AND (r.version IS NULL OR r.times_seen < tv.times_seen OR r.first_seen > tv.first_seen OR r.last_seen < tv.last_seen);
-- since migration V25: the users of a group are its distribution rows of key user
SELECT 'event_group users' AS check_name, COUNT(*) AS mismatches FROM event_group g
  WHERE g.users <> (SELECT COUNT(*) FROM group_tag_value gt WHERE gt.group_id = g.id AND gt.tag_key = 'user');
