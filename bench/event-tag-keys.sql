-- What event_tag's foreign key to event costs PostgreSQL (migration V11, docs/architecture.md,
-- "The foreign keys"): 40 batches of 500 events with 10 tag links each, written alternately into a
-- pair of tables with the key and a pair without it, in a scratch schema that is dropped at the end.
-- Prints the time of each. Run:  psql -h 127.0.0.1 -U postgres -d test -f bench/event-tag-keys.sql
DROP SCHEMA IF EXISTS fkx CASCADE; CREATE SCHEMA fkx; SET search_path = fkx;
CREATE TABLE tv (id bigint PRIMARY KEY, v text);
INSERT INTO tv SELECT g, 'v'||g FROM generate_series(1,20000) g;
CREATE TABLE ev (id bigint PRIMARY KEY, data text);
CREATE TABLE et_fk (tag_value_id bigint NOT NULL REFERENCES tv(id) ON DELETE CASCADE, event_id bigint NOT NULL REFERENCES ev(id) ON DELETE CASCADE, PRIMARY KEY (tag_value_id, event_id));
CREATE INDEX ON et_fk(event_id);
CREATE TABLE ev2 (id bigint PRIMARY KEY, data text);
CREATE TABLE et_nofk (tag_value_id bigint NOT NULL REFERENCES tv(id) ON DELETE CASCADE, event_id bigint NOT NULL, PRIMARY KEY (tag_value_id, event_id));
CREATE INDEX ON et_nofk(event_id);
\timing on
-- the same rows into each pair, one batch after the other
DO $$
DECLARE b int; t0 timestamptz; a interval := '0'; n interval := '0';
BEGIN
  FOR b IN 0..39 LOOP
    t0 := clock_timestamp();
    INSERT INTO ev SELECT g, repeat('x', 1200) FROM generate_series(b*500+1, b*500+500) g;
    INSERT INTO et_fk SELECT ((g*7919 + k*104729) % 20000) + 1, g FROM generate_series(b*500+1, b*500+500) g, generate_series(1,10) k ON CONFLICT DO NOTHING;
    a := a + (clock_timestamp() - t0);
    t0 := clock_timestamp();
    INSERT INTO ev2 SELECT g, repeat('x', 1200) FROM generate_series(b*500+1, b*500+500) g;
    INSERT INTO et_nofk SELECT ((g*7919 + k*104729) % 20000) + 1, g FROM generate_series(b*500+1, b*500+500) g, generate_series(1,10) k ON CONFLICT DO NOTHING;
    n := n + (clock_timestamp() - t0);
  END LOOP;
  RAISE NOTICE 'with the event key: %, without: %', a, n;
END $$;
DROP SCHEMA fkx CASCADE;
