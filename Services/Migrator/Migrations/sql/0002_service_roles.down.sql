DO $$
DECLARE
    service text;
BEGIN
    FOREACH service IN ARRAY ARRAY['auth', 'conversion', 'ai_engine'] LOOP
        EXECUTE format('DROP OWNED BY %I', app_role(service));
        EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM %I', current_database(), app_role(service));
        EXECUTE format('DROP ROLE %I', app_role(service));
    END LOOP;
END
$$;

DROP FUNCTION app_role(text);
