#!/usr/bin/env bash
# Usage: fuzz/minimize.sh NAME [EXTRA_CORPUS_DIR...]
# Merges fuzz/corpus/NAME (and any extra directories, such as a long run's corpus) into a
# minimal set that keeps the same coverage (libFuzzer -merge=1), and replaces
# fuzz/corpus/NAME with it. Seeds from make_seeds.py that add nothing new are dropped;
# rerun make_seeds.py to restore them.
set -euo pipefail
cd "$(dirname "$0")/.."

name=${1:?usage: fuzz/minimize.sh NAME [EXTRA_CORPUS_DIR...]}
shift
BAZEL=${BAZEL:-tools/bazel}
"$BAZEL" build --config=fuzz --color=no --curses=no "//fuzz:${name}"
bin=bazel-bin/fuzz/${name}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/min"
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
"$bin" -merge=1 -timeout=10 "$work/min" "fuzz/corpus/${name}" "$@"
before=$(ls "fuzz/corpus/${name}" | wc -l)
rm -f "fuzz/corpus/${name}"/*
cp "$work/min"/* "fuzz/corpus/${name}/"
after=$(ls "fuzz/corpus/${name}" | wc -l)
echo "minimize ${name}: ${before} -> ${after} inputs"
