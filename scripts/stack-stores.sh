# Sourced by scripts/stack.sh: the stack's secrets, PostgreSQL and Redis (their settings and
# helpers — port, as_user, pg_bin, log, die, wait_for — come from stack.sh).

# ---------------------------------------------------------------------------------------------
# Secrets: generated once per stack, kept in STACK_DIR/secrets.env (mode 600).

load_secrets() {
    local file="$STACK_DIR/secrets.env" name
    umask 077
    touch "$file"
    # Each secret is generated once; a stack made by an older version gains the new ones.
    for name in PG_SUPERUSER_PASSWORD PG_OWNER_PASSWORD PG_AUTH_PASSWORD PG_CONVERSION_PASSWORD \
        PG_AI_ENGINE_PASSWORD PG_MONITOR_PASSWORD REDIS_PASSWORD SERVICE_SECRET_GATEWAY SERVICE_SECRET_CONVERSION \
        SERVICE_SECRET_REALTIME SERVICE_SECRET_AI_ENGINE DOWNLOAD_LINK_SECRET; do
        grep -q "^$name=" "$file" || echo "$name=$(openssl rand -hex 24)" >>"$file"
    done
    # The auth service's Ed25519 signing key: 32 random bytes, base64url.
    grep -q "^AUTH_SIGNING_KEY=" "$file" || echo "AUTH_SIGNING_KEY=$(openssl rand -base64 32 | tr '+/' '-_' | tr -d '=')" >>"$file"
    # …and its data key, which seals TOTP secrets at rest.
    grep -q "^AUTH_DATA_KEY=" "$file" || echo "AUTH_DATA_KEY=$(openssl rand -base64 32 | tr '+/' '-_' | tr -d '=')" >>"$file"
    umask 022
    set -a
    # shellcheck disable=SC1090
    source "$file"
    set +a
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL

start_postgres() {
    local bin data run
    bin="$(pg_bin)"
    data="$STACK_DIR/pg/data"
    run="$STACK_DIR/pg/run"
    mkdir -p "$STACK_DIR/pg" "$run" "$STACK_DIR/logs"
    chown "$RUN_USER" "$STACK_DIR/pg" "$run" "$STACK_DIR/logs"
    chmod 700 "$STACK_DIR/pg"
    if [[ ! -f "$data/PG_VERSION" ]]; then
        log "initialising PostgreSQL in $data"
        local pwfile="$STACK_DIR/pg/.pw"
        (umask 077; echo "$PG_SUPERUSER_PASSWORD" >"$pwfile")
        chown "$RUN_USER" "$pwfile"
        as_user "$bin/initdb" -D "$data" -U postgres --pwfile="$pwfile" --auth-local=peer --auth-host=scram-sha-256 \
            --encoding=UTF8 --locale=C >"$STACK_DIR/logs/initdb.log" 2>&1 || die "initdb failed (see $STACK_DIR/logs/initdb.log)"
        rm -f "$pwfile"
        cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$run'
max_connections = 300
shared_buffers = 128MB
fsync = ${STACK_PG_FSYNC:-on}
log_min_messages = warning
CONF
        # Local socket: only the run user, as the superuser. TCP: passwords (SCRAM) everywhere.
        cat >"$data/pg_hba.conf" <<CONF
local all postgres peer map=stack
host all all 127.0.0.1/32 scram-sha-256
CONF
        echo "stack $RUN_USER postgres" >"$data/pg_ident.conf"
    fi
    if ! as_user "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        as_user "$bin/pg_ctl" -D "$data" -l "$STACK_DIR/logs/postgres.log" -w -t 60 start >/dev/null \
            || die "PostgreSQL did not start (see $STACK_DIR/logs/postgres.log)"
    fi
    bootstrap_database
}

psql_super() {
    as_user "$(pg_bin)/psql" -h "$STACK_DIR/pg/run" -p "$PG_PORT" -U postgres -d "${1:-postgres}" -v ON_ERROR_STOP=1 -qAt
}

bootstrap_database() {
    # The owner role runs the migrator. pgvector is not a trusted extension, so the owner must
    # be allowed to create it: locally it is a superuser; the services' roles never are.
    psql_super <<SQL >/dev/null
SELECT 'CREATE ROLE ${DB_NAME}_owner LOGIN SUPERUSER' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${DB_NAME}_owner')
\gexec
ALTER ROLE ${DB_NAME}_owner PASSWORD '$PG_OWNER_PASSWORD';
SELECT 'CREATE ROLE ${DB_NAME}_monitor LOGIN IN ROLE pg_monitor' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${DB_NAME}_monitor')
\gexec
ALTER ROLE ${DB_NAME}_monitor PASSWORD '$PG_MONITOR_PASSWORD';
SELECT 'CREATE DATABASE ${DB_NAME} OWNER ${DB_NAME}_owner' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '${DB_NAME}')
\gexec
SQL
}

migrate() {
    log "migrator up"
    MIGRATOR_DATABASE_URL="$(owner_url)" "$BIN_DIR/migrator" up >"$STACK_DIR/logs/migrator.log" 2>&1 \
        || die "migrator up failed: $(tail -1 "$STACK_DIR/logs/migrator.log")"
    # Service passwords are deployment secrets: set here, never in a migration.
    psql_super "$DB_NAME" <<SQL >/dev/null
ALTER ROLE ${DB_NAME}_auth PASSWORD '$PG_AUTH_PASSWORD';
ALTER ROLE ${DB_NAME}_conversion PASSWORD '$PG_CONVERSION_PASSWORD';
ALTER ROLE ${DB_NAME}_ai_engine PASSWORD '$PG_AI_ENGINE_PASSWORD';
SQL
}

owner_url() { echo "postgresql://${DB_NAME}_owner:${PG_OWNER_PASSWORD}@127.0.0.1:${PG_PORT}/${DB_NAME}"; }

# ---------------------------------------------------------------------------------------------
# Redis

start_redis() {
    mkdir -p "$STACK_DIR/redis"
    if redis-cli -p "$REDIS_PORT" -a "$REDIS_PASSWORD" --no-auth-warning ping >/dev/null 2>&1; then return; fi
    (umask 077; cat >"$STACK_DIR/redis/redis.conf" <<CONF
bind 127.0.0.1
port $REDIS_PORT
protected-mode yes
requirepass $REDIS_PASSWORD
dir $STACK_DIR/redis
appendonly yes
appendfsync everysec
maxmemory-policy noeviction
daemonize yes
pidfile $STACK_DIR/redis/redis.pid
logfile $STACK_DIR/logs/redis.log
CONF
    )
    redis-server "$STACK_DIR/redis/redis.conf"
    wait_for "Redis" 20 redis-cli -p "$REDIS_PORT" -a "$REDIS_PASSWORD" --no-auth-warning ping
}

