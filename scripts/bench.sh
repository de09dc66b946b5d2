#!/usr/bin/env bash
# make bench: release builds, then each benchmark prints its figures beside the baseline it names,
# measured in the same run.
#   engine: the fixture set converted in process (MB/s of jar input, jars/s) against reading every
#           entry of the same jars; the large fixture (≈4 MB, ≈1,000 assets) through the CLI under
#           /usr/bin/time -v for wall time and peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BENCH_DIR="$ROOT/.stack/bench"
mkdir -p "$BENCH_DIR"

swift build -c release --product EngineBench >/dev/null
swift build -c release --product conversion >/dev/null
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
