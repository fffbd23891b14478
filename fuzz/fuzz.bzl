"""uring_fuzzer: a libFuzzer target that also replays its seed corpus as a plain test."""

load("@rules_cc//cc:defs.bzl", "cc_binary", "cc_test")
load("//tools/build:copts.bzl", "URING_PROGRAM_COPTS")

def uring_fuzzer(name, srcs, deps = [], corpus = [], dict = None, size = "small"):
    """Declares `<name>` and `<name>_corpus_test`.

    `<name>`: under --config=fuzz (which sets --define=uring_fuzz=1) a libFuzzer binary;
    otherwise the same LLVMFuzzerTestOneInput with //fuzz:replay_main, which runs every
    file (or directory of files) named on the command line once.

    `<name>_corpus_test`: replays every file of `corpus` through the target in any build
    (gcc, clang, sanitizers), so a plain `bazel test //...` keeps the seeds and every
    committed reproducer passing.

    Args:
      name: the fuzzer's name; its seeds live in fuzz/corpus/<name>/.
      srcs: the file defining LLVMFuzzerTestOneInput.
      deps: the library targets it exercises.
      corpus: the seed files (a glob).
      dict: the libFuzzer dictionary (fuzz/run.sh passes it with -dict=).
    """
    cc_binary(
        name = name,
        srcs = srcs,
        copts = URING_PROGRAM_COPTS,
        deps = deps + select({
            "//fuzz:fuzzing": [],
            "//conditions:default": ["//fuzz:replay_main"],
        }),
        linkopts = select({
            "//fuzz:fuzzing": ["-fsanitize=fuzzer"],
            "//conditions:default": [],
        }),
        data = [dict] if dict else [],
    )

    native.filegroup(
        name = name + "_corpus",
        srcs = corpus,
    )

    cc_test(
        name = name + "_corpus_test",
        size = size,
        srcs = srcs,
        copts = URING_PROGRAM_COPTS,
        deps = deps + ["//fuzz:replay_main"],
        data = [":" + name + "_corpus"],
        args = ["$(locations :" + name + "_corpus)"],
    )
