-- Access (docs/security.md): personal API tokens (only a SHA-256 of the token is kept), the state of
-- login throttling (shared by all nodes), and the append-only audit log.

CREATE TABLE api_token (
    id           BIGINT        NOT NULL PRIMARY KEY,
    user_id      BIGINT        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    name         VARCHAR(100)  NOT NULL,
    -- hex SHA-256 of the whole token; the token itself is shown once and never stored
    token_hash   VARCHAR(64)   NOT NULL UNIQUE,
    -- read, write, admin: comma-separated
    scopes       VARCHAR(32)   NOT NULL,
    -- the project ids the token is restricted to, comma-separated; NULL: every project its user reads
    projects     VARCHAR(2000),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE,
    -- at most once a minute per token
    last_used_at TIMESTAMP WITH TIME ZONE
);
CREATE SEQUENCE api_token_seq START WITH 1 INCREMENT BY 1;
CREATE INDEX api_token_user_idx ON api_token (user_id);

-- one row per user name ('user:NAME', lower case) and per address ('address:ADDR') with recent failures
CREATE TABLE login_throttle (
    subject      VARCHAR(200)  NOT NULL PRIMARY KEY,
    failures     INTEGER       NOT NULL,
    -- how many times it was locked in this run of failures: each lock lasts twice the one before
    lockouts     INTEGER       NOT NULL,
    -- the first failure counted now (failures further apart than the window start afresh)
    window_start TIMESTAMP WITH TIME ZONE NOT NULL,
    locked_until TIMESTAMP WITH TIME ZONE
);

CREATE TABLE audit_entry (
    id      BIGINT        NOT NULL PRIMARY KEY,
    at      TIMESTAMP WITH TIME ZONE NOT NULL,
    actor   VARCHAR(200)  NOT NULL,
    address VARCHAR(64),
    action  VARCHAR(64)   NOT NULL,
    target  VARCHAR(300),
    details VARCHAR(4000)
);
CREATE SEQUENCE audit_entry_seq START WITH 1 INCREMENT BY 1;
CREATE INDEX audit_entry_at_idx ON audit_entry (at, id);
