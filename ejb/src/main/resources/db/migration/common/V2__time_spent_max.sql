-- The longest time spent of a group's events (queries and requests show count, total, mean, max).
ALTER TABLE event_group ADD COLUMN time_spent_max DOUBLE PRECISION NOT NULL DEFAULT 0;
