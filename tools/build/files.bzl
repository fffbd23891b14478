"""Which of the library's files are which, for the rules that walk them: the header tests
(tests/headers), the install (tools/install) and the man pages (tools/man)."""

def repo_path(f):
    """A file's path inside its repository: uring/ring/sq.h.

    The same whether the file is the main repository's or an external one's (@uring in a
    consumer's build, where short_path starts with ../uring/).
    """
    p = f.short_path
    if p.startswith("../"):
        p = p[3:].partition("/")[2]
    return p

# The headers under uring/ that declare no API, by repository path, and whether an install
# carries them: True where a public header's inline code includes them (an installed header
# that includes a missing one would not compile), False where only the library's own .c
# files do. Besides these, every *_internal.h is internal and installed: that name is for
# what a public header's inline calls need (sq.h's sq_internal.h).
_INTERNAL_HEADERS = {
    "uring/mock/internal.h": False,
    "uring/ring/internal.h": False,
    "uring/ring/run.h": True,
}

def uring_header_is_api(path):
    """Whether the header at repository path `path` declares API: man pages document it."""
    return path not in _INTERNAL_HEADERS and not path.endswith("_internal.h")

def uring_header_is_installed(path):
    """Whether an install carries the header at repository path `path`."""
    return _INTERNAL_HEADERS.get(path, True)
