#!/bin/bash
# Runs both consumer programs; each must read back what it wrote. A kernel that refuses
# io_uring (exit status 2) is not this test's subject: it fails loudly rather than passing.
set -u
dir=${TEST_TMPDIR:-/tmp}
for prog in whole fine; do
  if ! "./$prog" "$dir/$prog.txt"; then
    echo "FAIL: $prog"
    exit 1
  fi
done
echo "both consumer programs ran"
