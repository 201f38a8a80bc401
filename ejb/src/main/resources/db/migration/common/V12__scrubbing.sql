-- Scrubbing of secrets, per project: on by default, extra sensitive keys and safe keys as JSON
-- arrays, client IP addresses replaced unless kept.
ALTER TABLE project ADD COLUMN scrub_enabled BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE project ADD COLUMN scrub_sensitive_keys VARCHAR(4000) NOT NULL DEFAULT '[]';
ALTER TABLE project ADD COLUMN scrub_safe_keys VARCHAR(4000) NOT NULL DEFAULT '[]';
ALTER TABLE project ADD COLUMN scrub_keep_ip_addresses BOOLEAN NOT NULL DEFAULT FALSE;
-- How many values were scrubbed from the project's stored events. A table of its own: the
-- consumer adds to it in every batch transaction, and the project row stays free of those locks.
CREATE TABLE project_scrub_count (
    project_id      BIGINT NOT NULL PRIMARY KEY REFERENCES project (id) ON DELETE CASCADE,
    scrubbed_values BIGINT NOT NULL
);
