"""The library's own files, found by walking its targets, and one translation unit per header.

The walk (an aspect over `deps`) means a header or source file added to any target under
//uring is tested without editing a list here.
"""

load("@rules_cc//cc:defs.bzl", "cc_test")
load(
    "//tools/build:copts.bzl",
    "URING_CXX_CONSUMER_WARNINGS",
    "URING_CXX_STD",
    "URING_C_STD",
    "URING_HEADER_COPTS",
    "URING_STRICT_C_WARNINGS",
    "URING_WERROR",
)
load("//tools/build:files.bzl", "repo_path")

UringFilesInfo = provider(
    doc = "Files of the cc_library targets reachable through deps.",
    fields = {
        "hdrs": "depset of public headers (hdrs; textual_hdrs are not standalone)",
        "srcs": "depset of .c sources",
        "others": "depset of the other headers: textual_hdrs, private headers in srcs",
    },
)

def _uring_files_aspect_impl(target, ctx):
    hdrs = [f for f in getattr(ctx.rule.files, "hdrs", []) if f.is_source]
    all_srcs = getattr(ctx.rule.files, "srcs", [])
    srcs = [f for f in all_srcs if f.extension == "c"]
    others = [f for f in all_srcs if f.extension == "h"]
    others += getattr(ctx.rule.files, "textual_hdrs", [])
    deps = [d[UringFilesInfo] for d in getattr(ctx.rule.attr, "deps", []) if UringFilesInfo in d]
    return [UringFilesInfo(
        hdrs = depset(hdrs, transitive = [d.hdrs for d in deps]),
        srcs = depset(srcs, transitive = [d.srcs for d in deps]),
        others = depset(others, transitive = [d.others for d in deps]),
    )]

_uring_files_aspect = aspect(
    implementation = _uring_files_aspect_impl,
    attr_aspects = ["deps"],
)

def _own(files, label):
    # Only the library's files from the repository these tests belong to (the main one, or
    # @uring when a consumer runs them), not those of other repositories.
    return [
        f
        for f in files.to_list()
        if f.owner.workspace_name == label.workspace_name and
           repo_path(f).startswith("uring/")
    ]

def _uring_files_impl(ctx):
    files = []
    everything = []
    for d in ctx.attr.deps:
        info = d[UringFilesInfo]
        files += _own(getattr(info, ctx.attr.kind), ctx.label)
        everything += (_own(info.hdrs, ctx.label) + _own(info.srcs, ctx.label) +
                       _own(info.others, ctx.label))
    return [DefaultInfo(files = depset(files), runfiles = ctx.runfiles(files = everything))]

# The library's public headers ("hdrs") or its .c sources ("srcs") as the target's files,
# for $(rootpaths); its runfiles hold every file of the library, so that what they include
# is there too.
uring_files = rule(
    implementation = _uring_files_impl,
    attrs = {
        "deps": attr.label_list(aspects = [_uring_files_aspect], mandatory = True),
        "kind": attr.string(values = ["hdrs", "srcs"], mandatory = True),
    },
)

def _header_tus_impl(ctx):
    outs = []
    seen = []
    for d in ctx.attr.deps:
        for h in _own(d[UringFilesInfo].hdrs, ctx.label):
            if h in seen:
                continue
            seen.append(h)
            path = "%s/%s.%s" % (ctx.label.name, repo_path(h), ctx.attr.ext)
            tu = ctx.actions.declare_file(path)

            # The typedef keeps the unit non-empty for headers that hold only macros (ISO C
            # forbids an empty translation unit; -Wpedantic warns).
            text = '#include "%s"\ntypedef int uring_header_test_unit;\n' % repo_path(h)
            ctx.actions.write(tu, text)
            outs.append(tu)
    if not outs:
        # A test that compiles nothing cannot fail: refuse to build one.
        fail("no headers of this repository reachable from %s" % ctx.attr.deps)
    main = ctx.actions.declare_file("%s/main.%s" % (ctx.label.name, ctx.attr.ext))
    ctx.actions.write(main, "int main(void) { return 0; }\n")
    return [DefaultInfo(files = depset(outs + [main]))]

# One generated translation unit per public header (plus a main), in C (.c) or C++ (.cc).
_header_tus = rule(
    implementation = _header_tus_impl,
    attrs = {
        "deps": attr.label_list(aspects = [_uring_files_aspect], mandatory = True),
        "ext": attr.string(values = ["c", "cc"], mandatory = True),
    },
)

def header_compile_tests(name, deps):
    """Two cc_tests that compile every public header of `deps` alone, as C11 and as C++17.

    Each header is its own translation unit, so a header that leans on an include it does
    not make itself fails. The tests pass when they build: the compiler is the check. In C
    the headers also meet the library's strict warnings, since every C file that includes
    them is built with those.
    """
    _header_tus(name = name + "_c_units", deps = deps, ext = "c")
    _header_tus(name = name + "_cc_units", deps = deps, ext = "cc")
    cc_test(
        name = name + "_c11_test",
        size = "small",
        srcs = [":" + name + "_c_units"],
        copts = URING_C_STD + URING_HEADER_COPTS + URING_STRICT_C_WARNINGS + URING_WERROR,
        deps = deps,
    )
    cc_test(
        name = name + "_cxx17_test",
        size = "small",
        srcs = [":" + name + "_cc_units"],
        copts = URING_CXX_STD + URING_HEADER_COPTS + URING_CXX_CONSUMER_WARNINGS + URING_WERROR,
        deps = deps,
    )
