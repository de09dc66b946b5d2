-- Credentials, refresh tokens and the audit log, owned by the auth service.
--
-- Refresh tokens are stored only as SHA-256 hashes. Each belongs to a family (one sign-in and
-- every rotation after it) and a session; presenting a used token revokes its whole family.
-- The audit log is append-only: auth may insert and read it, never change or delete a row.

ALTER TABLE users
    ADD COLUMN password_hash text,
    ADD COLUMN roles text[] NOT NULL DEFAULT ARRAY['user']::text[],
    ADD COLUMN email_verified_at timestamptz,
    ADD CONSTRAINT users_roles_known CHECK (roles <@ ARRAY['user', 'creator', 'admin', 'service']::text[]);

CREATE TABLE refresh_tokens (
    token_hash bytea PRIMARY KEY CHECK (octet_length(token_hash) = 32),
    family_id uuid NOT NULL,
    session_id uuid NOT NULL,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    revoked_at timestamptz
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

CREATE TABLE audit_log (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    event text NOT NULL,
    outcome text NOT NULL CHECK (outcome IN ('success', 'failure')),
    actor_id uuid,
    target_id uuid,
    ip text,
    user_agent text,
    request_id text,
    detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_at ON audit_log (at DESC);
CREATE INDEX audit_log_target ON audit_log (target_id, at DESC);

ALTER TABLE refresh_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;

DO $$
BEGIN
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON refresh_tokens TO %I', app_role('auth'));
    EXECUTE format('CREATE POLICY refresh_tokens_auth_service ON refresh_tokens TO %I USING (true) WITH CHECK (true)', app_role('auth'));
    EXECUTE format('GRANT SELECT, INSERT ON audit_log TO %I', app_role('auth'));
    EXECUTE format('GRANT USAGE ON SEQUENCE audit_log_id_seq TO %I', app_role('auth'));
    EXECUTE format('CREATE POLICY audit_log_auth_read ON audit_log FOR SELECT TO %I USING (true)', app_role('auth'));
    EXECUTE format('CREATE POLICY audit_log_auth_append ON audit_log FOR INSERT TO %I WITH CHECK (true)', app_role('auth'));
END
$$;
