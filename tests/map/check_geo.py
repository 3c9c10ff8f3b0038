#!/usr/bin/python3
"""The geographic map (issue 9).

Usage: check_geo.py MAP.svg [--min-labelled SHARE] [--min-basemap K]

Checked: every entity node's centre lies on the canvas (the SVG's viewBox, through
the graph's translate); no node is marked "far" (clamped to the frame, as before
issue 9); the basemap is there: at least K polygons (default 100) drawn directly in
the graph after its background; with --min-labelled, at least that share of the
entity nodes carry a label (a <text> in the node's group, or partnet's label group
label-ID). MAP may be gzipped (.gz).
Prints the figures. Exit 0 on success, 1 with a message on the first failed check.
"""
import gzip
import re
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
KINDS = {"institution", "alliance", "network"}


def fail(msg):
    print("check_geo: FAIL: " + msg)
    sys.exit(1)


def numbers(s):
    return [float(x) for x in re.findall(r"-?[0-9]+(?:\.[0-9]+)?(?:e-?[0-9]+)?", s)]


def main(argv):
    if not argv:
        fail("usage: check_geo.py MAP.svg [--min-labelled SHARE] [--min-basemap K]")
    path, min_lab, min_base = argv[0], None, 100
    for i in range(1, len(argv), 2):
        if argv[i] == "--min-labelled":
            min_lab = float(argv[i + 1])
        elif argv[i] == "--min-basemap":
            min_base = int(argv[i + 1])
        else:
            fail("unknown option " + argv[i])
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as fh:
        root = ET.parse(fh).getroot()
    vb = numbers(root.get("viewBox"))
    graph = next(g for g in root.iter(SVG + "g") if g.get("class") == "graph")
    m = re.search(r"translate\(([-0-9.e]+)[ ,]([-0-9.e]+)\)", graph.get("transform") or "")
    tx, ty = (float(m.group(1)), float(m.group(2))) if m else (0.0, 0.0)
    n = labelled = 0
    # partnet's labels are groups of their own (id label-ID, placed after layout, issue 9)
    placed = {g.get("id")[6:] for g in graph.iter(SVG + "g")
              if (g.get("id") or "").startswith("label-")
              and any("".join(t.itertext()).strip() for t in g.iter(SVG + "text"))}
    for g in graph.iter(SVG + "g"):
        cls = (g.get("class") or "").split()
        if len(cls) < 2 or cls[0] != "node" or cls[1] not in KINDS:
            continue
        n += 1
        title = g.find(SVG + "title").text
        if "far" in cls:
            fail("node %s is marked far (clamped to the frame)" % title)
        shape = next(e for e in g.iter() if e.tag in (SVG + "ellipse", SVG + "polygon",
                                                       SVG + "path"))
        if shape.tag == SVG + "ellipse":
            x, y = float(shape.get("cx")), float(shape.get("cy"))
        else:
            v = numbers(shape.get("points") or shape.get("d"))
            x = (min(v[0::2]) + max(v[0::2])) / 2
            y = (min(v[1::2]) + max(v[1::2])) / 2
        X, Y = x + tx, y + ty
        if not (vb[0] <= X <= vb[0] + vb[2] and vb[1] <= Y <= vb[1] + vb[3]):
            fail("node %s at (%.1f, %.1f) is off the %gx%g canvas" % (title, X, Y, vb[2], vb[3]))
        nid = (g.get("id") or "")[5:]
        if nid in placed or any("".join(t.itertext()).strip() for t in g.iter(SVG + "text")):
            labelled += 1
    if n == 0:
        fail("no entity nodes")
    base = sum(1 for e in graph if e.tag == SVG + "polygon") - 1
    share = labelled / n
    print("check_geo: %d nodes on the canvas, %d labelled (%.0f%%), %d basemap polygons"
          % (n, labelled, 100 * share, base))
    if base < min_base:
        fail("%d basemap polygons, expected at least %d" % (base, min_base))
    if min_lab is not None and share < min_lab:
        fail("%.0f%% of the nodes labelled, expected at least %.0f%%"
             % (100 * share, 100 * min_lab))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
