#!/usr/bin/env bash
# Builds one libFuzzer target and runs it for SECONDS on its corpus.
#
#   Scripts/fuzz.sh TARGET SECONDS [libFuzzer flags…]
#   Scripts/fuzz.sh FuzzQueryParser 300
#   Scripts/fuzz.sh all 20          # every target in turn (what CI runs)
#
# Targets: FuzzQueryParser, FuzzGraphTextParser, FuzzSchemaParser, FuzzJSONParser,
# FuzzQueryEngine (the whole query pipeline on the seed graph)
# (Fuzz/<target>/<target>.swift). The build uses its own scratch path
# (.build-fuzz, ignored by git) so it never disturbs .build. New interesting
# inputs are added to Fuzz/Corpus/<target>/ (commit the ones worth keeping;
# `-merge=1` minimizes); the inputs of bugs already found live in
# Fuzz/Regressions/<target>/ and are replayed by the regular test suite. A crash, an invariant failure (fatalError), a timeout
# or running out of memory writes the input to fuzz-artifacts/<target>/ and
# makes the script fail; reproduce with
#   .build-fuzz/debug/<target> fuzz-artifacts/<target>/crash-…
# or, without libFuzzer, with the plain build's replay mode:
#   swift build --product <target> && .build/debug/<target> fuzz-artifacts/<target>/crash-…
set -euo pipefail
cd "$(dirname "$0")/.."

targets=(FuzzQueryParser FuzzGraphTextParser FuzzSchemaParser FuzzJSONParser FuzzQueryEngine)
usage() { echo "usage: $0 TARGET|all SECONDS [libFuzzer flags…]; targets: ${targets[*]}" >&2; exit 64; }
[ $# -ge 2 ] || usage
target=$1
seconds=$2
shift 2
[[ $seconds =~ ^[0-9]+$ ]] || usage

if [ "$target" = all ]; then
  status=0
  for t in "${targets[@]}"; do "$0" "$t" "$seconds" "$@" || status=$?; done
  exit $status
fi
found=0
for t in "${targets[@]}"; do [ "$t" = "$target" ] && found=1; done
[ $found = 1 ] || usage

scratch=${KG_FUZZ_SCRATCH:-.build-fuzz}
config=${KG_FUZZ_CONFIG:-debug}
echo "fuzz: building $target (--sanitize=fuzzer, -c $config, scratch $scratch)"
start=$(date +%s)
swift build --sanitize=fuzzer -c "$config" --scratch-path "$scratch" --product "$target"
echo "fuzz: built in $(( $(date +%s) - start )) s"

binary="$scratch/$config/$target"
corpus="Fuzz/Corpus/$target"
# Read-only seed folders: the inputs of bugs found before (Fuzz/Regressions),
# and for the engine the parser's corpus. New inputs go to $corpus only.
seeds=()
[ -d "Fuzz/Regressions/$target" ] && seeds+=("Fuzz/Regressions/$target")
[ "$target" = FuzzQueryEngine ] && seeds+=("Fuzz/Corpus/FuzzQueryParser")
artifacts="fuzz-artifacts/$target"
mkdir -p "$corpus" "$artifacts"
log="$artifacts/last-run.log"
before=$(ls "$corpus" | wc -l)

echo "fuzz: running $target for $seconds s on $corpus ($before inputs)"
set +e
# -timeout: one input taking longer than 10 s is a failure (a hang).
# -max_len: parsers see files, not just short strings, but long inputs fuzz slowly.
SWIFT_BACKTRACE=enable=no "$binary" "$corpus" ${seeds[@]+"${seeds[@]}"} \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
  -artifact_prefix="$artifacts/" -print_final_stats=1 "$@" >"$log" 2>&1
status=$?
set -e

after=$(ls "$corpus" | wc -l)
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
if [ "$status" -ne 0 ]; then
  tail -n 60 "$log" >&2
  echo "fuzz: $target FAILED (libFuzzer exit $status) after ${runs:-?} executions; input saved in $artifacts/" >&2
  exit 1
fi
echo "fuzz: $target ok: ${runs:-?} executions in $seconds s, no crash; corpus $before -> $after inputs (log: $log)"
