#!/usr/bin/python3
"""Lints the interactive map's script (src/map/html_app.js, issue 11): it must parse
(`node --check`, when node is installed) and never turn text into markup or code: no
innerHTML, outerHTML, insertAdjacentHTML, document.write, eval, new Function, string
timers, and no network (fetch, XMLHttpRequest, WebSocket, import, a URL in src/href).
Usage: check_html_assets.py FILE.js...   Exit 1 with one line per finding."""
import re
import shutil
import subprocess
import sys

BANNED = [
    (r"\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML", "sets markup from a string"),
    (r"document\.write", "writes markup"),
    (r"\beval\s*\(|new\s+Function\b|set(Timeout|Interval)\s*\(\s*['\"]", "runs a string as code"),
    (r"\bfetch\s*\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon|\bimport\s*\(",
     "reaches the network"),
    (r"\.src\s*=|setAttribute\(\s*['\"](src|href|on\w+)['\"]", "loads or links a resource"),
]


def lint(path):
    problems = []
    text = open(path, encoding="utf-8").read()
    for n, line in enumerate(text.splitlines(), 1):
        code = re.sub(r"//.*$", "", line)
        for pattern, why in BANNED:
            if re.search(pattern, code):
                problems.append("%s:%d: %s: %s" % (path, n, why, line.strip()))
    node = shutil.which("node") or shutil.which("nodejs")
    if node:
        p = subprocess.run([node, "--check", path], capture_output=True, text=True)
        if p.returncode != 0:
            problems.append("%s: node --check: %s" % (path, p.stderr.strip().splitlines()[0]))
    return problems


def main():
    problems = [p for f in sys.argv[1:] for p in lint(f)]
    for p in problems:
        print(p)
    if problems:
        print("%d problem(s)" % len(problems))
        return 1
    print("ok: %d file(s) clean" % len(sys.argv[1:]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
