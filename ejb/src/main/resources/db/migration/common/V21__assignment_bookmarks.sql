-- Assignment and bookmarks (docs/architecture.md, "Assignment, activity and bookmarks").
--
-- A group's assignee is a user id: renaming a user keeps the assignment, deleting the user unassigns
-- (ON DELETE SET NULL). The API and the pages show the user name. The index serves "assigned to me"
-- (assigned:me / assigned:{user}) and the foreign key's SET NULL on deletion.
ALTER TABLE event_group ADD COLUMN assignee_id BIGINT NULL REFERENCES app_user (id) ON DELETE SET NULL;
CREATE INDEX event_group_assignee_idx ON event_group (assignee_id, project_id);

-- A user's starred groups ("my bookmarks", is:bookmarked): one row per (user, group); gone with
-- either. The primary key serves a user's list, the index the group's deletion.
CREATE TABLE group_bookmark (
    user_id    BIGINT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    group_id   BIGINT NOT NULL REFERENCES event_group (id) ON DELETE CASCADE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (user_id, group_id)
);
CREATE INDEX group_bookmark_group_idx ON group_bookmark (group_id);
