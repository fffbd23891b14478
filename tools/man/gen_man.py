#!/usr/bin/env python3
"""Writes a man page (section 3) for every public function and function-like macro of
uring's headers, from the comment above its declaration.

    gen_man.py OUTDIR HEADER...

HEADER arguments are "path=include/name" pairs: the file to read and the name a program
includes it by (uring/ring/sq.h). A declaration takes the comment right above it; one that
follows another declaration with no comment between shares that one's comment (a group,
such as the prep helpers of one operation). Names that start with uring_priv_ are the
library's own and get no page. A public name with no comment at all gets a page that says
so, and is listed in OUTDIR/undocumented.txt, which the man test requires to be empty.
"""
import os
import re
import sys

DECL = re.compile(
    r"^(?:static\s+inline\s+)?(?:const\s+)?(?:struct\s+|unsigned\s+|enum\s+)?"
    r"[A-Za-z_][A-Za-z0-9_]*[\s\*]+\**(uring_[a-z0-9_]+)\s*\(")
MACRO = re.compile(r"^#define\s+(uring_[a-z0-9_]+)\(")


def declarations(text):
    """(name, prototype, comment, section) for each public declaration of a header."""
    lines = text.split("\n")
    out = []
    comment = None  # the last comment block seen, until something else intervenes
    section = None  # the last comment that stands on its own
    last_comment_for_group = None
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith("/*"):
            block = [line]
            while "*/" not in lines[i] and i + 1 < len(lines):
                i += 1
                block.append(lines[i])
            comment = "\n".join(block)
            last_comment_for_group = None
            i += 1
            # A comment followed by a blank line introduces what follows (the file's own
            # comment, or one for a section such as the waits): pages below show it too.
            if i < len(lines) and not lines[i].strip():
                section = comment
                comment = None
            continue
        m = DECL.match(line) or MACRO.match(line)
        if m and not m.group(1).startswith("uring_priv_"):
            # The prototype: up to the opening brace or the semicolon.
            proto = [line]
            j = i
            while not re.search(r"[;{}]\s*(\\)?$", lines[j]) and j + 1 < len(lines):
                j += 1
                proto.append(lines[j])
            text_proto = " ".join(p.strip().rstrip("\\").strip() for p in proto)
            text_proto = re.sub(r"\s*\{.*$", ";", text_proto)
            if MACRO.match(line):
                text_proto = re.sub(r"^#define\s+", "#define ", text_proto)
                text_proto = re.match(r"(#define [a-z0-9_]+\([^)]*\))", text_proto).group(1)
            use = comment if comment is not None else last_comment_for_group
            text_proto = re.sub(r"^static\s+inline\s+", "", re.sub(r"\s+", " ", text_proto))
            out.append((m.group(1), text_proto, use, section))
            last_comment_for_group = use
            comment = None
            # Skip a function body: up to the brace that closes it.
            depth = "".join(proto).count("{") - "".join(proto).count("}")
            while depth > 0 and j + 1 < len(lines):
                j += 1
                depth += lines[j].count("{") - lines[j].count("}")
            i = j + 1
            continue
        if m:  # an internal declaration ends any group
            last_comment_for_group = None
            comment = None
        elif stripped and not stripped.startswith("#") and not stripped.startswith("}"):
            # Anything else between a comment and a declaration detaches the comment
            # (a struct, a typedef), except preprocessor lines and closing braces.
            if not stripped.startswith("*"):
                comment = None
                if not stripped.endswith(";") and not stripped.endswith(","):
                    last_comment_for_group = None
        i += 1
    return out


def comment_text(c):
    """A comment block's prose, without its markers and leading stars."""
    c = re.sub(r"^\s*/\*+", "", c)
    c = re.sub(r"\*+/\s*$", "", c)
    lines = [re.sub(r"^\s*\* ?", "", l) for l in c.split("\n")]
    if lines:
        lines[0] = lines[0].lstrip()
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def roff(s):
    s = s.replace("\\", "\\e")
    if s.startswith(".") or s.startswith("'"):
        s = "\\&" + s
    return s


def breaks(line):
    """Whether a comment line starts a line of its own in the page: a list item ("- ...")
    or a table row (an indented name followed by a gap: "  URING_SETUP_X (6.6)   ...")."""
    return bool(re.match(r"^\s*- ", line) or re.match(r"^\s+\S+.*\S\s{2,}\S", line))


def summary(desc):
    """The comment's first sentence (or clause), for the NAME line."""
    text = " ".join(l.strip() for l in desc)
    m = re.match(r"(.+?\.)(\s|$)", text)
    first = m.group(1) if m else text
    first = first.rstrip(".")
    return first if len(first) <= 90 else first[:87].rsplit(" ", 1)[0] + " ..."


def page(name, proto, comment, section, include, siblings, version):
    desc = comment_text(comment) if comment else [
        "Not documented in its header yet."]
    out = [
        '.TH %s 3 "" "uring %s" "uring manual"' % (name, version),
        ".SH NAME",
        "%s \\- %s" % (roff(name), roff(summary(desc))),
        ".SH SYNOPSIS",
        ".nf",
        ".B #include <%s>" % include,
        ".PP",
        roff(proto),
        ".fi",
        ".SH DESCRIPTION",
    ]
    for l in desc:
        if not l.strip():
            out.append(".PP")
            continue
        if breaks(l):
            out.append(".br")
        out.append(roff(l.strip()))
    if section and section != comment:
        out.append(".SH CONTEXT")
        out.append("From %s:" % include)
        out.append(".PP")
        for l in comment_text(section):
            if not l.strip():
                out.append(".PP")
                continue
            if breaks(l):
                out.append(".br")
            out.append(roff(l.strip()))
    out += [
        ".SH SEE ALSO",
        ", ".join("\\fB%s\\fR(3)" % s for s in siblings if s != name)[:4000] or "uring(7)",
        "",
    ]
    return "\n".join(out)


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    version = "?"
    pages = {}
    undocumented = []
    for arg in sys.argv[2:]:
        path, _, include = arg.partition("=")
        with open(path) as f:
            text = f.read()
        if include == "uring/version.h":
            v = dict(re.findall(r"#define URING_VERSION_(MAJOR|MINOR|PATCH) (\d+)", text))
            version = "%s.%s.%s" % (v["MAJOR"], v["MINOR"], v["PATCH"])
        decls = declarations(text)
        names = [d[0] for d in decls]
        for name, proto, comment, section in decls:
            pages[name] = (proto, comment, section, include, names)
            if comment is None:
                undocumented.append(name)
    for name, (proto, comment, section, include, names) in sorted(pages.items()):
        with open(os.path.join(outdir, name + ".3"), "w") as f:
            f.write(page(name, proto, comment, section, include, names, version))
    with open(os.path.join(outdir, "undocumented.txt"), "w") as f:
        f.write("".join(n + "\n" for n in sorted(set(undocumented))))
    with open(os.path.join(outdir, "index.txt"), "w") as f:
        f.write("".join(n + "\n" for n in sorted(pages)))


if __name__ == "__main__":
    main()
