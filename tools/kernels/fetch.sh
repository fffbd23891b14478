#!/usr/bin/env bash
# Fetches Debian's cloud kernel images for the test matrix and extracts each vmlinuz.
#
#   tools/kernels/fetch.sh [SUITE...]     default: bullseye bookworm trixie
#
# Uses a private apt configuration (its own sources list, lists and archives directories
# under the cache directory), so the machine's apt state is not touched. The mirror is the
# one the machine's own apt sources name for Debian's main archive, with the suite name
# replaced. Extracted kernels are cached: a suite already in the cache is not fetched again
# (delete its directory, or set URING_KERNELS_REFRESH=1, to fetch the newest again).
#
# Prints one line per suite: "SUITE RELEASE PATH-TO-VMLINUZ".
# Cache directory: $URING_KERNELS_CACHE, default ~/.cache/uring-kernels.
set -euo pipefail

CACHE=${URING_KERNELS_CACHE:-${HOME:-/root}/.cache/uring-kernels}
SUITES=("$@")
((${#SUITES[@]})) || SUITES=(bullseye bookworm trixie)

# The mirror URI and keyring of the machine's Debian main archive: the first deb source
# (deb822 or one-line format) whose components include main and whose URI is not a
# security or updates archive.
find_mirror() {
  local f uri="" keyring="" line
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -r $f ]] || continue
    # deb822 stanzas are separated by blank lines.
    uri=$(awk -v RS= '
      /(^|\n)Types:[^\n]*deb([ \n]|$)/ && /(^|\n)Components:[^\n]*main/ {
        if (match($0, /(^|\n)URIs:[ \t]*[^ \t\n]+/)) {
          s = substr($0, RSTART, RLENGTH); sub(/^\n?URIs:[ \t]*/, "", s)
          if (s !~ /security/) { print s; exit }
        }
      }' "$f")
    if [[ -n $uri ]]; then
      keyring=$(awk -v RS= -v u="$uri" 'index($0, u) && match($0, /(^|\n)Signed-By:[ \t]*[^ \t\n]+/) {
          s = substr($0, RSTART, RLENGTH); sub(/^\n?Signed-By:[ \t]*/, "", s); print s; exit }' "$f")
      break
    fi
  done
  if [[ -z $uri ]]; then
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
      [[ -r $f ]] || continue
      while read -r line; do
        line=${line%%#*}
        [[ $line =~ ^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([^[:space:]]+)[[:space:]]+[^[:space:]]+[[:space:]].*main ]] || continue
        [[ ${BASH_REMATCH[2]} == *security* ]] && continue
        uri=${BASH_REMATCH[2]}
        break 2
      done <"$f"
    done
  fi
  [[ -n $uri ]] || { echo "fetch.sh: no Debian main archive found in /etc/apt sources" >&2; return 1; }
  MIRROR=$uri
  KEYRING=${keyring:-/usr/share/keyrings/debian-archive-keyring.gpg}
}

fetch_suite() {
  local suite=$1
  local dir=$CACHE/$suite
  if [[ -z ${URING_KERNELS_REFRESH:-} && -r $dir/release ]]; then
    echo "$suite $(cat "$dir/release") $dir/vmlinuz"
    return 0
  fi
  local apt=$CACHE/apt/$suite
  mkdir -p "$apt/lists/partial" "$apt/archives/partial" "$apt/etc"
  echo "deb [signed-by=$KEYRING] $MIRROR $suite main" >"$apt/etc/sources.list"
  local opts=(-o "Dir::Etc::SourceList=$apt/etc/sources.list" -o Dir::Etc::SourceParts=/nonexistent
              -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache::Archives=$apt/archives"
              -o "Dir::Cache::pkgcache=$apt/pkgcache.bin" -o "Dir::Cache::srcpkgcache=$apt/srcpkgcache.bin"
              -o APT::Architecture=amd64 -o Debug::NoLocking=1 -q)
  apt-get "${opts[@]}" update >"$apt/update.log" 2>&1 ||
    { echo "fetch.sh: apt-get update for $suite failed:" >&2; tail -5 "$apt/update.log" >&2; return 1; }
  # The newest linux-image-<release>-cloud-amd64 package (not the unversioned meta package,
  # not the unsigned or debug builds).
  local pkg
  pkg=$(apt-cache "${opts[@]}" pkgnames linux-image- |
        grep -E '^linux-image-[0-9][^ ]*-cloud-amd64$' | sort -V | tail -n 1)
  [[ -n $pkg ]] || { echo "fetch.sh: no cloud kernel package in $suite" >&2; return 1; }
  (cd "$apt/archives" && apt-get "${opts[@]}" download "$pkg" >"$apt/download.log" 2>&1) ||
    { echo "fetch.sh: downloading $pkg failed:" >&2; tail -5 "$apt/download.log" >&2; return 1; }
  local deb
  deb=$(ls -t "$apt/archives/${pkg}"_*.deb | head -n 1)
  local tmp=$dir.tmp
  rm -rf "$tmp"
  mkdir -p "$tmp/x"
  dpkg-deb -x "$deb" "$tmp/x"
  local vmlinuz
  vmlinuz=$(ls "$tmp"/x/boot/vmlinuz-* | head -n 1)
  mv "$vmlinuz" "$tmp/vmlinuz"
  # The full release (e.g. 5.10.223) comes from the package version; the name carries the ABI.
  dpkg-deb -f "$deb" Version >"$tmp/release"
  echo "$pkg" >"$tmp/package"
  rm -rf "$tmp/x" "$dir" "$deb"
  mv "$tmp" "$dir"
  echo "$suite $(cat "$dir/release") $dir/vmlinuz"
}

find_mirror
mkdir -p "$CACHE"
for s in "${SUITES[@]}"; do fetch_suite "$s"; done
