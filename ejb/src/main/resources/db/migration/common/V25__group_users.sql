-- Users affected (issue 21, item 2): the number of distinct values of the `user` tag a group's
-- events carry, kept with the group (docs/architecture.md, "Users affected"). Ingestion adds the
-- group's new rows of group_tag_value with key `user`; the cleanup takes away those it deletes;
-- merge and regroup count them again. Filled here for the rows that exist.
ALTER TABLE event_group ADD COLUMN users BIGINT DEFAULT 0 NOT NULL;
UPDATE event_group SET users = (SELECT COUNT(*) FROM group_tag_value gt
    WHERE gt.group_id = event_group.id AND gt.tag_key = 'user');
CREATE INDEX event_group_users_idx ON event_group (project_id, users);
