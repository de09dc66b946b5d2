-- Role-based access: the permissions a route may require and the roles that hold them, read by
-- the auth service (which serves the map to the gateway over an authenticated internal route).
-- Personal API tokens: stored as SHA-256 hashes, each scoped to a subset of its owner's
-- permissions (checked again at every use, so a role taken away takes the token's rights too).

CREATE TABLE permissions (
    name text PRIMARY KEY CHECK (name ~ '^[a-z]+(:[a-z]+)+$'),
    description text NOT NULL
);

CREATE TABLE role_permissions (
    role text NOT NULL CHECK (role IN ('user', 'creator', 'admin', 'service')),
    permission text NOT NULL REFERENCES permissions (name) ON DELETE CASCADE,
    PRIMARY KEY (role, permission)
);

INSERT INTO permissions (name, description) VALUES
    ('account:manage', 'read and change one''s own account, sessions, second factor and API tokens'),
    ('conversions:create', 'upload a mod for conversion'),
    ('conversions:read', 'read one''s own conversions, reports and downloads'),
    ('conversions:read:any', 'read any user''s conversions'),
    ('ai:use', 'compute embeddings and search'),
    ('models:read', 'list the AI models and their versions'),
    ('models:deploy', 'register, promote and roll back AI model versions'),
    ('users:admin', 'list users and change their roles'),
    ('audit:read', 'read the audit log'),
    ('internal:call', 'call internal service routes');

INSERT INTO role_permissions (role, permission) VALUES
    ('user', 'account:manage'), ('user', 'conversions:create'), ('user', 'conversions:read'), ('user', 'ai:use'),
    ('creator', 'account:manage'), ('creator', 'conversions:create'), ('creator', 'conversions:read'), ('creator', 'ai:use'),
    ('creator', 'models:read'),
    ('admin', 'account:manage'), ('admin', 'conversions:create'), ('admin', 'conversions:read'), ('admin', 'ai:use'),
    ('admin', 'conversions:read:any'), ('admin', 'models:read'), ('admin', 'models:deploy'), ('admin', 'users:admin'),
    ('admin', 'audit:read'),
    ('service', 'internal:call'), ('service', 'conversions:read:any');

CREATE TABLE api_tokens (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    token_hash bytea NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
    scopes text[] NOT NULL CHECK (cardinality(scopes) > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz,
    last_used_at timestamptz,
    revoked_at timestamptz
);
CREATE INDEX api_tokens_owner ON api_tokens (owner_id, created_at DESC);

ALTER TABLE permissions ENABLE ROW LEVEL SECURITY;
ALTER TABLE role_permissions ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_tokens ENABLE ROW LEVEL SECURITY;

-- A user sees their own tokens; the auth service resolves a presented token by its hash (before it
-- knows the user), as it does refresh tokens.
CREATE POLICY api_tokens_owner ON api_tokens
    USING (owner_id = NULLIF(current_setting('app.user_id', true), '')::uuid)
    WITH CHECK (owner_id = NULLIF(current_setting('app.user_id', true), '')::uuid);

DO $$
BEGIN
    EXECUTE format('GRANT SELECT ON permissions, role_permissions TO %I', app_role('auth'));
    EXECUTE format('CREATE POLICY permissions_auth_read ON permissions FOR SELECT TO %I USING (true)', app_role('auth'));
    EXECUTE format('CREATE POLICY role_permissions_auth_read ON role_permissions FOR SELECT TO %I USING (true)', app_role('auth'));
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON api_tokens TO %I', app_role('auth'));
    EXECUTE format('CREATE POLICY api_tokens_auth_service ON api_tokens TO %I USING (true) WITH CHECK (true)', app_role('auth'));
END
$$;
