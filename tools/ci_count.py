#!/usr/bin/env python3
"""Counts test cases for .ci/run: prints "passed failed skipped".

Reads every test.xml under the test log directory that the last `bazel test` wrote (its
targets are named in the log passed as argv[1]) and counts GoogleTest cases. A target the
log reports as failed without a test.xml (a build failure, a crash before reporting) counts
as one failed case, so nothing that broke goes uncounted.
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

log_path, logs_dir = sys.argv[1], sys.argv[2]
with open(log_path, errors="replace") as f:
    log = f.read()

# "//tests:ring_test    PASSED in 0.4s", "//x:y   FAILED TO BUILD", "NO STATUS", ...
results = re.findall(r"^((?:@\w+)?//[^\s]+)\s+(PASSED|FAILED TO BUILD|FAILED|TIMEOUT|"
                     r"NO STATUS|FLAKY|INCOMPLETE|SKIPPED)\b", log, re.M)

passed = failed = skipped = 0
for target, result in results:
    repo, _, label = target.partition("//")
    pkg, _, name = label.partition(":")
    # An external repository's test logs sit under external/<repo>/ ("@uring//tests:x").
    base = os.path.join(logs_dir, "external", repo[1:]) if repo else logs_dir
    xml_path = os.path.join(base, pkg, name, "test.xml")
    counted = False
    if result in ("PASSED", "FAILED", "FLAKY", "TIMEOUT") and os.path.exists(xml_path):
        try:
            root = ET.parse(xml_path).getroot()
            cases = root.iter("testcase")
            n = 0
            for case in cases:
                n += 1
                if case.find("failure") is not None or case.find("error") is not None:
                    failed += 1
                elif case.get("result") == "skipped" or case.find("skipped") is not None \
                        or case.get("status") == "notrun":
                    skipped += 1
                else:
                    passed += 1
            if n:
                counted = True
                if result in ("FAILED", "TIMEOUT") and not any(
                        c.find("failure") is not None for c in root.iter("testcase")):
                    failed += 1  # the binary failed outside any test case
        except ET.ParseError:
            pass
    if not counted:
        if result == "PASSED":
            passed += 1
        elif result == "SKIPPED":
            skipped += 1
        else:
            failed += 1
print(passed, failed, skipped)
