#!/usr/bin/env bash
# The web page in headless Chromium (Debian's chromium), as CI runs it after
# swift test: starts `kg serve --http` on a free loopback port over a fresh
# seed graph, opens the page with the box filled from the URL (?q=...), lets
# it run, dumps the DOM and checks that Nokia and Microsoft are in the table
# of answers and that the picture of the answer was drawn: once for the
# question "who licenses patents to Xiaomi" (POST /api/ask), once for the
# same as a query (POST /api/query).
#
#   Scripts/browser-test.sh                              # kg from .build/debug
#   Scripts/browser-test.sh --screenshot docs/web-page.png
#   KG_BINARY=.build/release/kg Scripts/browser-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

screenshot=""
if [ "${1:-}" = "--screenshot" ]; then screenshot="$2"; fi
kg=${KG_BINARY:-.build/debug/kg}
[ -x "$kg" ] || { echo "browser-test: no kg at $kg (swift build first)"; exit 1; }
chromium=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chromium" ] || { echo "browser-test: chromium is not installed (apt-get install chromium)"; exit 1; }

work=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

HOME="$work" XDG_DATA_HOME="$work/data" "$kg" serve --http 127.0.0.1:0 2> "$work/serve.log" &
pid=$!
url=""
for _ in $(seq 1 600); do
  url=$(grep -Eo 'http://127\.0\.0\.1:[0-9]+/' "$work/serve.log" | head -n 1 || true)
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/serve.log"; echo "browser-test: kg serve did not start"; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { cat "$work/serve.log"; echo "browser-test: kg serve did not say where it listens"; exit 1; }

browse() {   # browse URL [chromium options...]: the DOM after the page has run
  local page="$1"; shift
  "$chromium" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --hide-scrollbars \
    --user-data-dir="$work/profile" --virtual-time-budget=20000 "$@" "$page" 2> "$work/chromium.log"
}

encode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

# check DOM-FILE LABEL: Nokia and Microsoft in the answers' table, an SVG picture.
check() {
  python3 - "$1" "$2" <<'PY'
import sys
from html.parser import HTMLParser

class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.table, self.error, self.svg_in_picture = [], [], [], False
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    def handle_starttag(self, tag, attrs):
        if tag in self.VOID: return
        ids = dict(attrs).get("id")
        self.stack.append(ids or tag)
        if tag == "svg" and "picture" in self.stack:
            self.svg_in_picture = True
    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack: self.stack.pop()
    def handle_data(self, data):
        if "answers" in self.stack: self.table.append(data)
        if "error" in self.stack: self.error.append(data)

page = Page()
page.feed(open(sys.argv[1], encoding="utf-8").read())
table, error, label = " ".join(page.table), " ".join(page.error).strip(), sys.argv[2]
missing = [name for name in ("Nokia", "Microsoft") if name not in table]
if missing or not page.svg_in_picture:
    print(f"browser-test: {label}: FAILED (missing in the answers: {missing}, picture drawn: {page.svg_in_picture}, error: {error!r})")
    sys.exit(1)
print(f"browser-test: {label}: Nokia and Microsoft in the answers, picture drawn")
PY
}

status=0
query='MATCH (who)-[:licenses_patents_to]->("Xiaomi") RETURN DISTINCT who'
browse "${url}?q=$(encode "$query")" --dump-dom > "$work/query.html"
check "$work/query.html" "query" || status=1

question='who licenses patents to Xiaomi'
browse "${url}?q=$(encode "$question")" --dump-dom > "$work/ask.html"
check "$work/ask.html" "question" || status=1

if [ -n "$screenshot" ]; then
  browse "${url}?q=$(encode "$question")" --window-size=1280,1100 --screenshot="$work/shot.png" > /dev/null
  cp "$work/shot.png" "$screenshot"
  echo "browser-test: screenshot in $screenshot"
fi

if [ "$status" -ne 0 ]; then
  echo "browser-test: serve log:"; cat "$work/serve.log"
  exit 1
fi
echo "browser-test: passed"
