#!/usr/bin/python3
"""One community numbering everywhere (issue 9): the legend of a community-coloured map, the
node tooltips, the community map and report.md must name the same community by the same
number and agree on its size.

Usage: check_communities.py REPORT_DIR   (a directory written by `partnet report`)
Checks map.svg (legend "Community N: NAME (SIZE)" against the tooltips "Community: N" of the
nodes), communities.svg (tooltips "Community N: SIZE members") and report.md
("**Community N** (SIZE members"). Exit 1 with one line per disagreement.
"""
import collections
import html
import os
import re
import sys


def read(path):
    return open(path, encoding="utf-8").read()


def main(argv):
    d = argv[0]
    problems = []
    svg = html.unescape(read(os.path.join(d, "map.svg")))
    legend = {int(n): int(s) for n, s in re.findall(r">Community (\d+): [^<]*\((\d+)\)<", svg)}
    tips = collections.Counter(int(n) for n in re.findall(r"\nCommunity: (\d+)[\"\n]", svg))
    comm_svg = html.unescape(read(os.path.join(d, "communities.svg")))
    comm_map = {int(n): int(s) for n, s in re.findall(r"Community (\d+): (\d+) members", comm_svg)}
    report = {int(n): int(s)
              for n, s in re.findall(r"\*\*Community (\d+)\*\* \((\d+) members", read(os.path.join(d, "report.md")))}
    if not legend or not report:
        problems.append("no community found (legend %d, report %d)" % (len(legend), len(report)))
    for n, size in sorted(legend.items()):
        if tips[n] != size:
            problems.append("map.svg legend: community %d has %d members, tooltips say %d" % (n, size, tips[n]))
        if report.get(n) != size:
            problems.append("map.svg legend: community %d has %d members, report.md says %s" % (n, size, report.get(n)))
    for n, size in sorted(comm_map.items()):
        if report.get(n) != size:
            problems.append("communities.svg: community %d has %d members, report.md says %s" % (n, size, report.get(n)))
    for p in problems:
        print("FAIL: " + p)
    if problems:
        return 1
    print("communities: %d in the legend, %d on the community map, %d in report.md, one numbering"
          % (len(legend), len(comm_map), len(report)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
