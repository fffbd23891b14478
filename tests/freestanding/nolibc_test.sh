#!/bin/bash
# Runs the libc-free program (argument 1) and checks its exit code and the message it
# wrote to stdout through the ring. Where the kernel refuses io_uring it prints
# "SKIPPED: reason" and passes: Bazel's sh_test has no skipped state.
set -u

program=$1
expected="uring freestanding: write through the ring"
out="${TEST_TMPDIR:-/tmp}/nolibc_stdout"

"$program" >"$out"
rc=$?

case $rc in
  0)
    if [ "$(cat "$out")" != "$expected" ]; then
      echo "FAIL: the program passed its checks but stdout holds:"
      cat "$out"
      exit 1
    fi
    echo "PASS: 16 NOPs and a write through the ring, every completion checked"
    exit 0
    ;;
  77)
    echo "SKIPPED: io_uring unavailable: io_uring_setup returned -ENOSYS (kernel without" \
         "io_uring, or a seccomp filter)"
    exit 0
    ;;
  78)
    sysctl=$(cat /proc/sys/kernel/io_uring_disabled 2>/dev/null || echo absent)
    echo "SKIPPED: io_uring unavailable: io_uring_setup returned -EPERM" \
         "(kernel.io_uring_disabled=$sysctl, or a seccomp filter)"
    exit 0
    ;;
esac

case $rc in
  10) what="uring_init failed (other than -ENOSYS/-EPERM)" ;;
  11) what="no free SQE for the batch" ;;
  12) what="uring_submit_and_wait did not submit the whole batch" ;;
  13) what="waiting for a completion failed" ;;
  14) what="a CQE carries unknown user_data" ;;
  15) what="two CQEs for one SQE" ;;
  16) what="a NOP completed with res != 0" ;;
  17) what="the write completed with res != the message length" ;;
  18) what="a CQE was left over after the batch" ;;
  *) what="unexpected exit (a crash shows as 128+signal)" ;;
esac
echo "FAIL: exit code $rc: $what"
exit 1
