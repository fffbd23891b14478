#!/usr/bin/env bash
# Usage: fuzz/run.sh NAME SECONDS
# Builds //fuzz:NAME with --config=fuzz (libFuzzer, ASan, UBSan) and fuzzes it for SECONDS
# on a scratch copy of fuzz/corpus/NAME with fuzz/NAME.dict (or the shared dictionary),
# then prints the executions per second, total executions and coverage (libFuzzer's
# final `cov:` edges). Exits nonzero on a crash, leak, timeout or invariant trap; the
# failing input is left in fuzz/out/NAME/ (add it to the corpus once the bug is fixed).
set -uo pipefail
cd "$(dirname "$0")/.."

name=${1:?usage: fuzz/run.sh NAME SECONDS}
seconds=${2:?usage: fuzz/run.sh NAME SECONDS}
BAZEL=${BAZEL:-tools/bazel}

# The build log is shown only when it fails (ASan links print pages of harmless gold
# warnings).
buildlog=$(mktemp)
if ! "$BAZEL" build --config=fuzz --color=no --curses=no "//fuzz:${name}" >"$buildlog" 2>&1; then
  grep -v "Cannot export local symbol" "$buildlog" | tail -60
  rm -f "$buildlog"
  echo "fuzz ${name}: build failed"
  exit 1
fi
rm -f "$buildlog"
bin=bazel-bin/fuzz/${name}

dict=fuzz/${name}.dict
case $name in
  sqe_sequence_diff) ;;
  sqe_sequence_*) dict=fuzz/sqe_sequence.dict ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/artifacts"
cp fuzz/corpus/"${name}"/* "$work/corpus/" 2>/dev/null || true

log=$work/log
# -timeout: an input running for 10 s is a hang (every wait in the fuzzers is bounded).
# -rss_limit_mb: the fuzzers allocate little; more is a leak.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
"$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -dict="$dict" -artifact_prefix="$work/artifacts/" "$work/corpus" >"$log" 2>&1
rc=$?

# The last status line carries cov: and exec/s; the final stats carry the totals.
last=$(grep -E '^#[0-9]+' "$log" | tail -1)
cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$last")
ft=$(sed -n 's/.*ft: \([0-9]*\).*/\1/p' <<<"$last")
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
corpus=$(ls "$work/corpus" | wc -l)
if [[ $rc -ne 0 ]]; then
  tail -60 "$log"
  mkdir -p "fuzz/out/${name}"
  cp "$work/artifacts"/* "fuzz/out/${name}/" 2>/dev/null
  echo "fuzz ${name}: FAILED (exit ${rc}) after ${runs:-?} executions; input in fuzz/out/${name}/"
  exit 1
fi
echo "fuzz ${name}: ${seconds}s, ${runs:-?} executions, ${eps:-?} exec/s, cov ${cov:-?} edges, ft ${ft:-?}, corpus ${corpus} inputs"
