-- The conversion service's rows: each conversion's progress, options, upload, result and report;
-- its durable job (leased by workers with FOR UPDATE SKIP LOCKED, a lease that expires is taken
-- again, attempts are bounded); and the result cache shared by identical uploads (no user ids in it).

ALTER TABLE conversions
    ADD COLUMN stage text NOT NULL DEFAULT 'queued'
        CHECK (stage IN ('queued', 'analyzing', 'planning', 'converting', 'packaging', 'validating', 'completed', 'failed', 'cancelled')),
    ADD COLUMN percent integer NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
    ADD COLUMN message text NOT NULL DEFAULT '',
    ADD COLUMN file_name text NOT NULL DEFAULT 'mod.jar',
    ADD COLUMN upload_sha256 text CHECK (upload_sha256 ~ '^[0-9a-f]{64}$'),
    ADD COLUMN upload_size bigint,
    ADD COLUMN options jsonb NOT NULL DEFAULT '{}'::jsonb,
    ADD COLUMN cache_key text CHECK (cache_key ~ '^[0-9a-f]{64}$'),
    ADD COLUMN from_cache boolean NOT NULL DEFAULT false,
    ADD COLUMN summary jsonb,
    ADD COLUMN error_code text,
    ADD COLUMN error_message text,
    ADD COLUMN started_at timestamptz,
    ADD COLUMN finished_at timestamptz,
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN expires_at timestamptz;
CREATE INDEX conversions_owner_status_created ON conversions (owner_id, status, created_at DESC);
CREATE INDEX conversions_expires ON conversions (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE conversion_jobs (
    conversion_id uuid PRIMARY KEY REFERENCES conversions (id) ON DELETE CASCADE,
    owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'leased', 'done')),
    attempts integer NOT NULL DEFAULT 0,
    max_attempts integer NOT NULL DEFAULT 3,
    run_after timestamptz NOT NULL DEFAULT now(),
    lease_owner text,
    lease_expires_at timestamptz,
    cancel_requested boolean NOT NULL DEFAULT false,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversion_jobs_ready ON conversion_jobs (run_after) WHERE state = 'queued';
CREATE INDEX conversion_jobs_leases ON conversion_jobs (lease_expires_at) WHERE state = 'leased';

-- Results by cache key (upload hash, options, engine and model versions): an identical upload is
-- answered from here at once. Holds no user ids, so it is shared safely.
CREATE TABLE conversion_results (
    cache_key text PRIMARY KEY CHECK (cache_key ~ '^[0-9a-f]{64}$'),
    result_sha256 text NOT NULL,
    result_size bigint NOT NULL,
    report jsonb NOT NULL,
    summary jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);

ALTER TABLE conversion_jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE conversion_results ENABLE ROW LEVEL SECURITY;

-- A user queues and cancels their own jobs; workers lease and update any.
CREATE POLICY conversion_jobs_owner ON conversion_jobs
    USING (owner_id = NULLIF(current_setting('app.user_id', true), '')::uuid)
    WITH CHECK (owner_id = NULLIF(current_setting('app.user_id', true), '')::uuid);
CREATE POLICY conversion_jobs_worker ON conversion_jobs
    USING (current_setting('app.role', true) = 'worker')
    WITH CHECK (current_setting('app.role', true) = 'worker');

DO $$
BEGIN
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON conversion_jobs, conversion_results TO %I', app_role('conversion'));
    EXECUTE format('CREATE POLICY conversion_results_service ON conversion_results TO %I USING (true) WITH CHECK (true)', app_role('conversion'));
END
$$;
