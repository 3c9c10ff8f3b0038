#!/usr/bin/python3
"""Tied lines of the evolution rank chart are told apart (issue 10).

Usage: check_chart_ties.py CHART.svg [--min-ties N]
Every two partners (groups class "partner") with the same rank in the same year (dot
titles "YEAR: rank R") must have their dots at different heights; prints how many such
ties there are (at least N, default 1, so the check has something to check).
Exit 1 with a message on the first pair drawn on top of each other.
"""
import re
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def main(argv):
    if not argv:
        print(__doc__)
        sys.exit(2)
    least = int(argv[2]) if len(argv) > 2 and argv[1] == "--min-ties" else 1
    at = {}
    for g in ET.parse(argv[0]).getroot().iter(SVG + "g"):
        if "partner" not in (g.get("class") or "").split():
            continue
        for c in g.iter(SVG + "circle"):
            m = re.match(r"(\d+): rank (\d+)", c.findtext(SVG + "title") or "")
            if m:
                at.setdefault((m.group(1), m.group(2)), []).append((g.get("id"), float(c.get("cy"))))
    ties = 0
    for (year, rank), dots in sorted(at.items()):
        for i in range(len(dots)):
            for j in range(i + 1, len(dots)):
                ties += 1
                if abs(dots[i][1] - dots[j][1]) < 2:
                    print("check_chart_ties: FAIL: %s and %s share rank %s in %s at one height"
                          % (dots[i][0], dots[j][0], rank, year))
                    sys.exit(1)
    if ties < least:
        print("check_chart_ties: FAIL: %d tied dots, expected at least %d" % (ties, least))
        sys.exit(1)
    print("check_chart_ties: ok: %d tied pairs of dots, each pair apart" % ties)


if __name__ == "__main__":
    main(sys.argv[1:])
