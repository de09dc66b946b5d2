#!/usr/bin/env bash
# Runs `swift test ARGS…` under a deadline. A run that outlives it is killed with every process
# under it (SwiftPM starts the test process in a process group of its own, and that process blocks
# SIGTERM, so it is SIGKILL, by process tree), and the tests that started but never finished are
# named: a hang costs minutes and says where it is, instead of using up CI's budget.
#
#   scripts/swift-test.sh SECONDS [swift test arguments…]
set -uo pipefail

deadline="${1:?usage: scripts/swift-test.sh SECONDS [swift test arguments…]}"
shift
log="$(mktemp /tmp/swift-test.XXXXXX.log)"
trap 'rm -f "$log"' EXIT

descendants() {
    local child
    for child in $(pgrep -P "$1"); do
        echo "$child"
        descendants "$child"
    done
}

# The stacks tests start (stack.sh up / stores, in temporary folders) daemonize: a killed run
# leaves them behind, so the ones that appeared during this run are stopped after a kill.
stacks() { ls -d "${TMPDIR:-/tmp}"/modporter-stack-* "${TMPDIR:-/tmp}"/modporter-stores-* 2>/dev/null | sort; }
stacks_before="$(stacks)"

# Line-buffered, so what the test process printed survives its being killed.
stdbuf -oL -eL swift test "$@" > >(tee "$log") 2>&1 &
pid=$!
started=$SECONDS
timed_out=0
while kill -0 "$pid" 2>/dev/null; do
    if (( SECONDS - started >= deadline )); then
        timed_out=1
        # shellcheck disable=SC2046
        kill -KILL "$pid" $(descendants "$pid") 2>/dev/null
        break
    fi
    sleep 1
done
wait "$pid"
status=$?
wait
if (( timed_out )); then
    echo "swift-test: still running after ${deadline}s, killed. Started and never finished:" >&2
    python3 - "$log" >&2 <<'PY'
import re, sys
from collections import Counter
started, ended = Counter(), Counter()
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    if m := re.match(r"^◇ Test (\S+\(.*?\)) started\.", line):
        started[m.group(1)] += 1
    elif m := re.match(r"^[✔✘] Test (\S+\(.*?\)) (passed|failed|skipped)", line):
        ended[m.group(1)] += 1
unfinished = sorted((started - ended).elements())
print("\n".join(f"  {name}" for name in unfinished) or "  (none: the hang is outside a test)")
PY
    for dir in $(comm -13 <(echo "$stacks_before") <(stacks)); do
        STACK_DIR="$dir" "$(dirname "$0")/stack.sh" down >/dev/null 2>&1 || true
    done
    status=124
fi
exit "$status"
