-- TOTP second factor: the secret encrypted by the auth service (AES-GCM, key from its
-- environment), the last time step accepted (a code is accepted once), and ten single-use
-- recovery codes stored as SHA-256 hashes.

CREATE TABLE user_totp (
    user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret_ciphertext bytea NOT NULL,
    enabled_at timestamptz,
    last_used_step bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE recovery_codes (
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash bytea NOT NULL CHECK (octet_length(code_hash) = 32),
    used_at timestamptz,
    PRIMARY KEY (user_id, code_hash)
);

ALTER TABLE user_totp ENABLE ROW LEVEL SECURITY;
ALTER TABLE recovery_codes ENABLE ROW LEVEL SECURITY;

DO $$
BEGIN
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON user_totp, recovery_codes TO %I', app_role('auth'));
    EXECUTE format('CREATE POLICY user_totp_auth_service ON user_totp TO %I USING (true) WITH CHECK (true)', app_role('auth'));
    EXECUTE format('CREATE POLICY recovery_codes_auth_service ON recovery_codes TO %I USING (true) WITH CHECK (true)', app_role('auth'));
END
$$;
