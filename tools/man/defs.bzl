"""Man pages (section 3) for every public function and function-like macro, written by
tools/man/gen_man.py from the comments in the headers."""

load("//tools/build:files.bzl", "repo_path", "uring_header_is_api")

def _man_impl(ctx):
    out = ctx.actions.declare_directory(ctx.label.name)
    args = [out.path]
    inputs = []
    for dep in ctx.attr.deps:
        for h in dep[CcInfo].compilation_context.headers.to_list():
            p = repo_path(h)
            if not h.is_source or not p.startswith("uring/") or h in inputs:
                continue
            if not uring_header_is_api(p):
                continue
            if p.startswith("uring/sys/syscall_"):
                # One architecture's system calls stand for all three: a program includes
                # uring/sys/syscall.h, and the functions are the same on each.
                if p != "uring/sys/syscall_x86_64.h":
                    continue
                args.append("%s=uring/sys/syscall.h" % h.path)
            else:
                args.append("%s=%s" % (h.path, p))
            inputs.append(h)
    ctx.actions.run(
        executable = "python3",
        arguments = [ctx.file._gen.path] + args,
        inputs = inputs + [ctx.file._gen],
        outputs = [out],
        mnemonic = "UringManPages",
        use_default_shell_env = True,
    )
    return [DefaultInfo(files = depset([out]), runfiles = ctx.runfiles(files = [out]))]

uring_man_pages = rule(
    implementation = _man_impl,
    attrs = {
        "deps": attr.label_list(providers = [CcInfo]),
        "_gen": attr.label(default = "//tools/man:gen_man.py", allow_single_file = True),
    },
)
