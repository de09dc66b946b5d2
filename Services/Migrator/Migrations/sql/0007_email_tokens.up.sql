-- Single-use tokens mailed to an account's address: `verify` (confirms the address, 24 h) and
-- `reset` (sets a new password, 1 h). Stored only as SHA-256 hashes; a used or superseded token
-- is spent.

CREATE TABLE email_tokens (
    token_hash bytea PRIMARY KEY CHECK (octet_length(token_hash) = 32),
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose text NOT NULL CHECK (purpose IN ('verify', 'reset')),
    email text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at timestamptz
);
CREATE INDEX email_tokens_user ON email_tokens (user_id, purpose);

ALTER TABLE email_tokens ENABLE ROW LEVEL SECURITY;

DO $$
BEGIN
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON email_tokens TO %I', app_role('auth'));
    EXECUTE format('CREATE POLICY email_tokens_auth_service ON email_tokens TO %I USING (true) WITH CHECK (true)', app_role('auth'));
END
$$;
