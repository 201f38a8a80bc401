-- Sign-in that survives the loss of a node (docs/architecture.md, "Sign-in across nodes"): when a
-- user signs in on the login page (or by single sign-on), the browser gets, beside its session cookie,
-- a random login token (cookie lookout_login); the table keeps only its SHA-256. A node that does not
-- know the browser's session (its node died, the balancer sent it elsewhere) signs the user in again
-- from the token, with the roles the user has now. Signing out deletes the token; deleting the user
-- deletes their tokens; a token ends at expires_at (12 hours after the sign-in).
CREATE TABLE login_token (
    token_hash CHAR(64)                 NOT NULL PRIMARY KEY,
    user_id    BIGINT                   NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX login_token_user_idx ON login_token (user_id);
