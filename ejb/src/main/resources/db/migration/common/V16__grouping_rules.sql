-- Grouping rules per project (docs/grouping.md, "Rules"): the text as an admin wrote it, null for none,
-- and when it last changed. The sender's fingerprint is kept with each event (a JSON array, null when
-- the event had none) so that stored events can be processed again faithfully; events stored before
-- have none (their fingerprint is recovered from grouped_by).
ALTER TABLE project ADD COLUMN grouping_rules VARCHAR(65536);
ALTER TABLE project ADD COLUMN grouping_rules_updated_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE event ADD COLUMN fingerprint VARCHAR(1048576);
