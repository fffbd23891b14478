#!/usr/bin/env bash
# User-space instructions per NOP, uring against liburing, counted by callgrind.
#
#   bench/callgrind.sh [--bin PATH] [--ops N] [--flags plain|defer] [--entries "1 2 ..."]
#                      [--keep DIR]
#
# Builds //bench:nop (unless --bin names a binary), then runs it once per implementation
# (uring, liburing and the hand-written floor), ring size (--entries, default
# "1 2 4 8 32 256"), batch size (1, 8, 32, 128: those that fit the ring) and reap style
# under `valgrind --tool=callgrind --instr-atstart=no`. The
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
entries_list="1 2 4 8 32 256"
while (($#)); do
  case "$1" in
    --bin) bin=$2; shift 2 ;;
    --ops) ops=$2; shift 2 ;;
    --flags) flags=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    --entries) entries_list=$2; shift 2 ;;
    *) echo "usage: $0 [--bin PATH] [--ops N] [--flags plain|defer] [--entries LIST]" \
            "[--keep DIR]" >&2; exit 2 ;;
  esac
done

if ! command -v valgrind >/dev/null 2>&1; then
  echo "callgrind.sh: valgrind is not installed (apt-get install -y valgrind)" >&2
  exit 1
fi

if [[ -z $bin ]]; then
  # -c opt: the library's own objects at -O2 too (the benchmark's copts say -O2 only for
  # its own file), as a program linking the installed library gets them.
  tools/bazel build -c opt //bench:nop >&2
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
  local impl=$1 entries=$2 batch=$3 reap=$4
  local file="$out/callgrind.out.$impl.$flags.e$entries.b$batch.$reap"
  valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$file" \
    "$bin" --callgrind-ops "$ops" --impl "$impl" --entries "$entries" --batch "$batch" \
    --reap "$reap" --flags "$flags" >/dev/null 2>"$file.log" || {
    echo "callgrind.sh: $impl entries $entries batch $batch reap $reap failed:" >&2
    cat "$file.log" >&2
    exit 1
  }
  awk '/^totals:/ { print $2; found = 1 } END { if (!found) exit 1 }' "$file"
}

echo "User-space instructions per NOP (callgrind Ir / $ops NOPs), flags $flags"
echo "floor: the hand-written ring loop of bench/nop.c (no library on the hot path; one"
echo "reap of its own, the same in both rows)"
printf '%7s %6s %-8s %9s %9s %9s %9s %9s\n' entries batch reap uring liburing floor \
  "/liburing" "/floor"
for entries in $entries_list; do
  for batch in 1 8 32 128; do
    ((batch <= entries)) || continue
    f=$(count floor "$entries" "$batch" peek)
    for reap in foreach peek; do
      u=$(count uring "$entries" "$batch" "$reap")
      l=$(count liburing "$entries" "$batch" "$reap")
      awk -v e="$entries" -v b="$batch" -v r="$reap" -v u="$u" -v l="$l" -v f="$f" -v n="$ops" \
        'BEGIN { printf "%7d %6d %-8s %9.2f %9.2f %9.2f %8.3fx %8.3fx\n",
                 e, b, r, u / n, l / n, f / n, u / l, u / f }'
    done
  done
done
