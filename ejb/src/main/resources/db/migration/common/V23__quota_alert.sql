-- The "quota reached" trigger (docs/alerts.md): its notifications have no group or event; what
-- they tell (the limit, its value, the window) is kept as JSON here. The refused events so far
-- are counted in threshold_events.
ALTER TABLE alert_notification ADD COLUMN detail VARCHAR(1000);
