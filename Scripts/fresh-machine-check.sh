#!/usr/bin/env bash
# Reproduces, on this machine, a fresh Debian machine that has Swift and
# libsqlite3-dev and nothing else the project installs, and runs the
# README's first two commands there on a fresh clone of HEAD:
#
#   swift run kg ask --why "who licenses patents to Xiaomi?"
#   swift test
#
# How: in a private mount namespace, /usr is overlaid with a whiteout for
# every file of the packages .ci/run installs (libedit-dev, graphviz,
# chromium, fonts, python3-networkx, python3-pandas), so for these commands
# they are not installed; HOME is new (no seed graph, no SwiftPM cache) and
# KG_REQUIRE_TOOLS is unset, so tests that need a missing tool are skipped,
# each naming its package. Nothing outside the namespace changes.
#
#   sudo Scripts/fresh-machine-check.sh          # prints both commands' output; exit status of the first failure
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "fresh-machine-check: needs root (a mount namespace and an overlay on /usr)" >&2; exit 1; }
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/kg-fresh-XXXXXX)
trap 'rm -rf "$work"' EXIT
git clone -q "$repo" "$work/kg"
mkdir -p "$work/upper" "$work/overlay-work" "$work/home"
# A whiteout for every file and folder that only these packages own (a
# folder shared with another package stays, its other files with it).
masked=$(python3 - "$work/upper" libedit-dev graphviz chromium chromium-common fonts-wqy-microhei python3-networkx python3-pandas python3-pandas-lib <<'PY'
import glob, os, sys
upper, wanted = sys.argv[1], set(sys.argv[2:])
owners = {}
for listing in glob.glob("/var/lib/dpkg/info/*.list"):
    package = os.path.basename(listing)[:-5].split(":")[0]
    for line in open(listing, errors="replace"):
        owners.setdefault(line.rstrip("\n"), set()).add(package)
hidden, count = [], 0
for path in sorted(p for p, o in owners.items() if o & wanted and o <= wanted and p.startswith("/usr/")):
    if any(path.startswith(h + "/") for h in hidden) or not os.path.lexists(path):
        continue
    target = os.path.join(upper, path[len("/usr/"):])
    os.makedirs(os.path.dirname(target), exist_ok=True)
    os.mknod(target, 0o600 | 0o020000, os.makedev(0, 0))   # an overlay whiteout
    if os.path.isdir(path) and not os.path.islink(path):
        hidden.append(path)
    count += 1
print(count)
PY
)
echo "fresh-machine-check: $masked files and folders of the optional packages hidden; clone at $work/kg"
unshare -m bash -c '
  set -euo pipefail
  mount -t overlay overlay -o "lowerdir=/usr,upperdir=$1/upper,workdir=$1/overlay-work" /usr
  cd "$1/kg"
  export HOME="$1/home" XDG_DATA_HOME="$1/home/.local/share"
  unset KG_REQUIRE_TOOLS KG_DB
  pkg-config --exists libedit && { echo "libedit-dev is still visible" >&2; exit 1; }
  ! command -v dot >/dev/null || { echo "dot is still visible" >&2; exit 1; }
  ! /usr/bin/python3 -c "import pandas" 2>/dev/null || { echo "pandas is still visible" >&2; exit 1; }
  echo "+ swift run kg ask --why \"who licenses patents to Xiaomi?\""
  swift run kg ask --why "who licenses patents to Xiaomi?"
  echo "+ swift test"
  swift test 2>&1 | tee "$1/test.log" | grep -E "skipped|recorded a warning|✘|Test run with" || true
  grep -q "Test run with .* passed" "$1/test.log"
' fresh "$work"
