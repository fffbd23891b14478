"""uring_cc_library: the library's public targets, each saying once what they all share."""

load("@rules_cc//cc:defs.bzl", "cc_library")
load("//tools/build:copts.bzl", "URING_DEFAULT_COPTS")

def uring_cc_library(name, hdrs = [], srcs = [], **kwargs):
    """A cc_library of //uring that users may depend on.

    It is public; its headers are included by their path in the repository
    (`#include "uring/ring/sq.h"`), from a consumer's workspace too, through
    strip_include_prefix = "/"; its sources compile with the library's flags
    (URING_DEFAULT_COPTS). A target that only gathers others (`//uring/ring:ring`) gets
    the visibility alone. The *_internal targets are plain cc_library targets with a
    visibility of their own.

    Args:
      name: the target's name.
      hdrs: its public headers.
      srcs: its sources (and private headers).
      **kwargs: any other cc_library attribute (deps, textual_hdrs, ...).
    """
    if "visibility" in kwargs or "strip_include_prefix" in kwargs or "copts" in kwargs:
        fail("uring_cc_library sets visibility, strip_include_prefix and copts itself")
    shared = {}
    if hdrs:
        shared["hdrs"] = hdrs
        shared["strip_include_prefix"] = "/"
    if srcs:
        shared["srcs"] = srcs
        shared["copts"] = URING_DEFAULT_COPTS
    cc_library(
        name = name,
        visibility = ["//visibility:public"],
        **dict(shared, **kwargs)
    )
