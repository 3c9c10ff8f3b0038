#!/usr/bin/python3
"""Lists the functions of src/ longer than a limit (default 80 lines), longest first.

A function may be longer when the comment block just above its definition says why, in a
line starting with "Long:" (e.g. "/* Long: one switch over every option, read as a table. */").
Usage: tests/tools/long_functions.py [--limit N] [--check] [SRC_DIR]
--check exits 1 if a function over the limit has no "Long:" reason (the house rule of
docs/architecture.md); without it every function over the limit is listed.
"""
import os
import re
import sys

DEF = re.compile(r"^[A-Za-z_][^;()]*?\b([A-Za-z_][A-Za-z0-9_]*)\s*\([^;]*$")


def functions(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        m = DEF.match(lines[i])
        if m and not lines[i].startswith(("typedef", "#")):
            # the signature may span lines; the body opens with "{" alone at column 0
            j = i
            while j < len(lines) and not lines[j].startswith("{") and not lines[j].rstrip().endswith(";"):
                j += 1
            if j < len(lines) and lines[j].startswith("{"):
                k = j + 1
                while k < len(lines) and not lines[k].startswith("}"):
                    k += 1
                above = []
                a = i - 1
                while a >= 0 and (lines[a].lstrip().startswith(("/*", "*", "//")) or lines[a].strip().endswith("*/")):
                    above.append(lines[a])
                    a -= 1
                reason = any("Long:" in x for x in above)
                yield m.group(1), i + 1, k - i + 1, reason
                i = k
        i += 1


def main(argv):
    limit, check, root = 80, False, "src"
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--limit":
            limit = int(args.pop(0))
        elif a == "--check":
            check = True
        else:
            root = a
    rows = []
    for d, _, files in os.walk(root):
        for f in files:
            if f.endswith(".c"):
                p = os.path.join(d, f)
                for name, line, n, reason in functions(p):
                    if n > limit:
                        rows.append((n, p, line, name, reason))
    rows.sort(key=lambda r: (-r[0], r[1], r[2]))
    bad = 0
    for n, p, line, name, reason in rows:
        tag = "reason given" if reason else "NO REASON"
        if not reason:
            bad += 1
        print("%4d lines  %s:%d  %s  (%s)" % (n, p, line, name, tag))
    print("%d function(s) over %d lines, %d without a reason" % (len(rows), limit, bad))
    return 1 if check and bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
