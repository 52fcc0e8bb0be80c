#!/usr/bin/env bash
# The HTTP API against its contract: schemathesis (PyPI) generates requests
# from the OpenAPI document the server serves (/api/openapi.json, the same
# text as docs/openapi.json) and checks every answer against it: status
# codes, content types, schemas, 405 for other methods, 401 without a token.
#
#   Scripts/api-contract-test.sh [KG_BINARY]     (default .build/debug/kg)
#
# Two runs, each on its own copy of the seed graph and a free loopback port:
# a read-only server (every route but /api/write), then one started with
# --allow-writes and a token (every route, writes included). A bounded,
# deterministic number of examples per operation (CONTRACT_EXAMPLES, 25):
# well under two minutes. The server is stopped on every exit path.
# Exits non-zero when schemathesis finds anything.
set -euo pipefail
cd "$(dirname "$0")/.."
kg=${1:-.build/debug/kg}
examples=${CONTRACT_EXAMPLES:-25}

if ! command -v schemathesis >/dev/null 2>&1 && [ -x "$HOME/.local/bin/schemathesis" ]; then
  PATH="$HOME/.local/bin:$PATH"
fi
if ! command -v schemathesis >/dev/null 2>&1; then
  echo "api-contract: installing schemathesis (pip)"
  python3 -m pip install --quiet --user schemathesis
  PATH="$HOME/.local/bin:$PATH"
fi

work=$(mktemp -d)
server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
cleanup() { stop_server; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# A free loopback port: the system picks one (port 0) and kg says which.
start_server() {
  local log=$1; shift
  "$kg" serve --http 127.0.0.1:0 "$@" >"$log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    if grep -Eo 'http://127\.0\.0\.1:[0-9]+' "$log" >/dev/null 2>&1; then
      base=$(grep -Eo 'http://127\.0\.0\.1:[0-9]+' "$log" | head -n 1)
      return 0
    fi
    kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; echo "api-contract: kg serve did not start" >&2; exit 1; }
    sleep 0.1
  done
  cat "$log" >&2
  echo "api-contract: kg serve did not say where it listens" >&2
  exit 1
}

run_schemathesis() {
  schemathesis --config-file Scripts/api-contract.toml run "$base/api/openapi.json" --url "$base" \
    --checks all --max-examples "$examples" --generation-deterministic --request-timeout 30 --no-color "$@"
}

"$kg" init --db "$work/read.sqlite" >/dev/null 2>&1
start_server "$work/read.log" --db "$work/read.sqlite"
echo "api-contract: read-only server at $base"
status=0
run_schemathesis --exclude-path /api/write || status=1
stop_server

cp "$work/read.sqlite" "$work/write.sqlite"
head -c 32 /dev/urandom | base64 >"$work/token"
chmod 600 "$work/token"
start_server "$work/write.log" --db "$work/write.sqlite" --allow-writes --token-file "$work/token"
echo "api-contract: read-write server at $base"
run_schemathesis -H "Authorization: Bearer $(cat "$work/token")" || status=1
stop_server
if [ "$status" -ne 0 ]; then
  echo "api-contract: schemathesis found failures (above)" >&2
  exit 1
fi
echo "api-contract: no failures"
