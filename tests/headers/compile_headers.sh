#!/bin/bash
# Compiles each public header given as an argument alone, as C11 and as C++17 with strict
# warnings, with clang and with gcc, whatever compiler the Bazel toolchain is. Runs from
# the runfiles root, where the headers sit at their workspace paths (hence -I.).
#
# The language levels and warnings come from //tools/build:copts.bzl through the sh_test's
# env: URING_C_FLAGS for C, URING_CXX_FLAGS for C++.
set -u
# The repository root in the runfiles tree: the working directory in uring's own workspace,
# external/uring (or wherever the script sits) when a consumer runs this test.
root=${0%/tests/*}
[[ $root == "$0" ]] && root=.

if [ -z "${URING_C_FLAGS:-}" ] || [ -z "${URING_CXX_FLAGS:-}" ]; then
  echo "FAIL: URING_C_FLAGS and URING_CXX_FLAGS must be set (the sh_test's env does it)"
  exit 1
fi

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

failed=0
count=0
for header in "$@"; do
  # clang also flags reserved identifiers (a double underscore anywhere, in C++; a leading
  # underscore and a capital): names a header may not take from the implementation.
  for lang in "clang -x c $URING_C_FLAGS -Wreserved-identifier" \
              "clang++ -x c++ $URING_CXX_FLAGS -Wreserved-identifier" \
              "gcc -x c $URING_C_FLAGS" "g++ -x c++ $URING_CXX_FLAGS"; do
    count=$((count + 1))
    # $lang is split on purpose: compiler, language and flags.
    # shellcheck disable=SC2086
    if ! printf '#include "%s"\ntypedef int uring_header_test_unit;\n' "$header" |
        $lang -I"$root" -fsyntax-only -; then
      echo "FAIL: $header does not compile alone with: $lang"
      failed=$((failed + 1))
    fi
  done
done

echo "$count compilations of $# headers, $failed failing"
[ "$failed" -eq 0 ]
