-- Search that finds things (docs/architecture.md, "Full-text search of groups"; docs/api.md, "Query syntax").
--
-- search_words: the words a group is found by, made by io.lookout.grouping.SearchText (lower case,
-- dotted names with their parts and tails, one space between words) from the group's summary and its
-- latest event's exception type, value and frames. Written with the group's row at ingestion; NULL
-- only for groups stored before this migration, which SearchWordsBackfill fills at startup in bounded
-- batches walking the ids (an empty string: a group without words). PostgreSQL indexes it with GIN (V27, PostgreSQL only); H2 compares it.
ALTER TABLE event_group ADD COLUMN search_words VARCHAR(4000);

-- A user's saved searches: private to the user, gone with the user (or the project they were saved in).
CREATE TABLE saved_search (
    id         BIGINT        NOT NULL PRIMARY KEY,
    user_id    BIGINT        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    project_id BIGINT        NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    name       VARCHAR(100)  NOT NULL,
    query      VARCHAR(1000) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT saved_search_name_uq UNIQUE (user_id, name)
);
CREATE INDEX saved_search_project_idx ON saved_search (project_id);
CREATE SEQUENCE saved_search_seq START WITH 1 INCREMENT BY 1;
