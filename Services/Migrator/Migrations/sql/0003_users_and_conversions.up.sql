-- The smallest real schema: users and their conversions, with row-level security.
--
-- Every unit of work sets, inside its transaction, app.user_id (the acting user) and app.role
-- (`user`, `admin` or `worker`) with set_config(..., true). After an earlier set_config on a pooled
-- connection the setting reads as '', hence NULLIF before the cast: no user set means no rows.

CREATE TABLE users (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_email_normalised CHECK (email = lower(btrim(email)) AND email <> '')
);
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE conversions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status text NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversions_owner_created ON conversions (owner_id, created_at DESC);

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE conversions ENABLE ROW LEVEL SECURITY;

-- A user reads their own account; an admin reads any.
CREATE POLICY users_self ON users
    USING (id = NULLIF(current_setting('app.user_id', true), '')::uuid);
CREATE POLICY users_admin_read ON users FOR SELECT
    USING (current_setting('app.role', true) = 'admin');

-- A user owns their conversions; an admin reads any; the conversion workers lease, update and
-- clean up any.
CREATE POLICY conversions_owner ON conversions
    USING (owner_id = NULLIF(current_setting('app.user_id', true), '')::uuid)
    WITH CHECK (owner_id = NULLIF(current_setting('app.user_id', true), '')::uuid);
CREATE POLICY conversions_admin_read ON conversions FOR SELECT
    USING (current_setting('app.role', true) = 'admin');
CREATE POLICY conversions_worker ON conversions
    USING (current_setting('app.role', true) = 'worker')
    WITH CHECK (current_setting('app.role', true) = 'worker');

DO $$
BEGIN
    -- auth owns accounts. Look-ups that precede knowing the user (login by email) run in auth's
    -- own role, which alone may see every row of users.
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON users TO %I', app_role('auth'));
    EXECUTE format('CREATE POLICY users_auth_service ON users TO %I USING (true) WITH CHECK (true)', app_role('auth'));
    -- conversion owns conversions and never reads accounts.
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON conversions TO %I', app_role('conversion'));
END
$$;
