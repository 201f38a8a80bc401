-- Retention: one cleaner at a time across nodes, by a lease in the database.
CREATE TABLE node_lease (
    name        VARCHAR(64)  NOT NULL PRIMARY KEY,
    holder      VARCHAR(200),
    valid_until TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO node_lease (name, holder, valid_until) VALUES ('retention', NULL, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00');
-- retention walks old events per project by time
CREATE INDEX event_project_occurred_id_idx ON event (project_id, occurred_at, id);
