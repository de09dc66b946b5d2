-- The AI engine's rows: the model registry (models, their versions with checksum, size, state and
-- metrics, and an audit of every change and refused load) and the knowledge base with its
-- MiniLM embeddings in pgvector under an HNSW cosine index. Only the ai-engine role reads or writes
-- them; no user data lives here.

CREATE TABLE models (
    name text PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
    format text NOT NULL CHECK (format IN ('bert-safetensors', 'sklearn-linear', 'custom')),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE model_versions (
    model_name text NOT NULL REFERENCES models (name) ON DELETE CASCADE,
    version text NOT NULL CHECK (version ~ '^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$'),
    format text NOT NULL CHECK (format IN ('bert-safetensors', 'sklearn-linear', 'custom')),
    location text NOT NULL CHECK (location <> '' AND location !~ '(^|/)\.\.(/|$)' AND left(location, 1) <> '/'),
    sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size_bytes bigint NOT NULL CHECK (size_bytes > 0),
    status text NOT NULL DEFAULT 'staged' CHECK (status IN ('staged', 'production', 'archived')),
    metrics jsonb NOT NULL DEFAULT '{}'::jsonb,
    registered_by uuid,
    registered_at timestamptz NOT NULL DEFAULT now(),
    deployed_by uuid,
    deployed_at timestamptz,
    previous_production text,
    PRIMARY KEY (model_name, version)
);
-- At most one production version per model: promotion demotes the old one in the same transaction.
CREATE UNIQUE INDEX model_versions_one_production ON model_versions (model_name) WHERE status = 'production';

CREATE TABLE model_audit (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    model_name text NOT NULL,
    version text,
    action text NOT NULL CHECK (action IN ('register', 'promote', 'rollback', 'archive', 'checksum_mismatch', 'load_failed')),
    actor_id uuid,
    request_id text,
    detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX model_audit_model ON model_audit (model_name, at DESC);

CREATE TABLE knowledge_entries (
    id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_.:-]{0,127}$'),
    kind text NOT NULL,
    title text NOT NULL,
    body text NOT NULL,
    java_concepts text[] NOT NULL DEFAULT '{}',
    text_sha256 text NOT NULL CHECK (text_sha256 ~ '^[0-9a-f]{64}$'),
    model text NOT NULL,
    embedding vector(384) NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX knowledge_entries_embedding ON knowledge_entries USING hnsw (embedding vector_cosine_ops);

ALTER TABLE models ENABLE ROW LEVEL SECURITY;
ALTER TABLE model_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE model_audit ENABLE ROW LEVEL SECURITY;
ALTER TABLE knowledge_entries ENABLE ROW LEVEL SECURITY;

DO $$
DECLARE
    tbl text;
BEGIN
    FOREACH tbl IN ARRAY ARRAY['models', 'model_versions', 'knowledge_entries'] LOOP
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO %I', tbl, app_role('ai_engine'));
        EXECUTE format('CREATE POLICY %I ON %I TO %I USING (true) WITH CHECK (true)', tbl || '_ai_engine', tbl, app_role('ai_engine'));
    END LOOP;
    -- The audit is append-only for the service.
    EXECUTE format('GRANT SELECT, INSERT ON model_audit TO %I', app_role('ai_engine'));
    EXECUTE format('GRANT USAGE ON SEQUENCE model_audit_id_seq TO %I', app_role('ai_engine'));
    EXECUTE format('CREATE POLICY model_audit_read ON model_audit FOR SELECT TO %I USING (true)', app_role('ai_engine'));
    EXECUTE format('CREATE POLICY model_audit_append ON model_audit FOR INSERT TO %I WITH CHECK (true)', app_role('ai_engine'));
END
$$;
