#!/usr/bin/env bash
# Usage: fuzz/run.sh [--empty] [--busy] [--seed N] NAME SECONDS
# Builds //fuzz:NAME with --config=fuzz (libFuzzer, ASan, UBSan) and fuzzes it for SECONDS
# on a scratch copy of fuzz/corpus/NAME with fuzz/NAME.dict (or the shared dictionary),
# then prints the executions per second, total executions and coverage (libFuzzer's
# final `cov:` edges). Exits nonzero on a crash, leak, timeout or invariant trap; the
# failing input is left in fuzz/out/NAME/ (add it to the corpus once the bug is fixed).
#   --empty   start from an empty corpus instead: libFuzzer then runs many small, fresh
#             inputs in one process, which is where state left by earlier inputs shows
#   --busy    keep one core busy (a shell loop) while the fuzzer runs, so the kernel's
#             timing is a loaded machine's; the loop is killed however the run ends
#   --seed N  libFuzzer's -seed=N (otherwise it picks one and the log names it)
set -uo pipefail
cd "$(dirname "$0")/.."

usage="usage: fuzz/run.sh [--empty] [--busy] [--seed N] NAME SECONDS"
empty=0
busy=0
seed=
while [[ $# -gt 0 ]]; do
  case $1 in
    --empty) empty=1; shift ;;
    --busy) busy=1; shift ;;
    --seed) seed=${2:?$usage}; shift 2 ;;
    --seed=*) seed=${1#--seed=}; shift ;;
    -*) echo "$usage" >&2; exit 2 ;;
    *) break ;;
  esac
done
name=${1:?$usage}
seconds=${2:?$usage}
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
busy_pid=
fuzz_pid=
stop() {
  local pid
  for pid in $fuzz_pid $busy_pid; do
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  fuzz_pid=
  busy_pid=
}
trap 'stop; rm -rf "$work"' EXIT
# A signal ends the script through exit, so the EXIT trap above still runs (the fuzzer
# runs in the background so that the signal is taken at once, not when it finishes).
trap 'exit 130' INT TERM HUP
mkdir -p "$work/corpus" "$work/artifacts"
if [[ $empty -eq 0 ]]; then
  cp fuzz/corpus/"${name}"/* "$work/corpus/" 2>/dev/null || true
fi
seed_arg=()
[[ -n $seed ]] && seed_arg=(-seed="$seed")

if [[ $busy -eq 1 ]]; then
  # Bounded by timeout as well, in case this script is killed past its traps.
  timeout $((seconds + 120)) sh -c 'while :; do :; done' &
  busy_pid=$!
fi

log=$work/log
# -timeout: an input running for 10 s is a hang (every wait in the fuzzers is bounded).
# -rss_limit_mb: the fuzzers allocate little; more is a leak.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
"$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  "${seed_arg[@]}" -dict="$dict" -artifact_prefix="$work/artifacts/" "$work/corpus" >"$log" 2>&1 &
fuzz_pid=$!
wait "$fuzz_pid"
rc=$?
fuzz_pid=
stop

# The last status line carries cov: and exec/s; the final stats carry the totals.
last=$(grep -E '^#[0-9]+' "$log" | tail -1)
cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$last")
ft=$(sed -n 's/.*ft: \([0-9]*\).*/\1/p' <<<"$last")
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
corpus=$(ls "$work/corpus" | wc -l)
used_seed=$(sed -n 's/^INFO: Seed: \([0-9]*\).*/\1/p' "$log" | head -1)
how="seed ${used_seed:-?}"
[[ $empty -eq 1 ]] && how+=", empty corpus"
[[ $busy -eq 1 ]] && how+=", busy core"
if [[ $rc -ne 0 ]]; then
  tail -60 "$log"
  mkdir -p "fuzz/out/${name}"
  cp "$work/artifacts"/* "fuzz/out/${name}/" 2>/dev/null
  echo "fuzz ${name}: FAILED (exit ${rc}) after ${runs:-?} executions (${how}); input in fuzz/out/${name}/"
  exit 1
fi
echo "fuzz ${name}: ${seconds}s, ${runs:-?} executions, ${eps:-?} exec/s, cov ${cov:-?} edges, ft ${ft:-?}, corpus ${corpus} inputs (${how})"
