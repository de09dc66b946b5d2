DROP TABLE audit_log;
DROP TABLE refresh_tokens;
ALTER TABLE users
    DROP CONSTRAINT users_roles_known,
    DROP COLUMN email_verified_at,
    DROP COLUMN roles,
    DROP COLUMN password_hash;
