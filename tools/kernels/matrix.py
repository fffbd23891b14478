#!/usr/bin/env python3
"""The kernel matrix: runs the project's test binaries on Debian's own kernels under qemu.

  tools/kernels/run.sh [--suites bullseye,bookworm,trixie] [--out DIR] [-- BAZEL-TEST-ARGS]

1. fetch.sh fetches (or takes from its cache) each suite's cloud kernel.
2. One `bazel test --run_under=record.sh` records how Bazel runs every test of //... (its
   working directory and command line, arguments expanded) without running it.
3. Each test's runfiles tree, the shared libraries its ELF files load, busybox and bash go
   into one initramfs, with an /init that runs every test as Bazel would (cwd, argv,
   TEST_TMPDIR, XML_OUTPUT_FILE) and prints the exit code, the gtest XML and the output on
   the serial console, base64-encoded between marker lines.
4. qemu boots each kernel with that initramfs under TCG; the console log is parsed into
   per-kernel results: binaries and cases passed, skipped and failed, each failed case, and
   the reason each skipped case gave.

Tests tagged "host-only" (they check the build toolchain, not the kernel: compilers,
cross builds) are left out and listed as such.

Writes DIR/summary.txt, one line per kernel: "SUITE RELEASE PASSED FAILED SKIPPED BINARIES
BINARIES_FAILED", and DIR/<suite>.console, DIR/<suite>/<test>.log|.xml for every test.
Exits 1 if any case failed or a kernel did not finish.
"""
import argparse
import base64
import gzip
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
BAZEL = os.path.join(TOP, "tools", "bazel")
MARK = "@@URING-MATRIX"

# Time limits: a test binary inside the guest (TCG runs several times slower than the
# host), and a whole boot.
TEST_TIMEOUT_S = 600
BOOT_TIMEOUT_S = 40 * 60


def log(msg):
    print("matrix: " + msg, flush=True)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


# ---------------------------------------------------------------------------------------
# Recording the tests

def record_tests(bazel_args, workdir):
    """Returns [(label, runfiles_root, cwd_rel, argv)] for every test Bazel would run."""
    rec = os.path.join(workdir, "record")
    shutil.rmtree(rec, ignore_errors=True)
    os.makedirs(rec)
    cmd = [BAZEL, "test", "--color=no", "--curses=no", "--test_output=summary",
           "--nocache_test_results", "--run_under=" + os.path.join(HERE, "record.sh"),
           "--test_env=URING_MATRIX_RECORD=" + rec, "--test_tag_filters=-host-only"]
    cmd += bazel_args + ["//..."]
    log("recording the test commands: " + " ".join(shlex.quote(c) for c in cmd[1:]))
    res = subprocess.run(cmd, cwd=TOP, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True)
    if res.returncode != 0:
        sys.stdout.write(res.stdout)
        raise SystemExit("matrix: bazel could not build or record the tests")
    bin_dir = subprocess.run([BAZEL, "info", "bazel-bin"] + bazel_args, cwd=TOP, check=True,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True).stdout.strip()
    tests = []
    for name in sorted(os.listdir(rec)):
        with open(os.path.join(rec, name), "rb") as f:
            fields = f.read().decode().split("\0")[:-1]
        label, cwd, argv = fields[0], fields[1], fields[2:]
        # The recorded cwd sits in a sandbox that is gone: ".../bin/PKG/NAME.runfiles/WS".
        m = re.search(r"/bin/(.+\.runfiles)/([^/]+)$", cwd)
        if not m:
            raise SystemExit("matrix: unexpected test directory for %s: %s" % (label, cwd))
        tests.append((label, os.path.join(bin_dir, m.group(1)), m.group(2), argv))
    run([BAZEL, "build", "--color=no", "--curses=no"] + bazel_args + ["//tools:probe"], cwd=TOP,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    host_only = subprocess.run(
        [BAZEL, "query", "--color=no", "attr(tags, 'host-only', tests(//...))"], cwd=TOP,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout.split()
    return tests, host_only, os.path.join(bin_dir, "tools", "probe")


# ---------------------------------------------------------------------------------------
# The initramfs

def is_elf(path):
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def shared_libs(path):
    """Absolute paths of the shared libraries `path` loads (ldd), the loader included."""
    res = subprocess.run(["ldd", path], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         text=True)
    libs = []
    for line in res.stdout.splitlines():
        m = re.search(r"=>\s+(/\S+)", line) or re.match(r"\s*(/\S+)", line)
        if m:
            libs.append(m.group(1))
    return libs


def copy_into_root(root, path):
    dest = os.path.join(root, path.lstrip("/"))
    if os.path.exists(dest):
        return
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    shutil.copy2(os.path.realpath(path), dest)


def test_dir_name(label):
    return label.lstrip("/").replace("/", "_").replace(":", "__")


INIT_HEAD = r"""#!/bin/sh
# Generated by tools/kernels/matrix.py: runs the test suite and powers off.
export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/root LANG=C
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/shm /dev/pts /tmp /root
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /dev/shm
# Kernel messages must not interleave with the encoded results on the console.
dmesg -n 1
ifconfig lo 127.0.0.1 up
ulimit -l unlimited 2>/dev/null
ulimit -n 65536 2>/dev/null
echo "@@URING-MATRIX start $(uname -r) $(nproc)"
# What this kernel's io_uring offers, for the report.
echo "@@URING-MATRIX probe"
/probe 2>&1 | gzip -c | base64
echo "@@URING-MATRIX done probe"

run_test() {   # NAME WORKDIR ARGV...
  name=$1; dir=$2; shift 2
  t=/tmp/test/$name
  mkdir -p "$t/tmp"
  start=$(date +%s)
  ( cd "$dir" && TEST_TMPDIR="$t/tmp" TEST_SRCDIR="${dir%/*}" RUNFILES_DIR="${dir%/*}" \
      TEST_WORKSPACE="${dir##*/}" XML_OUTPUT_FILE="$t/test.xml" TEST_TARGET="$name" \
      timeout @TIMEOUT@ "$@" >"$t/out" 2>&1 </dev/null )
  rc=$?
  echo "@@URING-MATRIX test $name rc=$rc secs=$(( $(date +%s) - start ))"
  if [ -s "$t/test.xml" ]; then
    echo "@@URING-MATRIX xml"
    gzip -c "$t/test.xml" | base64
  fi
  echo "@@URING-MATRIX out"
  gzip -c "$t/out" | base64
  echo "@@URING-MATRIX done $name"
  rm -rf "$t"
}

"""

INIT_TAIL = r"""
echo "@@URING-MATRIX end"
sync
poweroff -f
"""


def build_initramfs(tests, probe, workdir):
    root = os.path.join(workdir, "root")
    shutil.rmtree(root, ignore_errors=True)
    for d in ("bin", "sbin", "proc", "sys", "dev", "tmp", "root", "t", "etc"):
        os.makedirs(os.path.join(root, d))
    # busybox, with every applet as a link, and bash for the shell tests that need it.
    shutil.copy2("/bin/busybox", os.path.join(root, "bin", "busybox"))
    applets = subprocess.run(["/bin/busybox", "--list"], stdout=subprocess.PIPE,
                             text=True, check=True).stdout.split()
    for a in applets:
        if not os.path.lexists(os.path.join(root, "bin", a)):
            os.symlink("busybox", os.path.join(root, "bin", a))
    copy_into_root(root, "/bin/bash")
    with open(os.path.join(root, "etc", "passwd"), "w") as f:
        f.write("root:x:0:0:root:/root:/bin/sh\n")
    with open(os.path.join(root, "etc", "group"), "w") as f:
        f.write("root:x:0:\n")

    shutil.copy2(probe, os.path.join(root, "probe"))
    lines = [INIT_HEAD.replace("@TIMEOUT@", str(TEST_TIMEOUT_S))]
    for label, runfiles, ws, argv in tests:
        name = test_dir_name(label)
        dest = os.path.join(root, "t", name)
        # -L: the runfiles tree is symlinks into the output tree (shared libraries included).
        run(["cp", "-rL", runfiles, dest])
        workdir_vm = "/t/%s/%s" % (name, ws)
        lines.append("run_test %s %s %s\n" % (shlex.quote(label), shlex.quote(workdir_vm),
                                              " ".join(shlex.quote(a) for a in argv)))
    lines.append(INIT_TAIL)
    init = os.path.join(root, "init")
    with open(init, "w") as f:
        f.write("".join(lines))
    os.chmod(init, 0o755)

    # Every shared library an ELF file in the tree loads, at the path the loader looks for.
    libs = set()
    for dirpath, _, files in os.walk(root):
        for fn in files:
            p = os.path.join(dirpath, fn)
            if not os.path.islink(p) and is_elf(p):
                libs.update(l for l in shared_libs(p) if not l.startswith(root))
    for lib in sorted(libs):
        copy_into_root(root, lib)

    image = os.path.join(workdir, "initramfs.gz")
    with open(image, "wb") as out:
        find = subprocess.Popen(["find", "."], cwd=root, stdout=subprocess.PIPE)
        cpio = subprocess.Popen(["/bin/busybox", "cpio", "-o", "-H", "newc"], cwd=root,
                                stdin=find.stdout, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL)
        gz = subprocess.Popen(["gzip", "-1"], stdin=cpio.stdout, stdout=out)
        find.stdout.close()
        cpio.stdout.close()
        if gz.wait() or cpio.wait() or find.wait():
            raise SystemExit("matrix: packing the initramfs failed")
    shutil.rmtree(root)
    return image


# ---------------------------------------------------------------------------------------
# Booting and reading the results

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|\x1bc")


def boot(vmlinuz, image, console_path):
    cmd = ["qemu-system-x86_64", "-accel", "tcg", "-cpu", "max", "-m", "2048", "-smp", "2",
           "-nographic", "-no-reboot", "-kernel", vmlinuz, "-initrd", image,
           "-append", "console=ttyS0 panic=-1 quiet"]
    start = time.time()
    with open(console_path, "wb") as out:
        try:
            subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                           timeout=BOOT_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            pass
    return time.time() - start


def parse_console(path):
    """Returns (release, ended, {label: {"rc", "secs", "xml", "out"}}); the probe tool's
    report is results["probe"]["out"]."""
    with open(path, "rb") as f:
        text = f.read().decode("utf-8", "replace")
    text = ANSI.sub("", text.replace("\r", ""))
    release, ended, results = None, False, {"probe": {"out": ""}}
    cur, section, buf = None, None, []

    def flush():
        if cur is not None and section is not None:
            data = "".join(buf)
            try:
                results[cur][section] = gzip.decompress(base64.b64decode(data)).decode(
                    "utf-8", "replace")
            except Exception as e:  # a line lost or mangled on the console
                results[cur][section] = "(could not decode the %s: %s)" % (section, e)

    for line in text.split("\n"):
        i = line.find(MARK)
        if i < 0:
            if section is not None:
                buf.append(line.strip())
            continue
        words = line[i + len(MARK):].split()
        if not words:
            continue
        kind = words[0]
        if kind == "start":
            release = words[1]
        elif kind == "probe":
            cur, section, buf = "probe", "out", []
        elif kind == "test":
            cur = words[1]
            results[cur] = {"rc": int(words[2].split("=")[1]),
                            "secs": int(words[3].split("=")[1]), "xml": None, "out": ""}
            section, buf = None, []
        elif kind in ("xml", "out"):
            flush()
            section, buf = kind, []
        elif kind == "done":
            flush()
            cur, section, buf = None, None, []
        elif kind == "end":
            ended = True
    return release, ended, results


def cases_of(result):
    """[(name, status, message)] with status passed / failed / skipped."""
    cases = []
    if result["xml"]:
        try:
            root = ET.fromstring(result["xml"])
        except ET.ParseError:
            root = None
        if root is not None:
            for suite in root.iter("testsuite"):
                for case in suite.iter("testcase"):
                    name = "%s.%s" % (case.get("classname"), case.get("name"))
                    fail = case.find("failure")
                    if fail is None:
                        fail = case.find("error")
                    skip = case.find("skipped")
                    if fail is not None:
                        cases.append((name, "failed", fail.get("message") or ""))
                    elif (skip is not None or case.get("result") == "skipped"
                          or case.get("status") == "notrun"):
                        msg = skip.get("message") if skip is not None else ""
                        cases.append((name, "skipped", msg or ""))
                    else:
                        cases.append((name, "passed", ""))
    if not cases:
        # A shell test (or a binary that wrote no XML): one case, from its exit code. The
        # shell tests print "SKIPPED: reason" where the kernel refuses io_uring.
        m = re.search(r"^SKIPPED: (.*)$", result["out"], re.M)
        if result["rc"] == 0:
            cases.append(("(binary)", "skipped" if m else "passed", m.group(1) if m else ""))
        else:
            cases.append(("(binary)", "failed", "exit code %d" % result["rc"]))
    elif result["rc"] != 0 and not any(c[1] == "failed" for c in cases):
        cases.append(("(binary)", "failed", "exit code %d after its cases" % result["rc"]))
    return cases


def report(suite, release, ended, results, expected, outdir):
    os.makedirs(os.path.join(outdir, suite), exist_ok=True)
    with open(os.path.join(outdir, suite, "probe.txt"), "w") as f:
        f.write(results["probe"]["out"])
    passed = failed = skipped = bin_failed = 0
    failures, skips = [], {}
    for label in expected:
        r = results.get(label)
        if r is None:
            failed += 1
            bin_failed += 1
            failures.append((label, "(binary)", "did not run: the guest stopped before it"))
            continue
        base = os.path.join(outdir, suite, test_dir_name(label))
        with open(base + ".log", "w") as f:
            f.write(r["out"])
        if r["xml"]:
            with open(base + ".xml", "w") as f:
                f.write(r["xml"])
        bin_ok = True
        for name, status, msg in cases_of(r):
            if status == "passed":
                passed += 1
            elif status == "skipped":
                skipped += 1
                skips.setdefault(msg.strip().split("\n")[-1], []).append(
                    "%s %s" % (label, name))
            else:
                failed += 1
                bin_ok = False
                failures.append((label, name, msg.strip().split("\n")[0][:200]))
        if r["rc"] == 124 or r["rc"] == 143:
            failures.append((label, "(binary)", "timed out after %d s" % TEST_TIMEOUT_S))
        if not bin_ok:
            bin_failed += 1
    print("=== kernel %s (%s): %d of %d test binaries passed; cases: %d passed, %d failed, "
          "%d skipped%s" % (release or "?", suite, len(expected) - bin_failed, len(expected),
                            passed, failed, skipped, "" if ended else "; THE GUEST DID NOT FINISH"))
    for label, name, msg in failures:
        print("  FAILED %s %s: %s" % (label, name, msg))
    for msg, where in sorted(skips.items(), key=lambda kv: -len(kv[1])):
        print("  skipped %3d: %s" % (len(where), msg or "(no reason given)"))
        for w in where[:3]:
            print("               %s" % w)
        if len(where) > 3:
            print("               ... and %d more" % (len(where) - 3))
    return passed, failed if ended else failed + 1, skipped, len(expected), bin_failed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--suites", default="bullseye,bookworm,trixie")
    ap.add_argument("--out", default=os.path.join(tempfile.gettempdir(), "uring-matrix"))
    ap.add_argument("--only", default="", help="comma-separated test labels (or PKG:, //PKG/...) to run")
    ap.add_argument("bazel_args", nargs="*", help="extra `bazel test` arguments")
    args = ap.parse_args()
    suites = [s for s in args.suites.split(",") if s]
    os.makedirs(args.out, exist_ok=True)

    fetched = subprocess.run([os.path.join(HERE, "fetch.sh")] + suites, check=True,
                             stdout=subprocess.PIPE, text=True).stdout.split("\n")
    kernels = [l.split() for l in fetched if l.strip()]

    tests, host_only, probe = record_tests(args.bazel_args, args.out)
    if args.only:
        # Labels, or package prefixes ending in "/..." or ":".
        pats = [p for p in args.only.split(",") if p]
        def wanted(label):
            return any(label == p or (p.endswith("/...") and label.startswith(p[:-3]))
                       or (p.endswith(":") and label.startswith(p)) for p in pats)
        tests = [t for t in tests if wanted(t[0])]
    log("%d test binaries; left out as host-only: %s" % (len(tests), " ".join(host_only) or "none"))
    image = build_initramfs(tests, probe, args.out)
    log("initramfs %s: %.1f MiB" % (image, os.path.getsize(image) / 2**20))

    expected = [t[0] for t in tests]
    summary, status = [], 0
    for suite, release, vmlinuz in kernels:
        console = os.path.join(args.out, suite + ".console")
        log("booting %s (%s) under qemu" % (suite, release))
        secs = boot(vmlinuz, image, console)
        rel, ended, results = parse_console(console)
        p, f, s, nbin, bfail = report(suite, rel, ended, results, expected, args.out)
        print("  (%.0f s from qemu start to power-off)" % secs, flush=True)
        summary.append("%s %s %d %d %d %d %d %.0f" % (suite, rel or release, p, f, s, nbin,
                                                       bfail, secs))
        if f or not ended:
            status = 1
    with open(os.path.join(args.out, "summary.txt"), "w") as fsum:
        fsum.write("\n".join(summary) + "\n")
    return status


if __name__ == "__main__":
    sys.exit(main())
