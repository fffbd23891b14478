"""The repositories uring needs, for a consumer's WORKSPACE and for uring's own.

A consumer's WORKSPACE:

    local_repository(name = "uring", path = "/path/to/uring")  # or http_archive, ...
    load("@uring//:deps.bzl", "uring_dependencies")
    uring_dependencies()

uring_dependencies() declares what building the library takes with Bazel 4.2.3 and no
internet, and nothing else: rules_cc (its rule names over Bazel's native C/C++ rules; Debian's
rules_cc needs a newer Bazel), rules_java (which the JDK toolchains Bazel registers ask for even
in a C-only build: Debian's bazel-rules-java files) and remote_coverage_tools (which every test
rule asks for; stand-ins, so coverage reports are unavailable). uring_test_dependencies() adds
what uring's own tests, benchmarks and fuzzers build against: GoogleTest (Debian's googletest
sources) and liburing (Debian's liburing-dev, the peer the encoding tests and benchmarks compare
with). A repository the workspace already defines is left as it is, so a consumer with its own
rules_cc or GoogleTest keeps it.
"""

_RULES_CC_DEFS = '''"""The rules_cc names over Bazel's native C/C++ rules (written by @uring//:deps.bzl)."""

cc_library = native.cc_library
cc_binary = native.cc_binary
cc_test = native.cc_test
cc_import = native.cc_import
cc_toolchain = native.cc_toolchain
cc_toolchain_suite = native.cc_toolchain_suite
cc_proto_library = native.cc_proto_library
objc_library = native.objc_library
'''

_RULES_CC_BUILD = '''package(default_visibility = ["//visibility:public"])

alias(
    name = "toolchain_type",
    actual = "@bazel_tools//tools/cpp:toolchain_type",
)
'''

def _rules_cc_shim_impl(ctx):
    ctx.file("WORKSPACE", 'workspace(name = "%s")\n' % ctx.name)
    ctx.file("BUILD", "")
    ctx.file("cc/BUILD", _RULES_CC_BUILD)
    ctx.file("cc/defs.bzl", _RULES_CC_DEFS)

_rules_cc_shim = repository_rule(implementation = _rules_cc_shim_impl)

_COVERAGE_BUILD = '''# Stand-ins that satisfy the analysis of test rules offline (written by @uring//:deps.bzl):
# `bazel coverage` fails at the report step.
package(default_visibility = ["//visibility:public"])

sh_binary(
    name = "coverage_report_generator",
    srcs = ["unavailable.sh"],
)

sh_binary(
    name = "lcov_merger",
    srcs = ["unavailable.sh"],
)
'''

_COVERAGE_SH = '''#!/bin/sh
echo "coverage tools are not available offline" >&2
exit 1
'''

def _coverage_stub_impl(ctx):
    ctx.file("WORKSPACE", 'workspace(name = "%s")\n' % ctx.name)
    ctx.file("BUILD", _COVERAGE_BUILD)
    ctx.file("unavailable.sh", _COVERAGE_SH, executable = True)

_coverage_stub = repository_rule(implementation = _coverage_stub_impl)

def _maybe(rule, name, **kwargs):
    if not native.existing_rule(name):
        rule(name = name, **kwargs)

def uring_dependencies():
    """What building @uring//uring takes: rules_cc, rules_java, remote_coverage_tools."""
    _maybe(_rules_cc_shim, "rules_cc")

    # Installed by Debian's bazel-bootstrap (tools/bazel installs it).
    _maybe(native.local_repository, "rules_java", path = "/usr/share/bazel/rules/java")
    _maybe(_coverage_stub, "remote_coverage_tools")

def uring_test_dependencies():
    """What uring's tests, benchmarks and fuzzers add: GoogleTest and liburing."""

    # GoogleTest 1.12 from Debian's googletest package (sources only).
    _maybe(
        native.new_local_repository,
        "com_google_googletest",
        build_file = str(Label("//third_party/googletest:googletest.BUILD")),
        path = "/usr/src/googletest/googletest",
    )

    # liburing 2.3 from Debian's liburing-dev: the peer for benchmarks and encoding tests.
    _maybe(
        native.new_local_repository,
        "liburing",
        build_file = str(Label("//third_party/liburing:liburing.BUILD")),
        path = "/usr",
    )
