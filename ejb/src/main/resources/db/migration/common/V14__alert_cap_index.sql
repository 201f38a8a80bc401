-- The hourly cap counts a project's dispatched notifications of the current window
-- (Dispatches.form, once per digest). With (project_id, created_at) that count read every
-- notification of the window, the pending and suppressed ones of a new-group storm included;
-- with the state in the key it reads only the dispatched ones. The new index also serves what
-- the old one did (the project's foreign key).
CREATE INDEX alert_notification_sent_idx ON alert_notification (project_id, state, created_at);
DROP INDEX alert_notification_project_idx;
