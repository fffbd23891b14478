#!/bin/sh
# --run_under command for the kernel matrix: instead of running a test, records how Bazel
# would run it (the target, the working directory, the command line with every argument
# Bazel expanded), one NUL-separated file per test in $URING_MATRIX_RECORD.
set -eu
out=$URING_MATRIX_RECORD/$(printf '%s' "$TEST_TARGET" | tr '/:' '__')
{
  printf '%s\0' "$TEST_TARGET" "$PWD"
  for arg in "$@"; do printf '%s\0' "$arg"; done
} >"$out"
