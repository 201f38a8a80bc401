-- Data and tags merge: top-level scalar fields of an event's data whose keys a project declares
-- filterable become tags of the event (a JSON array of keys).
ALTER TABLE project ADD COLUMN filterable_data_keys VARCHAR(2000) NOT NULL DEFAULT '[]';
