-- Single sign-on (docs/security.md): users created by an OpenID Connect sign-in carry the issuer
-- that vouches for them. NULL: a local user, whom a sign-in through the provider never takes over.
ALTER TABLE app_user ADD COLUMN sso_issuer VARCHAR(500);
