-- Extensions the platform needs: pgcrypto (gen_random_uuid, digests) and pgvector (embeddings).
-- pgvector is not a trusted extension, so the migrator's owner role must be allowed to create it.
CREATE EXTENSION pgcrypto;
CREATE EXTENSION vector;
