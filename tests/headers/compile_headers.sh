#!/bin/bash
# Compiles each public header given as an argument alone, with clang and gcc as C at every
# language level in URING_C_STDS, and with clang++ and g++ as C++ at every level in
# URING_CXX_STDS (with and without URING_ASAN_CHECKS, which turns on the inline
# precondition checks), whatever compiler the Bazel toolchain is: the flags a consumer may
# build with, all as errors. Runs from the runfiles root, where the headers sit at their
# workspace paths (hence -I.).
#
# The language levels and warnings come from //tools/build:copts.bzl through the sh_test's
# env: URING_C_STDS and URING_C_FLAGS for C, URING_CXX_STDS and URING_CXX_FLAGS for C++.
set -u
# The repository root in the runfiles tree: the working directory in uring's own workspace,
# external/uring (or wherever the script sits) when a consumer runs this test.
root=${0%/tests/*}
[[ $root == "$0" ]] && root=.

for var in URING_C_STDS URING_C_FLAGS URING_CXX_STDS URING_CXX_FLAGS; do
  if [ -z "${!var:-}" ]; then
    echo "FAIL: $var must be set (the sh_test's env does it)"
    exit 1
  fi
done

for tool in clang clang++ gcc g++; do
  if ! command -v "$tool" >/dev/null; then
    echo "FAIL: $tool not found (tools/bazel installs clang)"
    exit 1
  fi
done
if [ "$#" -eq 0 ]; then
  echo "FAIL: no headers given"
  exit 1
fi

# Every compiler command line, each applied to every header. clang also flags reserved
# identifiers (a double underscore anywhere, in C++; a leading underscore and a capital):
# names a header may not take from the implementation.
commands=()
for std in $URING_C_STDS; do
  commands+=("clang -x c $std $URING_C_FLAGS -Wreserved-identifier"
             "gcc -x c $std $URING_C_FLAGS")
done
for std in $URING_CXX_STDS; do
  for checks in "" "-DURING_ASAN_CHECKS=1"; do
    commands+=("clang++ -x c++ $std $checks $URING_CXX_FLAGS -Wreserved-identifier"
               "g++ -x c++ $std $checks $URING_CXX_FLAGS")
  done
done

failed=0
count=0
for header in "$@"; do
  for cmd in "${commands[@]}"; do
    count=$((count + 1))
    # $cmd is split on purpose: compiler, language and flags.
    # shellcheck disable=SC2086
    if ! printf '#include "%s"\ntypedef int uring_header_test_unit;\n' "$header" |
        $cmd -I"$root" -fsyntax-only -; then
      echo "FAIL: $header does not compile alone with: $cmd"
      failed=$((failed + 1))
    fi
  done
done

echo "$count compilations of $# headers (${#commands[@]} command lines each), $failed failing"
[ "$failed" -eq 0 ]
