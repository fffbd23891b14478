#!/usr/bin/env bash
# User-space instructions per operation of the real-workload benchmarks, uring against
# liburing, counted by callgrind:
#   randread  per 4 KiB read (and preadv2's, the system call wrapper alone), every mode
#             and queue depth;
#   echo      per round trip, the server's side only (and epoll's).
#
#   bench/callgrind_workloads.sh [--bin-dir DIR] [--only randread|echo] [--reads N]
#                                [--rts N] [--runs N] [--dir DIR] [--entries N] [--keep DIR]
#
# Builds //bench:randread and //bench:echo with -c opt (the library's objects at -O2, as
# a program linking the installed library gets them) unless --bin-dir names a directory
# holding both. Each binary counts only its measured loop (CALLGRIND_START/STOP
# around exactly N reads, or N round trips per connection after a warm-up), so Ir / N
# is the cost of one operation; callgrind does not see the kernel.
#
# randread's counts are deterministic: page-cache reads complete inside the submit, so
# every wait finds the same CQEs. echo's are not quite: how many CQEs one wait returns
# depends on timing (the client runs natively beside the server under valgrind), so each
# echo cell runs --runs times (default 3) and prints the median and the range.
# --entries N gives every randread ring N SQ entries instead of the depth.
set -euo pipefail

cd "$(dirname "$0")/.."

bin_dir=""
only=""
reads=16384
rts=2000
runs=3
dir=/var/tmp
entries=""
keep=""
while (($#)); do
  case "$1" in
    --bin-dir) bin_dir=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --reads) reads=$2; shift 2 ;;
    --rts) rts=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --entries) entries=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    *) echo "usage: $0 [--bin-dir DIR] [--only randread|echo] [--reads N] [--rts N]" \
            "[--runs N] [--dir DIR] [--entries N] [--keep DIR]" >&2; exit 2 ;;
  esac
done

if ! command -v valgrind >/dev/null 2>&1; then
  echo "callgrind_workloads.sh: valgrind is not installed (apt-get install -y valgrind)" >&2
  exit 1
fi

if [[ -z $bin_dir ]]; then
  tools/bazel build -c opt //bench:randread //bench:echo >&2
  bin_dir=bazel-bin/bench
fi

out=${keep:-$(mktemp -d)}
mkdir -p "$out"
[[ -n $keep ]] || trap 'rm -rf "$out"' EXIT

# Ir of the instrumented part of one run: callgrind.sh's way.
ir() {
  local file=$1
  shift
  valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$file" "$@" \
    >/dev/null 2>"$file.log" || {
    echo "callgrind_workloads.sh: failed: $*" >&2
    cat "$file.log" >&2
    exit 1
  }
  awk '/^totals:/ { print $2; found = 1 } END { if (!found) exit 1 }' "$file"
}

if [[ -z $only || $only == randread ]]; then
  ent_args=()
  [[ -z $entries ]] || ent_args=(--entries "$entries")
  echo "randread: user-space instructions per 4 KiB read (callgrind Ir / $reads reads)"
  echo "rings of ${entries:-depth} entries; preadv2: one system call per read, no ring"
  printf '%-6s %5s %9s %9s %9s %9s\n' mode depth uring liburing preadv2 /liburing
  p=$(ir "$out/callgrind.out.randread.preadv2" "$bin_dir/randread" --dir "$dir" \
        --callgrind-ops "$reads" --impl preadv2 --depth 1 --mode plain)
  for mode in plain fixed defer; do
    for depth in 1 8 32 128; do
      u=$(ir "$out/callgrind.out.randread.uring.$mode.d$depth" "$bin_dir/randread" \
            --dir "$dir" --callgrind-ops "$reads" --impl uring --depth "$depth" --mode "$mode" \
            "${ent_args[@]}")
      l=$(ir "$out/callgrind.out.randread.liburing.$mode.d$depth" "$bin_dir/randread" \
            --dir "$dir" --callgrind-ops "$reads" --impl liburing --depth "$depth" \
            --mode "$mode" "${ent_args[@]}")
      awk -v m="$mode" -v d="$depth" -v u="$u" -v l="$l" -v p="$p" -v n="$reads" \
        'BEGIN { printf "%-6s %5d %9.2f %9.2f %9.2f %8.3fx\n", m, d, u / n, l / n, p / n, u / l }'
    done
  done
fi

# The median and range of the per-round-trip counts of several runs of one echo server.
echo_cell() {
  local server=$1 conns=$2
  local vals=()
  for ((r = 0; r < runs; r++)); do
    vals+=("$(ir "$out/callgrind.out.echo.$server.c$conns.r$r" "$bin_dir/echo" \
                --callgrind-rts "$rts" --server "$server" --conns "$conns")")
  done
  printf '%s\n' "${vals[@]}" | sort -n |
    awk -v n=$((rts * conns)) '{ v[NR] = $1 / n }
      END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
            printf "%s %s %s\n", m, v[1], v[NR] }'
}

if [[ -z $only || $only == echo ]]; then
  [[ -n $only ]] || echo
  echo "echo: user-space instructions per round trip in the server thread (callgrind Ir /"
  echo "round trips; $rts per connection after a warm-up; median of $runs runs, min..max)"
  printf '%5s %-24s %-24s %-24s %9s\n' conns uring liburing epoll /liburing
  for conns in 16 64; do
    read -r um ulo uhi <<<"$(echo_cell uring "$conns")"
    read -r lm llo lhi <<<"$(echo_cell liburing "$conns")"
    read -r em elo ehi <<<"$(echo_cell epoll "$conns")"
    awk -v c="$conns" -v um="$um" -v ulo="$ulo" -v uhi="$uhi" -v lm="$lm" -v llo="$llo" \
      -v lhi="$lhi" -v em="$em" -v elo="$elo" -v ehi="$ehi" \
      'function cell(m, lo, hi) { return sprintf("%7.2f (%.1f..%.1f)", m, lo, hi) }
       BEGIN { printf "%5d %-24s %-24s %-24s %8.3fx\n", c, cell(um, ulo, uhi),
               cell(lm, llo, lhi), cell(em, elo, ehi), um / lm }'
  done
fi
