#!/bin/bash
# The compat header and the headers whose names it defines: after <liburing.h> or
# <linux/io_uring.h> it stops with its #error; before them it takes their include guards,
# so their later inclusion adds nothing and the program still compiles with its names.
# Runs from the runfiles root, where the headers sit at their workspace paths.
set -u
root=${0%/tests/*}
[[ $root == "$0" ]] && root=.
fail=0
check() { # expect: ok or a message the compiler must print; then the lines of a source file
  local expect=$1 out
  shift
  out=$(printf '%s\n' "$@" | cc -x c -std=c11 -Wall -Werror -I"$root" -fsyntax-only - 2>&1)
  local status=$?
  if [[ $expect == ok ]]; then
    [[ $status -eq 0 ]] && return
    echo "FAIL: expected to compile: $*"
  else
    [[ $status -ne 0 && $out == *"$expect"* ]] && return
    echo "FAIL: expected '$expect' from: $*"
  fi
  echo "$out"
  fail=1
}
use='int use(void) { struct io_uring ring; return io_uring_queue_init(1, &ring, 0) + IORING_OP_READ; }'
check "include it instead of <liburing.h>" '#include <liburing.h>' \
  '#include "uring/compat/liburing.h"'
check "<linux/io_uring.h>'s names: include it instead" '#include <linux/io_uring.h>' \
  '#include "uring/compat/liburing.h"'
check ok '#include "uring/compat/liburing.h"' '#include <liburing.h>' '#include <linux/io_uring.h>' \
  "$use"
check ok '#include "uring/compat/liburing.h"' '#include "uring/compat/liburing.h"' "$use"
[[ $fail -eq 0 ]] && echo "4 inclusion orders behave as the header says"
exit $fail
