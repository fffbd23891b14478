#!/bin/bash
# Compiles each C file given as an argument (the library's sources, and programs built on
# its inline helpers) at every optimisation level in URING_OPT_LEVELS with clang and gcc,
# with the library's warnings as errors. The build compiles them once, at one level; the
# warnings that depend on the optimiser's view of the code (gcc's -Wmaybe-uninitialized
# and -Warray-bounds, clang's and gcc's -Wnull-dereference) differ from level to level, and
# a consumer building at -O3 must not meet one. Runs from the runfiles root (hence -I.).
set -u
root=${0%/tests/*}
[[ $root == "$0" ]] && root=.

for var in URING_OPT_LEVELS URING_C_FLAGS; do
  if [ -z "${!var:-}" ]; then
    echo "FAIL: $var must be set (the sh_test's env does it)"
    exit 1
  fi
done
for tool in clang gcc; do
  if ! command -v "$tool" >/dev/null; then
    echo "FAIL: $tool not found (tools/bazel installs clang)"
    exit 1
  fi
done
if [ "$#" -eq 0 ]; then
  echo "FAIL: no sources given"
  exit 1
fi

failed=0
count=0
for src in "$@"; do
  for opt in $URING_OPT_LEVELS; do
    for cc in clang gcc; do
      count=$((count + 1))
      # shellcheck disable=SC2086
      if ! $cc -x c $URING_C_FLAGS $opt -I"$root" -c "$src" -o /dev/null; then
        echo "FAIL: $src does not compile with: $cc $opt"
        failed=$((failed + 1))
      fi
    done
  done
done

echo "$count compilations of $# sources, $failed failing"
[ "$failed" -eq 0 ]
