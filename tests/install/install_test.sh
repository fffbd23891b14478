#!/bin/bash
# Installs uring into a temporary prefix (tools/install/install.sh, as `bazel run //:install`
# does) and builds a program from it as a project outside Bazel would: with pkg-config and
# plain cc against the shared and the static library, with CMake's pkg_check_modules and
# with Meson's dependency().
# Each program must run and print the NOP's result and matching versions.
set -u
# The repository root in the runfiles tree: the working directory in uring's own workspace,
# external/uring (or wherever the script sits) when a consumer runs this test.
root=${0%/tests/*}
[[ $root == "$0" ]] && root=.
prefix=$TEST_TMPDIR/prefix
work=$TEST_TMPDIR/work
mkdir -p "$work"
here=$root/tests/install
fail() {
  echo "FAIL: $*"
  exit 1
}

"$root/tools/install/install.sh" "$@" "$prefix" || fail "install.sh"
for f in lib/libcuring.a lib/libcuring.so lib/pkgconfig/curing.pc include/uring/uring.h \
         include/uring/ring/sq.h include/uring/version.h share/doc/uring/LICENSE; do
  [[ -e $prefix/$f ]] || fail "not installed: $f"
done
[[ -e $prefix/include/uring/ring/internal.h ]] && fail "a header only the library uses was installed"

# The man pages, through man(1) as a user would read them.
page=$(MANWIDTH=100 man -M "$prefix/share/man" 3 uring_prep_read 2>&1) || fail "man uring_prep_read: $page"
grep -q "uring_prep_read(struct uring_sqe \*sqe" <<<"$page" || fail "man uring_prep_read shows no synopsis"

export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
version=$(pkg-config --modversion curing) || fail "pkg-config does not find curing"
want=$(sed -n 's/^#define URING_VERSION_\(MAJOR\|MINOR\|PATCH\) \([0-9]*\)$/\2/p' "$root/uring/version.h" |
       paste -sd.)
[[ $version == "$want" ]] || fail "curing.pc says $version, uring/version.h $want"
expect="nop 0 version $(pkg-config --modversion curing | awk -F. '{print $1*10000+$2*100+$3}')"
expect="$expect ${expect##* }"

# Shared: found through the soname at run time.
# shellcheck disable=SC2046
cc -std=c11 -Wall -Werror $(pkg-config --cflags curing) "$here/prog.c" -o "$work/shared" \
  $(pkg-config --libs curing) -Wl,-rpath,"$prefix/lib" || fail "cc against libcuring.so"
soname=$(readelf -d "$work/shared" | sed -n 's/.*NEEDED.*\[\(libcuring[^]]*\)\].*/\1/p')
[[ $soname == libcuring.so.*.* ]] || fail "the shared program needs '$soname'"
out=$("$work/shared") || fail "the shared program failed: $out"
[[ $out == "$expect" ]] || fail "shared: '$out', expected '$expect'"

# Static: the archive, nothing of uring needed at run time.
# shellcheck disable=SC2046
cc -std=c11 -Wall -Werror $(pkg-config --cflags curing) "$here/prog.c" -o "$work/static" \
  -Wl,-Bstatic $(pkg-config --libs --static curing) -Wl,-Bdynamic || fail "cc against libcuring.a"
readelf -d "$work/static" | grep -q libcuring && fail "the static program still needs libcuring"
out=$("$work/static") || fail "the static program failed: $out"
[[ $out == "$expect" ]] || fail "static: '$out', expected '$expect'"

# A liburing program against the compatibility library, shared and static: only its
# include and link line differ from a liburing build.
for f in lib/libcuring-compat.a lib/libcuring-compat.so lib/pkgconfig/curing-compat.pc \
         include/uring/compat/{liburing,names,queue,prep,register}.h; do
  [[ -e $prefix/$f ]] || fail "not installed: $f"
done
compat_expect="nop 0 probe 1 version 2.15"
# shellcheck disable=SC2046
cc -std=c11 -Wall -Werror $(pkg-config --cflags curing-compat) "$here/prog_liburing.c" \
  -o "$work/compat_shared" $(pkg-config --libs curing-compat) -Wl,-rpath,"$prefix/lib" ||
  fail "cc against libcuring-compat.so"
out=$("$work/compat_shared") || fail "the compat shared program failed: $out"
[[ $out == "$compat_expect" ]] || fail "compat shared: '$out', expected '$compat_expect'"
# shellcheck disable=SC2046
cc -std=c11 -Wall -Werror $(pkg-config --cflags curing-compat) "$here/prog_liburing.c" \
  -o "$work/compat_static" -Wl,-Bstatic $(pkg-config --libs --static curing-compat) \
  -Wl,-Bdynamic || fail "cc against libcuring-compat.a"
out=$("$work/compat_static") || fail "the compat static program failed: $out"
[[ $out == "$compat_expect" ]] || fail "compat static: '$out', expected '$compat_expect'"

# CMake, through pkg_check_modules.
mkdir -p "$work/cmake"
cp "$here/CMakeLists.txt" "$here/prog.c" "$work/cmake/"
(cd "$work/cmake" && cmake -S . -B build -DCMAKE_BUILD_RPATH="$prefix/lib" >cmake.log 2>&1 &&
   cmake --build build >>cmake.log 2>&1) || { cat "$work/cmake/cmake.log"; fail "cmake"; }
out=$("$work/cmake/build/prog") || fail "the CMake program failed: $out"
[[ $out == "$expect" ]] || fail "cmake: '$out', expected '$expect'"

# Meson, through dependency('curing').
mkdir -p "$work/meson"
cp "$here/meson.build" "$here/meson_options.txt" "$here/prog.c" "$work/meson/"
(cd "$work/meson" && meson setup build -Dprefix_lib="$prefix/lib" >meson.log 2>&1 &&
   meson compile -C build >>meson.log 2>&1) || { cat "$work/meson/meson.log"; fail "meson"; }
out=$("$work/meson/build/prog") || fail "the Meson program failed: $out"
[[ $out == "$expect" ]] || fail "meson: '$out', expected '$expect'"

echo "installed uring $version: pkg-config + cc shared and static, CMake and Meson, and the" \
  "liburing compat library shared and static, all ran"
