"""Builds a program and everything it links in freestanding: no libc, no sanitizers.

The library's object files are shared by every target that depends on //uring, and Bazel
compiles them with the toolchain's defaults, which include -fstack-protector (its canary
lives in thread-local storage that a program without libc never sets up). A rule's copts
cannot reach its dependencies; a configuration transition can. The sanitizer flags of
--config=asan/ubsan/tsan/fuzz are dropped here because their runtimes need libc, so the
freestanding test runs, unsanitized, in those configurations too.
"""

load("//tools/build:copts.bzl", "URING_FREESTANDING_COPTS")

def _without_sanitizers(flags):
    # -DURING_ASAN_CHECKS makes the library call into the ASan runtime.
    return [
        f
        for f in flags
        if not f.startswith("-fsanitize") and not f.startswith("-DURING_ASAN_CHECKS")
    ]

def _freestanding_transition_impl(settings, attr):
    copt = settings["//command_line_option:copt"]
    linkopt = settings["//command_line_option:linkopt"]
    return {
        "//command_line_option:copt": _without_sanitizers(copt) + URING_FREESTANDING_COPTS,
        "//command_line_option:linkopt": _without_sanitizers(linkopt),
    }

_freestanding_transition = transition(
    implementation = _freestanding_transition_impl,
    inputs = ["//command_line_option:copt", "//command_line_option:linkopt"],
    outputs = ["//command_line_option:copt", "//command_line_option:linkopt"],
)

def _freestanding_binary_impl(ctx):
    # An attribute with a transition is a list, here of one target.
    binary = ctx.attr.binary[0][DefaultInfo].files_to_run.executable
    out = ctx.actions.declare_file(ctx.label.name)
    ctx.actions.symlink(output = out, target_file = binary, is_executable = True)
    return [DefaultInfo(executable = out, files = depset([out]))]

# `binary` (a cc_binary), with it and all its dependencies compiled freestanding.
freestanding_binary = rule(
    implementation = _freestanding_binary_impl,
    attrs = {
        "binary": attr.label(cfg = _freestanding_transition, mandatory = True),
        "_allowlist_function_transition": attr.label(
            default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
        ),
    },
    executable = True,
)
