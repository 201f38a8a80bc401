-- Alerts (docs/alerts.md): rules per project, the notifications their triggers raised (one row per
-- idempotency key: rule, subject, trigger, window), the deliveries that carried them (one per
-- digest, with a state per channel), and the per-minute counts of the frequency triggers.

CREATE TABLE alert_rule (
    id                BIGINT        NOT NULL PRIMARY KEY,
    project_id        BIGINT        NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    name              VARCHAR(200)  NOT NULL,
    trigger_kind      VARCHAR(32)   NOT NULL,
    -- the scope: a view (by slug: a view in use cannot be deleted, a renamed one takes its rules
    -- along) and/or a query; neither: the whole project
    view_slug         VARCHAR(64),
    query             VARCHAR(1000),
    threshold_events  INTEGER,
    threshold_minutes INTEGER,
    -- e-mail: addresses as a JSON array, and/or the project's members; the language of the listed addresses
    email             VARCHAR(4000) NOT NULL DEFAULT '[]',
    email_members     BOOLEAN       NOT NULL DEFAULT FALSE,
    language          VARCHAR(8)    NOT NULL DEFAULT 'en',
    webhook_url       VARCHAR(2000),
    webhook_format    VARCHAR(16),
    webhook_secret    VARCHAR(128),
    quiet_minutes     INTEGER       NOT NULL DEFAULT 30,
    enabled           BOOLEAN       NOT NULL DEFAULT TRUE,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    -- when the rule's last digest went out: the next one waits a minute after it
    last_dispatch_at  TIMESTAMP WITH TIME ZONE
);
CREATE SEQUENCE alert_rule_seq START WITH 1 INCREMENT BY 1;
CREATE INDEX alert_rule_project_idx ON alert_rule (project_id);

-- One delivery of one rule: a digest of notifications, a test, or "N more suppressed". Each channel
-- has its own state (null: the rule has no such channel): pending, sending, sent, dead.
CREATE TABLE alert_dispatch (
    id                BIGINT        NOT NULL PRIMARY KEY,
    project_id        BIGINT        NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    rule_id           BIGINT        NOT NULL REFERENCES alert_rule (id) ON DELETE CASCADE,
    kind              VARCHAR(16)   NOT NULL,
    suppressed        INTEGER       NOT NULL DEFAULT 0,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    email_state       VARCHAR(16),
    email_attempts    INTEGER       NOT NULL DEFAULT 0,
    email_next_at     TIMESTAMP WITH TIME ZONE,
    email_sent_at     TIMESTAMP WITH TIME ZONE,
    email_error       VARCHAR(1000),
    webhook_state     VARCHAR(16),
    webhook_attempts  INTEGER       NOT NULL DEFAULT 0,
    webhook_next_at   TIMESTAMP WITH TIME ZONE,
    webhook_sent_at   TIMESTAMP WITH TIME ZONE,
    webhook_error     VARCHAR(1000)
);
CREATE SEQUENCE alert_dispatch_seq START WITH 1 INCREMENT BY 1;
CREATE INDEX alert_dispatch_rule_idx ON alert_dispatch (rule_id, created_at);
CREATE INDEX alert_dispatch_email_idx ON alert_dispatch (email_state, email_next_at);
CREATE INDEX alert_dispatch_webhook_idx ON alert_dispatch (webhook_state, webhook_next_at);

-- A notification: one trigger of one rule for one subject (a group, a view group, or the scope as a
-- whole) in one window. The idempotency key makes a second insert of the same trigger a no-op: a
-- redelivered batch, a crash between commit and acknowledgement, or two nodes never raise it twice.
-- group_id has no foreign key: retention may delete the group, the history keeps its summary.
CREATE TABLE alert_notification (
    id               BIGINT        NOT NULL PRIMARY KEY,
    project_id       BIGINT        NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    rule_id          BIGINT        NOT NULL REFERENCES alert_rule (id) ON DELETE CASCADE,
    trigger_kind     VARCHAR(32)   NOT NULL,
    idempotency_key  VARCHAR(200)  NOT NULL,
    group_id         BIGINT,
    summary          VARCHAR(1000),
    event_id         CHAR(32),
    event_tags       VARCHAR(8000),
    threshold_events BIGINT,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    -- not before: the "N more suppressed" summary waits for the end of its hour
    due_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    -- pending (waits for its digest), dispatched (in dispatch_id), suppressed (why in reason)
    state            VARCHAR(16)   NOT NULL,
    reason           VARCHAR(200),
    dispatch_id      BIGINT        REFERENCES alert_dispatch (id) ON DELETE SET NULL,
    CONSTRAINT alert_notification_key_uq UNIQUE (idempotency_key)
);
CREATE SEQUENCE alert_notification_seq START WITH 1 INCREMENT BY 1;
CREATE INDEX alert_notification_rule_idx ON alert_notification (rule_id, state, created_at);
CREATE INDEX alert_notification_project_idx ON alert_notification (project_id, created_at);
-- the sweeper's look for pending notifications nobody prompted
CREATE INDEX alert_notification_pending_idx ON alert_notification (state, due_at);
CREATE INDEX alert_notification_dispatch_idx ON alert_notification (dispatch_id);

-- Events per rule, subject (a group id; 0: the rule's scope as a whole) and minute, for the
-- frequency triggers; rows older than a day are deleted.
CREATE TABLE alert_count (
    rule_id      BIGINT NOT NULL REFERENCES alert_rule (id) ON DELETE CASCADE,
    subject_id   BIGINT NOT NULL,
    minute_start TIMESTAMP WITH TIME ZONE NOT NULL,
    times_seen   BIGINT NOT NULL,
    PRIMARY KEY (rule_id, subject_id, minute_start)
);

-- A group can be muted for a while without being ignored: its notifications are suppressed.
ALTER TABLE event_group ADD COLUMN muted_until TIMESTAMP WITH TIME ZONE;

-- Users get an e-mail address and a language, for the rules that mail the project's members.
ALTER TABLE app_user ADD COLUMN email VARCHAR(320);
ALTER TABLE app_user ADD COLUMN language VARCHAR(8) NOT NULL DEFAULT 'en';
