#!/usr/bin/env bash
# User-space instructions per NOP, uring against liburing, counted by callgrind.
#
#   bench/callgrind.sh [--bin PATH] [--ops N] [--flags plain|defer] [--keep DIR]
#
# Builds //bench:nop (unless --bin names a binary), then runs it once per implementation,
# batch size and reap style under `valgrind --tool=callgrind --instr-atstart=no`. The
# binary counts only its measured loop (CALLGRIND_START/STOP_INSTRUMENTATION around
# exactly N NOPs, after a warm-up), so Ir / N is the user-space cost of one NOP: the kernel
# side of io_uring_enter is invisible to callgrind. The counts are deterministic, so one
# run per cell is enough. --keep DIR leaves the callgrind.out files there for
# `callgrind_annotate --inclusive=yes` (build with --strip=never to get line numbers).
set -euo pipefail

cd "$(dirname "$0")/.."

bin=""
ops=65536
flags=plain
keep=""
while (($#)); do
  case "$1" in
    --bin) bin=$2; shift 2 ;;
    --ops) ops=$2; shift 2 ;;
    --flags) flags=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    *) echo "usage: $0 [--bin PATH] [--ops N] [--flags plain|defer] [--keep DIR]" >&2; exit 2 ;;
  esac
done

if ! command -v valgrind >/dev/null 2>&1; then
  echo "callgrind.sh: valgrind is not installed (apt-get install -y valgrind)" >&2
  exit 1
fi

if [[ -z $bin ]]; then
  tools/bazel build //bench:nop >&2
  bin=bazel-bin/bench/nop
fi

# Every batch size must divide the op count.
if ((ops % 128)); then
  echo "callgrind.sh: --ops must be a multiple of 128" >&2
  exit 2
fi

out=${keep:-$(mktemp -d)}
mkdir -p "$out"
[[ -n $keep ]] || trap 'rm -rf "$out"' EXIT

# Ir of the instrumented part of one run.
count() {
  local impl=$1 batch=$2 reap=$3
  local file="$out/callgrind.out.$impl.$flags.b$batch.$reap"
  valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$file" \
    "$bin" --callgrind-ops "$ops" --impl "$impl" --batch "$batch" --reap "$reap" \
    --flags "$flags" >/dev/null 2>"$file.log" || {
    echo "callgrind.sh: $impl batch $batch reap $reap failed:" >&2
    cat "$file.log" >&2
    exit 1
  }
  awk '/^totals:/ { print $2; found = 1 } END { if (!found) exit 1 }' "$file"
}

echo "User-space instructions per NOP (callgrind Ir / $ops NOPs), flags $flags"
printf '%6s %-8s %10s %10s %8s\n' batch reap uring liburing ratio
for batch in 1 8 32 128; do
  for reap in foreach peek; do
    u=$(count uring "$batch" "$reap")
    l=$(count liburing "$batch" "$reap")
    awk -v b="$batch" -v r="$reap" -v u="$u" -v l="$l" -v n="$ops" \
      'BEGIN { printf "%6d %-8s %10.2f %10.2f %7.3fx\n", b, r, u / n, l / n, u / l }'
  done
done
