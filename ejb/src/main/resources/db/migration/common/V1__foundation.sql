-- Lookout schema, version 1: projects, users, events, groups and tags.
-- Runs unchanged on H2 2.x and PostgreSQL 13+ (vendor folders hold what must differ).

CREATE TABLE project (
    id             BIGINT       NOT NULL PRIMARY KEY,
    slug           VARCHAR(64)  NOT NULL UNIQUE,
    name           VARCHAR(200) NOT NULL,
    public_key     VARCHAR(64)  NOT NULL UNIQUE,
    retention_days INTEGER      NOT NULL DEFAULT 90,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE SEQUENCE project_seq START WITH 2 INCREMENT BY 1;

CREATE TABLE app_user (
    id            BIGINT       NOT NULL PRIMARY KEY,
    username      VARCHAR(100) NOT NULL UNIQUE,
    password_hash VARCHAR(512) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE SEQUENCE app_user_seq START WITH 1 INCREMENT BY 1;

CREATE TABLE user_role (
    user_id BIGINT      NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    role    VARCHAR(32) NOT NULL,
    PRIMARY KEY (user_id, role)
);

CREATE TABLE project_member (
    project_id BIGINT NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    PRIMARY KEY (project_id, user_id)
);

-- A group: the events of one type with one checksum in one project.
CREATE TABLE event_group (
    id               BIGINT        NOT NULL PRIMARY KEY,
    project_id       BIGINT        NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    type             VARCHAR(64)   NOT NULL,
    checksum         CHAR(32)      NOT NULL,
    message          VARCHAR(1000) NOT NULL,
    culprit          VARCHAR(1000),
    level            VARCHAR(32),
    status           VARCHAR(16)   NOT NULL DEFAULT 'unresolved',
    times_seen       BIGINT        NOT NULL,
    first_seen       TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen        TIMESTAMP WITH TIME ZONE NOT NULL,
    time_spent_total DOUBLE PRECISION NOT NULL DEFAULT 0,
    time_spent_count BIGINT        NOT NULL DEFAULT 0,
    CONSTRAINT event_group_checksum_uq UNIQUE (project_id, type, checksum)
);
CREATE SEQUENCE event_group_seq START WITH 1 INCREMENT BY 1;
CREATE INDEX event_group_last_seen_idx ON event_group (project_id, last_seen);

CREATE TABLE event (
    id             BIGINT        NOT NULL PRIMARY KEY,
    project_id     BIGINT        NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    event_id       CHAR(32)      NOT NULL,
    group_id       BIGINT        NOT NULL REFERENCES event_group (id) ON DELETE CASCADE,
    type           VARCHAR(64)   NOT NULL,
    checksum       CHAR(32)      NOT NULL,
    occurred_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    received_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    message        VARCHAR(1000) NOT NULL,
    culprit        VARCHAR(1000),
    level          VARCHAR(32),
    time_spent     DOUBLE PRECISION,
    correlation_id VARCHAR(200),
    tags           VARCHAR(1048576) NOT NULL,
    data           VARCHAR(1048576) NOT NULL,
    CONSTRAINT event_event_id_uq UNIQUE (project_id, event_id)
);
CREATE SEQUENCE event_seq START WITH 1 INCREMENT BY 1;
CREATE INDEX event_group_idx ON event (group_id, occurred_at);
CREATE INDEX event_occurred_idx ON event (project_id, occurred_at);
CREATE INDEX event_correlation_idx ON event (project_id, correlation_id);

-- Tag values per project with counts; events link to them (null values are not linked:
-- a missing tag and a null tag are the same).
CREATE TABLE tag_value (
    id         BIGINT       NOT NULL PRIMARY KEY,
    project_id BIGINT       NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    tag_key    VARCHAR(64)  NOT NULL,
    tag_value  VARCHAR(200) NOT NULL,
    times_seen BIGINT       NOT NULL,
    first_seen TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT tag_value_uq UNIQUE (project_id, tag_key, tag_value)
);
CREATE SEQUENCE tag_value_seq START WITH 1 INCREMENT BY 1;

CREATE TABLE event_tag (
    tag_value_id BIGINT NOT NULL REFERENCES tag_value (id) ON DELETE CASCADE,
    event_id     BIGINT NOT NULL REFERENCES event (id) ON DELETE CASCADE,
    PRIMARY KEY (tag_value_id, event_id)
);
CREATE INDEX event_tag_event_idx ON event_tag (event_id);
