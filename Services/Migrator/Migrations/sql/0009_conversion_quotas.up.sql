-- Per-user upload counts by UTC day, for the per-role daily conversion quota. A counter rather
-- than a count of rows: deleting a conversion does not give its upload back. The row is locked
-- by the upsert, so concurrent uploads of one user are counted one after another.

CREATE TABLE conversion_daily_usage (
    owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day date NOT NULL,
    uploads integer NOT NULL CHECK (uploads >= 0),
    PRIMARY KEY (owner_id, day)
);

ALTER TABLE conversion_daily_usage ENABLE ROW LEVEL SECURITY;

-- A user counts their own uploads; housekeeping (worker) removes past days.
CREATE POLICY conversion_daily_usage_owner ON conversion_daily_usage
    USING (owner_id = NULLIF(current_setting('app.user_id', true), '')::uuid)
    WITH CHECK (owner_id = NULLIF(current_setting('app.user_id', true), '')::uuid);
CREATE POLICY conversion_daily_usage_worker ON conversion_daily_usage
    USING (current_setting('app.role', true) = 'worker');

DO $$
BEGIN
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON conversion_daily_usage TO %I', app_role('conversion'));
END
$$;
