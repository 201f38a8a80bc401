-- Why an event joined its group, as its processor and fingerprint described it at ingest: a compact
-- JSON array of {label, value, used, reason}, bounded by the server; events stored before have none.
ALTER TABLE event ADD COLUMN grouped_by VARCHAR(16384);
