-- pgvector (embeddings) is required. pgvector is not a trusted extension, so the migrator's owner
-- role must be allowed to create it.
CREATE EXTENSION vector;

-- pgcrypto is created where the server ships it (the production image does; the local
-- PostgreSQL wheel does not). Nothing depends on it: gen_random_uuid() is built into
-- PostgreSQL 13+, and token hashing happens in the services.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pgcrypto') THEN
        CREATE EXTENSION pgcrypto;
    END IF;
END
$$;
