#!/usr/bin/python3
"""The size legend speaks to an audience (issue 9): a head "Size: METRIC" (with what it means
where it fits), and two reference values rounded to two digits, shares as percentages, never
in exponent notation, marked "(lowest)" and "(highest)", the lowest not above the highest
(the community map: "4 members (smallest)", "19 members (largest)").

Usage: check_size_legend.py MAP.svg [EXPECTED_HEAD]   Exit 1 with the reason.
"""
import html
import re
import sys

VALUE = re.compile(r"^(< )?(\d+(?:\.\d+)?)(%?)(?: members?)? \((lowest|highest|smallest|largest)\)$")
ORDER = {"smallest": "lowest", "largest": "highest"}  # the community map's words


def main(argv):
    svg = html.unescape(open(argv[0], encoding="utf-8").read())
    heads = re.findall(r">(Size: [^<]*)<", svg)
    rows = re.findall(r">([^<]*\((?:lowest|highest|smallest|largest)\))<", svg)
    problems = []
    if len(heads) != 1:
        problems.append("%d size heads, expected 1" % len(heads))
    elif len(argv) > 1 and heads[0] != argv[1]:
        problems.append("head %r, expected %r" % (heads[0], argv[1]))
    if len(rows) != 2:
        problems.append("%d reference rows, expected 2: %r" % (len(rows), rows))
    vals = []
    for r in rows:
        m = VALUE.match(r)
        if not m:
            problems.append("reference %r is not a rounded value for people" % r)
            continue
        vals.append((ORDER.get(m.group(4), m.group(4)), float(m.group(2))))
    if len(vals) == 2 and not (vals[0][0] == "lowest" and vals[1][0] == "highest" and vals[0][1] <= vals[1][1]):
        problems.append("references out of order: %r" % rows)
    for p in problems:
        print("FAIL: " + p)
    if not problems:
        print("size legend: %s; %s" % (heads[0], ", ".join(rows)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
