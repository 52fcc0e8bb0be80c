#!/usr/bin/env bash
# Runs ../shared/peerbench with kg beside Kùzu, LadybugDB, Oxigraph, FalkorDB,
# SQLite and networkx, and keeps the report under Benchmarks/results/.
#
#   bash Benchmarks/run-peerbench.sh large 5        # scale, repeats
#   PEERBENCH_PROJECT_MODE=oneshot bash Benchmarks/run-peerbench.sh large 3 Q1
#
# Needs the peers' virtualenv: PEERBENCH_VENV=/tmp/peerbench-venv bash ../shared/peerbench/setup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-medium}
repeat=${2:-10}
queries=${3:-}
venv=${PEERBENCH_VENV:-/tmp/peerbench-venv}
bench=${PEERBENCH_DIR:-../shared/peerbench}
swift build -c release
out="Benchmarks/results/$scale-${PEERBENCH_PROJECT_MODE:-serve}"
rm -rf "$out"
args=(--scale "$scale" --repeat "$repeat" --out-dir "$out")
[ -n "$queries" ] && args+=(--queries "$queries")
PEERBENCH_PROJECT_CMD="$PWD/.build/release/kg" "$venv/bin/python" "$bench/run.py" "${args[@]}"
# Keep the readable parts; drop the raw per-peer logs.
rm -f "$out"/*.jsonl "$out"/results.json
echo "report: $out/report.md"
