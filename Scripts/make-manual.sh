#!/usr/bin/env bash
# Writes the man page docs/kg.1 from kg's own help, with swift-argument-parser's
# generate-manual tool (the tool behind `swift package generate-manual`).
#   Scripts/make-manual.sh        then: man -l docs/kg.1
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product kg
swift build --product generate-manual-tool >/dev/null 2>&1 || swift package plugin --list >/dev/null
tool=$(find .build -name generate-manual-tool -type f -perm -u+x | head -n 1)
if [ -z "$tool" ]; then
  # The tool is built by the plugin on first use.
  swift package --allow-writing-to-package-directory generate-manual >/dev/null 2>&1 || true
  tool=$(find .build -name generate-manual-tool -type f -perm -u+x | head -n 1)
fi
[ -n "$tool" ] || { echo "make-manual: swift-argument-parser's generate-manual tool could not be built" >&2; exit 1; }
"$tool" "$(swift build --show-bin-path)/kg" --date "$(date -u +%Y-%m-%d)" --authors "kg" -o docs
echo "wrote docs/kg.1"
