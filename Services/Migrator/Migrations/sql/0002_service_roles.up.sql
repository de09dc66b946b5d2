-- One login role per service that talks to PostgreSQL, named <database>_<service> so that several
-- databases in one cluster (tests, staging) never share roles. None is a superuser, none may
-- bypass row-level security, none owns anything: each is granted only its own tables by later
-- migrations. Passwords are set by whoever deploys (never in a migration).

CREATE FUNCTION app_role(service text) RETURNS name
    LANGUAGE sql STABLE
    AS $$ SELECT (current_database() || '_' || service)::name $$;

COMMENT ON FUNCTION app_role(text) IS 'The database role of a service in this database: <database>_<service>.';

DO $$
DECLARE
    service text;
BEGIN
    FOREACH service IN ARRAY ARRAY['auth', 'conversion', 'ai_engine'] LOOP
        EXECUTE format(
            'CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS',
            app_role(service));
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), app_role(service));
        EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', app_role(service));
    END LOOP;
END
$$;
