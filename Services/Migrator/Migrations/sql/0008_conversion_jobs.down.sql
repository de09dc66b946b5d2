DROP TABLE conversion_results;
DROP TABLE conversion_jobs;
DROP INDEX conversions_expires;
DROP INDEX conversions_owner_status_created;
ALTER TABLE conversions
    DROP COLUMN stage, DROP COLUMN percent, DROP COLUMN message, DROP COLUMN file_name, DROP COLUMN upload_sha256,
    DROP COLUMN upload_size, DROP COLUMN options, DROP COLUMN cache_key, DROP COLUMN from_cache, DROP COLUMN summary,
    DROP COLUMN error_code, DROP COLUMN error_message, DROP COLUMN started_at, DROP COLUMN finished_at, DROP COLUMN updated_at,
    DROP COLUMN expires_at;
