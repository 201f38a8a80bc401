-- The last 24 hours of every group, for the dashboard's sparklines of projects, types and views
-- (Overview): without it, each of those reads the whole group_hourly table (347,000 rows at 1 M
-- events: 170-180 ms under load, 48 ms with this index). times_seen is left out so that the
-- counters' increments at ingest stay HOT updates.
-- Version 10: 8 and 9 are reserved for other work.
CREATE INDEX group_hourly_hour_idx ON group_hourly (hour_start, group_id);
