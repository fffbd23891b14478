#!/bin/bash
# Installs uring for builds outside Bazel:
#
#   tools/bazel run -c opt //:install -- PREFIX
#
# puts into PREFIX
#   lib/libcuring.a                       every object of the library
#   lib/libcuring.so.MAJOR.MINOR.PATCH    the shared library (soname libcuring.so.MAJOR.MINOR),
#   lib/libcuring.so.MAJOR.MINOR, lib/libcuring.so   and its links
#   include/uring/...                     the public headers, as #include <uring/uring.h>
#   lib/pkgconfig/curing.pc               for pkg-config --cflags --libs curing
#   share/man/man3/                       a page per public function and macro
#   share/doc/uring/                      README.md, CHANGELOG.md and the licences
# The names are not liburing's (liburing.a, -luring, liburing.pc are that library's):
# "curing" is uring for C, and both can be installed side by side.
#
# Arguments: the files of //tools/install:dist (Bazel passes them), then PREFIX.
set -euo pipefail

if (($# < 2)); then
  echo "usage: tools/bazel run -c opt //:install -- PREFIX" >&2
  exit 2
fi
prefix=${!#}
files=("${@:1:$#-1}")
# bazel run starts here in the runfiles tree: a relative PREFIX means the caller's directory.
if [[ $prefix != /* ]]; then
  prefix="${BUILD_WORKING_DIRECTORY:-$PWD}/$prefix"
fi

manifest=""
for f in "${files[@]}"; do
  [[ $f == *.manifest ]] && manifest=$f
done
if [[ -z $manifest ]]; then
  echo "install.sh: no manifest among the arguments" >&2
  exit 2
fi

static="" shared="" version_h=""
hdrs=()
while IFS=$'\t' read -r kind src dest; do
  case "$kind" in
    lib) [[ $src == *.a ]] && static=$src || shared=$src ;;
    version) version_h=$src ;;
    hdr) hdrs+=("$src" "$dest") ;;
  esac
done <"$manifest"

field() { sed -n "s/^#define URING_VERSION_$1 \([0-9]*\)$/\1/p" "$version_h"; }
major=$(field MAJOR)
minor=$(field MINOR)
patch=$(field PATCH)
version="$major.$minor.$patch"

install -d "$prefix/lib/pkgconfig" "$prefix/include" "$prefix/share/doc/uring" \
  "$prefix/share/man/man3"
install -m 0644 "$static" "$prefix/lib/libcuring.a"
install -m 0755 "$shared" "$prefix/lib/libcuring.so.$version"
ln -sfn "libcuring.so.$version" "$prefix/lib/libcuring.so.$major.$minor"
ln -sfn "libcuring.so.$major.$minor" "$prefix/lib/libcuring.so"
for ((i = 0; i < ${#hdrs[@]}; i += 2)); do
  install -D -m 0644 "${hdrs[i]}" "$prefix/include/${hdrs[i + 1]}"
done
pages=0
for f in "${files[@]}"; do
  case "$f" in
    *README.md | *CHANGELOG.md | *LICENSE*) install -m 0644 "$f" "$prefix/share/doc/uring/" ;;
  esac
  if [[ -d $f && $f == */man3 ]]; then
    for p in "$f"/*.3; do
      install -m 0644 "$p" "$prefix/share/man/man3/"
      pages=$((pages + 1))
    done
  fi
done

cat >"$prefix/lib/pkgconfig/curing.pc" <<PC
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: curing
Description: uring, a low-level io_uring interface for C
Version: $version
Cflags: -I\${includedir}
Libs: -L\${libdir} -lcuring
PC

echo "installed uring $version into $prefix: libcuring.a, libcuring.so.$version," \
  "$((${#hdrs[@]} / 2)) headers, $pages man pages, lib/pkgconfig/curing.pc"
