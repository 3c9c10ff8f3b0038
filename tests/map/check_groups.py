#!/usr/bin/python3
"""Group outlines of an alliance map (issue 9).

Usage: check_groups.py MAP.svg NETWORK [--expect ID=GROUP]... [--max-outside K]
                       [--min-groups N]

NETWORK is the YAML file or directory the map was drawn from; memberships are read
from it (every `members:` list of a group), not from the map. Outlines are the
<polygon>s drawn directly in the graph (after its background), each followed by a
<text> with the group's name (short, else name). Checked:
- every group with two or more institution members on the map has an outline;
- every member of a group, and the group's own node, has its centre inside each of
  its groups' outlines (point in polygon);
- --expect ID=GROUP: that institution is a member and inside that outline;
- --min-groups N: at least N outlines;
- non-members inside an outline are counted (printed, each node once); --max-outside K
  fails above K.
MAP may be gzipped (.gz).
Exit 0 on success, 1 with a message on the first failed check.
"""
import glob
import gzip
import os
import re
import sys
import xml.etree.ElementTree as ET

import yaml

SVG = "{http://www.w3.org/2000/svg}"


def fail(msg):
    print("check_groups: FAIL: " + msg)
    sys.exit(1)


def groups_of(path):
    """{group id: (labels, [institution member ids])} from every `members:` list (members
    that are groups themselves are not outlined members)."""
    files = sorted(glob.glob(os.path.join(path, "*.yaml"))) if os.path.isdir(path) else [path]
    out, institutions = {}, set()
    for f in files:
        with open(f, encoding="utf-8") as fh:
            doc = yaml.safe_load(fh) or {}
        institutions |= {str(it["id"]) for it in doc.get("institutions") or []
                         if isinstance(it, dict) and "id" in it}
        for key, items in doc.items():
            if not isinstance(items, list):
                continue
            for it in items:
                if isinstance(it, dict) and "members" in it and "id" in it:
                    mem = [m["id"] if isinstance(m, dict) else str(m)
                           for m in it["members"] or []]
                    labels = {str(it.get("short") or it.get("name") or it["id"])}
                    out[str(it["id"])] = (labels, mem)
    return {g: (lab, [m for m in mem if m in institutions]) for g, (lab, mem) in out.items()}


def points(s):
    v = [float(x) for x in re.split(r"[ ,]+", s.strip()) if x]
    return list(zip(v[0::2], v[1::2]))


def node_centres(root):
    """{entity id: (x, y)} of the map's node groups."""
    out = {}
    for g in root.iter(SVG + "g"):
        cls = (g.get("class") or "").split()
        if not cls or cls[0] != "node":
            continue
        title = g.find(SVG + "title")
        if title is None:
            continue
        shape = next((e for e in g.iter()
                      if e.tag in (SVG + "ellipse", SVG + "polygon", SVG + "path")), None)
        if shape is None:
            continue
        if shape.tag == SVG + "ellipse":
            out[title.text] = (float(shape.get("cx")), float(shape.get("cy")))
            continue
        # polygon or path (rounded box): the centre of its bounding box
        p = points(shape.get("points") or re.sub(r"[A-Za-z]", " ", shape.get("d")))
        xs, ys = [x for x, _ in p], [y for _, y in p]
        out[title.text] = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    return out


def outlines(root):
    """[(label, polygon)]: polygons drawn in the graph itself, each with its label."""
    graph = next(g for g in root.iter(SVG + "g") if g.get("class") == "graph")
    kids = list(graph)
    out = []
    seen_bg = False
    for i, e in enumerate(kids):
        if e.tag != SVG + "polygon":
            continue
        if not seen_bg:
            seen_bg = True
            continue
        if i + 1 < len(kids) and kids[i + 1].tag == SVG + "text":
            out.append(("".join(kids[i + 1].itertext()), points(e.get("points"))))
    return out


def inside(pt, poly):
    x, y = pt
    c = False
    for (x0, y0), (x1, y1) in zip(poly, poly[1:] + poly[:1]):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            c = not c
    return c


def main(argv):
    if len(argv) < 2:
        fail("usage: check_groups.py MAP.svg NETWORK [options]")
    svg, net = argv[0], argv[1]
    expect, max_out, min_groups = [], None, 0
    i = 2
    while i < len(argv):
        if argv[i] == "--expect":
            expect.append(argv[i + 1].split("=", 1))
        elif argv[i] == "--max-outside":
            max_out = int(argv[i + 1])
        elif argv[i] == "--min-groups":
            min_groups = int(argv[i + 1])
        else:
            fail("unknown option " + argv[i])
        i += 2
    with (gzip.open if svg.endswith(".gz") else open)(svg, "rb") as fh:
        root = ET.parse(fh).getroot()
    nodes = node_centres(root)
    lines = outlines(root)
    groups = groups_of(net)
    if len(lines) < min_groups:
        fail("%d outlines, expected at least %d" % (len(lines), min_groups))
    outlined = {}
    for gid, (labels, mem) in sorted(groups.items()):
        on_map = [m for m in mem if m in nodes]
        if gid not in nodes or len(set(on_map)) < 2:
            continue
        poly = [p for lab, p in lines if lab in labels]
        if not poly:
            fail("group %s (%s, %d members on the map) has no outline"
                 % (gid, "/".join(sorted(labels)), len(set(on_map))))
        poly = poly[0]
        for m in [gid] + on_map:
            if not inside(nodes[m], poly):
                fail("%s is a member of %s but outside its outline" % (m, gid))
        outlined[gid] = (poly, set(on_map) | {gid})
    for ent, gid in expect:
        if gid not in outlined or ent not in outlined[gid][1]:
            fail("%s is not drawn as a member of %s" % (ent, gid))
    outside = set()
    for gid, (poly, mem) in outlined.items():
        for n, pt in nodes.items():
            if n not in mem and inside(pt, poly):
                outside.add(n)
    print("check_groups: %d outlines, every member inside its groups' outlines; "
          "%d non-members inside an outline" % (len(outlined), len(outside)))
    if max_out is not None and len(outside) > max_out:
        fail("%d non-members inside outlines, at most %d allowed" % (len(outside), max_out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
