#!/bin/bash
# Cross-compiles every .c file of the library, and the libc-free program of
# //tests/freestanding, for x86_64, aarch64 and riscv64 with clang, freestanding and
# without any sysroot: -nostdinc leaves only clang's own headers (stddef.h, stdint.h), so a
# library header or source that reaches for a libc header fails to compile. Then links
# each architecture's objects, all of them, into a static program with ld.lld and no
# libraries, so a library object that needs a libc symbol fails to link.
#
# Arguments: the program's source, then the library's .c files; paths from the runfiles
# root, which is the working directory (hence -I.). The language level, freestanding flags
# and warnings come from //tools/build:copts.bzl through the sh_test's env
# (URING_CROSS_FLAGS).
set -u
# The repository root in the runfiles tree: the working directory in uring's own workspace,
# external/uring (or wherever the script sits) when a consumer runs this test.
root=${0%/tests/*}
[[ $root == "$0" ]] && root=.

if [ -z "${URING_CROSS_FLAGS:-}" ]; then
  echo "FAIL: URING_CROSS_FLAGS must be set (the sh_test's env does it)"
  exit 1
fi

for tool in clang ld.lld llvm-readelf; do
  if ! command -v "$tool" >/dev/null; then
    echo "FAIL: $tool not found (tools/bazel installs clang and lld)"
    exit 1
  fi
done
if [ "$#" -lt 2 ]; then
  echo "FAIL: expected the program's source and the library's .c files"
  exit 1
fi

program=$1
shift
resource_include="$(clang -print-resource-dir)/include"
work="${TEST_TMPDIR:-$(mktemp -d)}/cross"
failed=0

declare -A machine=(
  [x86_64-linux-gnu]="Advanced Micro Devices X86-64"
  [aarch64-linux-gnu]="AArch64"
  [riscv64-linux-gnu]="RISC-V"
)

for target in x86_64-linux-gnu aarch64-linux-gnu riscv64-linux-gnu; do
  # Both levels: the calls the compiler itself emits (memcpy, memset) differ between them.
  for opt in -O0 -O2; do
    dir="$work/$target$opt"
    mkdir -p "$dir"
    objs=()
    for src in "$program" "$@"; do
      obj="$dir/$(echo "$src" | tr / _).o"
      # shellcheck disable=SC2086 # the flags are split on purpose
      if ! clang --target="$target" $URING_CROSS_FLAGS "$opt" -nostdinc \
          -isystem "$resource_include" -I"$root" -c "$src" -o "$obj"; then
        echo "FAIL: $src does not compile for $target ($opt)"
        failed=$((failed + 1))
        continue
      fi
      objs+=("$obj")
    done
    if [ "${#objs[@]}" -ne $(($# + 1)) ]; then
      continue
    fi
    exe="$dir/nolibc_program"
    if ! clang --target="$target" -fuse-ld=lld -nostdlib -static "${objs[@]}" -o "$exe"; then
      echo "FAIL: the library's objects do not link without libc for $target ($opt)"
      failed=$((failed + 1))
      continue
    fi
    if ! llvm-readelf -h "$exe" | grep -q "Machine: *${machine[$target]}"; then
      echo "FAIL: $exe is not a ${machine[$target]} executable"
      failed=$((failed + 1))
      continue
    fi
    echo "ok: $target $opt: $# library sources compiled, program linked"
  done
done

[ "$failed" -eq 0 ]
