"""The installable library: every object file of uring's C code in one static archive and
one shared object, linked by the C toolchain Bazel uses (cc_binary cannot: it keeps only
the archive members a program needs, and links the C++ runtime), plus a manifest of the
public headers for tools/install/install.sh. The version comes from uring/version.h, read
when the shared object is linked: nothing here repeats it."""

load("@bazel_tools//tools/cpp:toolchain_utils.bzl", "find_cpp_toolchain")
load("//tools/build:files.bzl", "repo_path", "uring_header_is_installed")

def _objects(deps, pic):
    """The object files among deps' transitive linker inputs, each once."""
    out = []
    for dep in deps:
        for li in dep[CcInfo].linking_context.linker_inputs.to_list():
            for lib in li.libraries:
                objs = lib.pic_objects if pic else lib.objects
                if not objs:
                    objs = lib.objects if pic else lib.pic_objects
                for o in objs:
                    if o not in out:
                        out.append(o)
    return out

def _dist_impl(ctx):
    cc = find_cpp_toolchain(ctx)
    static = ctx.actions.declare_file(ctx.attr.basename + ".a")
    shared = ctx.actions.declare_file(ctx.attr.basename + ".so")
    manifest = ctx.actions.declare_file(ctx.label.name + ".manifest")
    objs = _objects(ctx.attr.deps, pic = False)
    pic_objs = _objects(ctx.attr.deps, pic = True)
    version_h = ctx.file.version_header

    # rcsD: one archive with a symbol index, deterministic (no timestamps or owners).
    ctx.actions.run(
        executable = cc.ar_executable,
        arguments = ["rcsD", static.path] + [o.path for o in objs],
        inputs = depset(objs, transitive = [cc.all_files]),
        outputs = [static],
        mnemonic = "UringArchive",
        use_default_shell_env = True,
    )

    # -z defs: nothing is left undefined. The library calls no libc function, but compilers
    # may emit calls to memcpy and memset for struct copies (clang at -O0 does), which
    # freestanding code leaves to its environment: here libc provides them. The soname
    # carries major.minor: before 1.0 a minor release may change the ABI.
    ctx.actions.run_shell(
        command = """
            set -eu
            v() { sed -n "s/^#define URING_VERSION_$1 \\([0-9]*\\)$/\\1/p" "$2"; }
            major=$(v MAJOR "$1"); minor=$(v MINOR "$1")
            cc=$2; out=$3; shift 3
            "$cc" -shared -Wl,-z,defs -Wl,-soname,%s.so.$major.$minor -o "$out" "$@"
        """ % ctx.attr.basename,
        arguments = [version_h.path, cc.compiler_executable, shared.path] +
                    [o.path for o in pic_objs],
        inputs = depset(pic_objs + [version_h], transitive = [cc.all_files]),
        outputs = [shared],
        mnemonic = "UringSharedObject",
        use_default_shell_env = True,
    )

    # The public headers and those their inline code includes: the source headers of the
    # uring packages, at their paths in the repository (uring/ring/sq.h goes to
    # PREFIX/include/uring/ring/sq.h).
    hdrs = []
    for dep in ctx.attr.deps:
        for h in dep[CcInfo].compilation_context.headers.to_list():
            p = repo_path(h)
            if h.is_source and p.startswith("uring/") and uring_header_is_installed(p) and \
               h not in hdrs:
                hdrs.append(h)
    lines = ["lib\t%s" % static.short_path, "lib\t%s" % shared.short_path]
    lines += ["version\t%s" % version_h.short_path]
    lines += ["hdr\t%s\t%s" % (h.short_path, repo_path(h)) for h in hdrs]
    ctx.actions.write(manifest, "\n".join(lines) + "\n")
    files = [static, shared, manifest, version_h] + hdrs
    return [DefaultInfo(files = depset(files), runfiles = ctx.runfiles(files = files))]

uring_dist = rule(
    implementation = _dist_impl,
    attrs = {
        "deps": attr.label_list(providers = [CcInfo]),
        "basename": attr.string(mandatory = True),
        "version_header": attr.label(allow_single_file = True, mandatory = True),
        "_cc_toolchain": attr.label(default = "@bazel_tools//tools/cpp:current_cc_toolchain"),
    },
    toolchains = ["@bazel_tools//tools/cpp:toolchain_type"],
    incompatible_use_toolchain_transition = True,
)
