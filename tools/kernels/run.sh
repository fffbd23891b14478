#!/usr/bin/env bash
# The kernel matrix: every test binary of the suite on Debian's 5.10, 6.1 and 6.12 kernels
# under qemu. See matrix.py for what it does and README.md ("Kernel matrix") for figures.
#
#   tools/kernels/run.sh [--suites bullseye,bookworm,trixie] [--out DIR] [-- BAZEL-ARGS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

# qemu-system-x86 boots the kernels; busybox-static is the guest's userland.
NEEDED=("qemu-system-x86:/usr/bin/qemu-system-x86_64" "busybox-static:/bin/busybox"
        "gzip:/bin/gzip")
missing=()
for entry in "${NEEDED[@]}"; do
  [[ -e ${entry#*:} ]] || missing+=("${entry%%:*}")
done
if ((${#missing[@]})); then
  echo "kernels/run.sh: installing ${missing[*]}" >&2
  SUDO=()
  [[ $(id -u) -eq 0 ]] || SUDO=(sudo -n)
  export DEBIAN_FRONTEND=noninteractive
  if ! "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" \
      >/tmp/uring-kernels-apt.log 2>&1; then
    "${SUDO[@]}" apt-get update -q >>/tmp/uring-kernels-apt.log 2>&1 || true
    "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" \
      >>/tmp/uring-kernels-apt.log 2>&1 ||
      { echo "kernels/run.sh: could not install ${missing[*]}:" >&2;
        tail -n 15 /tmp/uring-kernels-apt.log >&2; exit 1; }
  fi
fi
exec python3 "$here/matrix.py" "$@"
