#!/bin/bash
# Every public function and function-like macro has a man page with a description, and
# every page names one that exists. The public names are found here independently of the
# page generator: the functions the shared library exports, the static inline functions and
# the function-like macros that uring/uring.h declares once preprocessed.
set -u
# The repository root in the runfiles tree: the working directory in uring's own workspace,
# external/uring (or wherever the script sits) when a consumer runs this test.
root=${0%/tests/*}
[[ $root == "$0" ]] && root=.
pages_dir=$1
shift
lib=""
for f in "$@"; do
  [[ $f == *.so ]] && lib=$f
done
fail=0

documented=$(cat "$pages_dir/undocumented.txt")
if [[ -n $documented ]]; then
  echo "FAIL: public names without a comment in their header:"
  echo "$documented"
  fail=1
fi

pages=$(cd "$pages_dir" && ls -- *.3 | sed 's/\.3$//' | sort -u)
exported=$(nm -D --defined-only "$lib" | awk '$2 == "T" {print $3}' | grep '^uring_')
inline=$(cc -E -P -I"$root" "$root/uring/uring.h" | tr '\n' ' ' |
         grep -o 'static inline [^;{(]*[ *]uring_[a-z0-9_]*(' |
         grep -o 'uring_[a-z0-9_]*($' | tr -d '(')
macros=$(cc -E -dM -I"$root" "$root/uring/uring.h" | sed -n 's/^#define \(uring_[a-z0-9_]*\)(.*/\1/p')
public=$(printf '%s\n' $exported $inline $macros | grep -v '^uring_priv_' | sort -u)

missing=$(comm -23 <(echo "$public") <(echo "$pages"))
stale=$(comm -13 <(echo "$public") <(echo "$pages"))
if [[ -n $missing ]]; then
  echo "FAIL: public names with no man page:"
  echo "$missing"
  fail=1
fi
if [[ -n $stale ]]; then
  echo "FAIL: man pages for names that do not exist:"
  echo "$stale"
  fail=1
fi
for p in $pages; do
  if ! grep -q "^\.SH DESCRIPTION" "$pages_dir/$p.3" || ! grep -q "^\.TH $p 3" "$pages_dir/$p.3"; then
    echo "FAIL: $p.3 lacks its title or description"
    fail=1
  fi
done
[[ $fail -eq 0 ]] && echo "$(echo "$public" | wc -l) public names, each with its page"
exit $fail
