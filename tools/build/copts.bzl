"""The compiler flags of the project's own code, in one place.

Every BUILD file and .bzl of the project takes its flags from here, and so do the shell
tests that run compilers themselves (through their sh_test's `env`). Two things stay in
.bazelrc, because they apply to every file whatever its target says: -Werror on the
project's own files (as abseil keeps it) and -fno-omit-frame-pointer.
"""

# The warnings every C and C++ file of the project compiles with.
URING_WARNINGS = [
    "-Wall",
    "-Wextra",
]

# The warnings beyond those that the project's C code passes with gcc 12 and clang 14.
# C only: gcc warns that several are not for C++. Left out: -Wmissing-variable-declarations
# and -Wcomma (clang only; gcc 12 rejects them), -Wextra-semi (C++ only in gcc), and
# -Wjump-misses-init, -Wlogical-op, -Wduplicated-cond, -Wduplicated-branches (gcc only).
URING_STRICT_C_WARNINGS = [
    "-Wshadow",
    "-Wconversion",
    "-Wsign-conversion",
    "-Wstrict-prototypes",
    "-Wmissing-prototypes",
    "-Wmissing-declarations",
    "-Wold-style-definition",
    "-Wnested-externs",
    "-Wredundant-decls",
    "-Wcast-qual",
    "-Wcast-align",
    "-Wbad-function-cast",
    "-Wpointer-arith",
    "-Wwrite-strings",
    "-Wundef",
    "-Wvla",
    "-Walloca",
    "-Wformat=2",
    "-Wnull-dereference",
    "-Wdouble-promotion",
    "-Wfloat-equal",
    "-Wimplicit-fallthrough",
    "-Wswitch-enum",
]

# Where .bazelrc's -Werror does not reach: generated files (their paths start with
# bazel-out/) and compilers the shell tests run directly.
URING_WERROR = ["-Werror"]

# The language levels the project's own code is compiled at.
URING_C_STD = ["-std=c11"]
URING_CXX_STD = ["-std=c++17"]

# The levels a consumer may compile the public headers at, each checked by
# tests/headers/compile_headers.sh: C11 is the floor (_Static_assert, anonymous unions),
# C++11 the C++ one (nullptr, static_assert).
URING_CONSUMER_C_STDS = ["-std=c11", "-std=c17", "-std=gnu11"]
URING_CONSUMER_CXX_STDS = ["-std=c++11", "-std=c++17"]

# What a C++ consumer may turn on beyond -Wall -Wextra -Wpedantic that the headers' inline
# code must pass: their casts are named casts in C++ (uring/sys/cast.h), their null
# pointers nullptr, and no struct shares a function's name.
URING_CXX_CONSUMER_WARNINGS = [
    "-Wshadow",
    "-Wold-style-cast",
    "-Wzero-as-null-pointer-constant",
]

# The optimisation levels a consumer may build the library and its inline helpers at,
# each checked by tests/headers/compile_sources.sh.
URING_OPT_LEVELS = ["-O0", "-O1", "-O2", "-O3", "-Os"]

# The library (//uring/...): C.
URING_DEFAULT_COPTS = URING_WARNINGS + URING_STRICT_C_WARNINGS

# C programs built on it: tools, examples, benchmarks, fuzz targets.
URING_PROGRAM_COPTS = URING_WARNINGS + URING_STRICT_C_WARNINGS

# C++ tests (GoogleTest 1.12 needs C++14; the tests are written to C++17). Tests set their
# language level here, not in .bazelrc, so that a consumer running @uring//... tests gets
# it too and nothing is forced on the consumer's own code.
URING_TEST_COPTS = URING_WARNINGS + URING_CXX_STD

# Public headers compiled alone (tests/headers): also -Wpedantic, the ISO conformance a
# header must keep for whoever includes it.
URING_HEADER_COPTS = URING_WARNINGS + ["-Wpedantic"]

# The library without libc (tests/freestanding, tests/cross, --config=freestanding): no
# libc headers to lean on, no builtins that become libc calls, no stack protector (its
# canary lives in thread-local storage that a program without libc never sets up).
URING_FREESTANDING_COPTS = ["-ffreestanding", "-fno-builtin", "-fno-stack-protector"]

# Benchmarks: -O2 whatever the compilation mode, -g for callgrind_annotate's per-line
# output.
URING_BENCH_COPTS = ["-O2", "-g"]
