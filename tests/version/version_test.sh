#!/bin/bash
# The version is written once, in uring/version.h: the README and the CHANGELOG must name
# the same one, and the library must report it (version_check prints uring_version()).
set -u
# The repository root in the runfiles tree: the working directory in uring's own workspace,
# external/uring (or wherever the script sits) when a consumer runs this test.
root=${0%/tests/*}
[[ $root == "$0" ]] && root=.
header=$root/uring/version.h
major=$(sed -n 's/^#define URING_VERSION_MAJOR \([0-9]*\)$/\1/p' "$header")
minor=$(sed -n 's/^#define URING_VERSION_MINOR \([0-9]*\)$/\1/p' "$header")
patch=$(sed -n 's/^#define URING_VERSION_PATCH \([0-9]*\)$/\1/p' "$header")
if [[ -z $major || -z $minor || -z $patch ]]; then
  echo "FAIL: $header does not define URING_VERSION_MAJOR/MINOR/PATCH as plain numbers"
  exit 1
fi
version="$major.$minor.$patch"
failed=0
if ! grep -q "^## $version\b" "$root/CHANGELOG.md"; then
  echo "FAIL: CHANGELOG.md has no '## $version' section"
  failed=1
fi
if ! grep -q "version $version" "$root/README.md"; then
  echo "FAIL: README.md does not say 'version $version'"
  failed=1
fi
out=$("$1") || { echo "FAIL: version_check exited non-zero: $out"; failed=1; }
mapfile -t lines <<<"$out"
reported=${lines[0]:-}
want=$((major * 10000 + minor * 100 + patch))
if [[ $reported != "$want" ]]; then
  echo "FAIL: uring_version() returns '$reported', version.h says $want"
  failed=1
fi
if [[ ${lines[1]:-} != "$major $minor" ]]; then
  echo "FAIL: uring_major_version()/uring_minor_version() say '${lines[1]:-}', version.h $major $minor"
  failed=1
fi
# liburing's sense of check_version: true (1) only when the library is older than asked.
# Asked: its own version, a minor older, a minor newer, a major newer, a major older.
checks="0 0 1 1 0"
if [[ ${lines[2]:-} != "$checks" ]]; then
  echo "FAIL: uring_check_version gives '${lines[2]:-}', want '$checks'"
  failed=1
fi
if [[ ${lines[3]:-} != "$checks" ]]; then
  echo "FAIL: URING_CHECK_VERSION gives '${lines[3]:-}', want '$checks'"
  failed=1
fi
[[ $failed -eq 0 ]] && echo "version $version in version.h, README.md, CHANGELOG.md and the library"
exit $failed
