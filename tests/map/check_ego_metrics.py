#!/usr/bin/python3
"""The ego map's numbers are the network's (issue 9: one numbering everywhere).

Usage: check_ego_metrics.py MAP.svg METRICS.csv [--size-by COLUMN]
METRICS.csv is `partnet analyse --format csv` of the whole network. For every node of
the map, each metric its tooltip shows ("Degree: 39", "PageRank: 0.1151", "Community: 0",
"Betweenness: ...": printed to 4 significant digits) must be the CSV's value of that
node; the size legend's "(highest)" and "(lowest)" values (percent for shares) must be
those of the CSV's values over the nodes drawn; and the node sizes must follow the
CSV's size column (a node with a larger value is never drawn smaller).
Prints the figures; exit 1 with a FAIL line on the first disagreement.
"""
import csv
import math
import re
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
KINDS = {"institution", "alliance", "network"}
COLUMNS = {"Degree": "degree", "PageRank": "pagerank", "Community": "community",
           "Betweenness": "betweenness", "Strength": "strength",
           "Eigenvector": "eigenvector", "Harmonic": "harmonic", "Closeness": "closeness"}


def close(shown, true):
    """shown printed to 4 significant digits (or as an integer) from true"""
    if true == 0:
        return abs(shown) < 1e-9
    return abs(shown - true) <= 6e-4 * abs(true) + 1e-12


def nodes_of(root):
    out = {}
    for g in root.iter(SVG + "g"):
        cl = (g.get("class") or "").split()
        if "node" not in cl or not KINDS & set(cl) or "label" in cl:
            continue
        ident = g.find(SVG + "title").text
        tip, rx = None, None
        for el in g.iter():
            if el.get(XLINK + "title") and tip is None:
                tip = el.get(XLINK + "title")
            if el.tag == SVG + "ellipse" and rx is None:
                rx = float(el.get("rx"))
        out[ident] = (tip or "", rx)
    return out


def legend_values(root):
    vals = {}
    for t in root.iter(SVG + "text"):
        m = re.match(r"\s*(<\s*)?([0-9.]+)(%?) \((highest|lowest)\)", t.text or "")
        if m:
            v = float(m.group(2)) / (100 if m.group(3) else 1)
            vals.setdefault(m.group(4), v)
    return vals


def main(argv):
    path, metrics = argv[0], argv[1]
    size_col = argv[argv.index("--size-by") + 1] if "--size-by" in argv else "pagerank"
    rows = {r["id"]: r for r in csv.DictReader(open(metrics, encoding="utf-8"))}
    root = ET.parse(path).getroot()
    nodes = nodes_of(root)
    if not nodes:
        print("FAIL: no node on the map")
        return 1
    checked = 0
    for ident, (tip, _) in sorted(nodes.items()):
        if ident not in rows:
            print("FAIL: node %s is not in %s" % (ident, metrics))
            return 1
        for label, value in re.findall(r"(?:^|\n)([A-Za-z]+): ([-0-9.eE]+)", tip):
            col = COLUMNS.get(label)
            if col is None or rows[ident].get(col, "") == "":
                continue
            true = float(rows[ident][col])
            if not close(float(value), true):
                print("FAIL: node %s: the map says %s %s, %s says %s" %
                      (ident, label, value, metrics, rows[ident][col]))
                return 1
            checked += 1
    print("ego_metrics: %d nodes, %d tooltip values agree with %s" % (len(nodes), checked, metrics))
    vals = [float(rows[i][size_col]) for i in nodes]
    legend = legend_values(root)
    for word, true in (("highest", max(vals)), ("lowest", min(vals))):
        if word in legend:
            shown = legend[word]
            if abs(shown - true) > 0.05 * abs(true) + 1e-4:
                print("FAIL: the size legend says %g (%s), %s says %g over the nodes drawn" %
                      (shown, word, metrics, true))
                return 1
            print("ego_metrics: size legend %s %g, %s %g" % (word, shown, size_col, true))
    sized = sorted((float(rows[i][size_col]), rx, i) for i, (_, rx) in nodes.items() if rx)
    big = None  # the largest drawn among the nodes of smaller values
    for k, (vb, rb, ib) in enumerate(sized):
        if big is not None and big[0] < vb and rb < big[1] - 0.5:
            print("FAIL: %s (%s %g) is drawn smaller (r %g) than %s (%g, r %g)" %
                  (ib, size_col, vb, rb, big[2], big[0], big[1]))
            return 1
        if k + 1 < len(sized) and sized[k + 1][0] > vb:  # the values below the next one
            below = [s for s in sized[:k + 1]]
            va, ra, ia = max(below, key=lambda s: s[1])
            big = (va, ra, ia)
    print("ego_metrics: node sizes follow %s over %d nodes" % (size_col, len(sized)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
