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
#   lib/libcuring-compat.{a,so...}, include/uring/compat/*.h,
#   lib/pkgconfig/curing-compat.pc        liburing's names on top of uring (README, "Coming
#                                         from liburing"): the library and the compat layer
#                                         in one, linked instead of libcuring
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

# One manifest per library (//tools/install:dist, :compat_dist): its archive, shared object,
# version header and headers.
manifests=()
for f in "${files[@]}"; do
  [[ $f == *.manifest ]] && manifests+=("$f")
done
if ((${#manifests[@]} == 0)); then
  echo "install.sh: no manifest among the arguments" >&2
  exit 2
fi

version_h=""
while IFS=$'\t' read -r kind src _; do
  [[ $kind == version ]] && version_h=$src
done <"${manifests[0]}"
field() { sed -n "s/^#define URING_VERSION_$1 \([0-9]*\)$/\1/p" "$version_h"; }
major=$(field MAJOR)
minor=$(field MINOR)
patch=$(field PATCH)
version="$major.$minor.$patch"

install -d "$prefix/lib/pkgconfig" "$prefix/include" "$prefix/share/doc/uring" \
  "$prefix/share/man/man3"
nhdrs=0
libs=()
# Installs one manifest's library as lib<name>.a and lib<name>.so.VERSION (soname
# lib<name>.so.MAJOR.MINOR), its headers, and <name without lib>.pc.
install_library() {
  local static="" shared="" kind src dest
  local -a hdrs=()
  while IFS=$'\t' read -r kind src dest; do
    case "$kind" in
      lib) [[ $src == *.a ]] && static=$src || shared=$src ;;
      hdr) hdrs+=("$src" "$dest") ;;
    esac
  done <"$1"
  local base
  base=$(basename "$static" .a)
  install -m 0644 "$static" "$prefix/lib/$base.a"
  install -m 0755 "$shared" "$prefix/lib/$base.so.$version"
  ln -sfn "$base.so.$version" "$prefix/lib/$base.so.$major.$minor"
  ln -sfn "$base.so.$major.$minor" "$prefix/lib/$base.so"
  for ((i = 0; i < ${#hdrs[@]}; i += 2)); do
    install -D -m 0644 "${hdrs[i]}" "$prefix/include/${hdrs[i + 1]}"
  done
  nhdrs=$((nhdrs > ${#hdrs[@]} / 2 ? nhdrs : ${#hdrs[@]} / 2))
  local name=${base#lib} description="uring, a low-level io_uring interface for C"
  [[ $name == *-compat ]] &&
    description="uring with liburing's names (#include <uring/compat/liburing.h>)"
  cat >"$prefix/lib/pkgconfig/$name.pc" <<PC
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: $name
Description: $description
Version: $version
Cflags: -I\${includedir}
Libs: -L\${libdir} -l$name
PC
  libs+=("$base.a" "$base.so.$version" "lib/pkgconfig/$name.pc")
}
for m in "${manifests[@]}"; do
  install_library "$m"
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

echo "installed uring $version into $prefix: ${libs[*]}, $nhdrs headers, $pages man pages"
