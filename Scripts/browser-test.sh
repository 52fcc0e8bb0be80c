#!/usr/bin/env bash
# The web page in headless Chromium (Debian's chromium), as CI runs it after
# swift test. Two kg servers on free loopback ports:
#   - over a fresh seed graph: the box (a multi-line query with -- comments
#     run with Ctrl+Enter, RETURN EXISTS, a plain question, history), the
#     exports (CSV, JSON, DOT downloaded), a named query run from its form
#     with a parameter, a node page (grouped counts, expansion and collapse in
#     place, an edge's evidence and agreement, the legend, labelled controls);
#   - over a generated graph of ~110k edges (Scripts/gen-hub-graph.py) whose
#     hub has 5,000 partners: the hub's page answers, its picture is drawn
#     within a second of the answer and no taller than the screen, the
#     partners are one group with its count, paging, expansion in place.
# Scripts/browser_cdp.py drives Chromium over the DevTools protocol (Python
# standard library only) and prints each check.
#
#   Scripts/browser-test.sh                                   # kg from .build/debug
#   Scripts/browser-test.sh --screenshots docs                # also web-page.png, web-explorer.png, web-hub.png
#   KG_BINARY=.build/release/kg Scripts/browser-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

shots=()
if [ "${1:-}" = "--screenshots" ]; then shots=(--screenshot-dir "$2"); fi
kg=${KG_BINARY:-.build/debug/kg}
[ -x "$kg" ] || { echo "browser-test: no kg at $kg (swift build first)"; exit 1; }
chromium=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chromium" ] || { echo "browser-test: chromium is not installed (apt-get install chromium)"; exit 1; }

started=$SECONDS
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# serve LOG [kg serve options...]: starts kg serve on a free port; sets $url.
serve() {
  local log="$1"; shift
  HOME="$work" XDG_DATA_HOME="$work/data" "$kg" serve --http 127.0.0.1:0 "$@" 2> "$log" &
  local pid=$!
  pids+=("$pid")
  url=""
  for _ in $(seq 1 600); do
    url=$(grep -Eo 'http://127\.0\.0\.1:[0-9]+/' "$log" | head -n 1 || true)
    [ -n "$url" ] && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "browser-test: kg serve did not start"; exit 1; }
    sleep 0.1
  done
  cat "$log"; echo "browser-test: kg serve did not say where it listens"; exit 1
}

status=0
serve "$work/seed.log"
python3 Scripts/browser_cdp.py "$chromium" "$url" seed "${shots[@]}" || { status=1; cat "$work/seed.log"; }

python3 Scripts/gen-hub-graph.py "$work/hub"
"$kg" import --nodes "$work/hub/nodes.csv" --edges "$work/hub/edges.csv" --db "$work/hub.sqlite" 2> "$work/import.log" \
  || { cat "$work/import.log"; exit 1; }
serve "$work/hub.log" --db "$work/hub.sqlite"
python3 Scripts/browser_cdp.py "$chromium" "$url" hub --node c0 "${shots[@]}" || { status=1; cat "$work/hub.log"; }

if [ "$status" -ne 0 ]; then exit 1; fi
echo "browser-test: passed in $((SECONDS - started)) s"
