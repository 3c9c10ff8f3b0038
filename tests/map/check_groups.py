#!/usr/bin/python3
"""Group outlines of an alliance map (issue 9).

Usage: check_groups.py MAP.svg NETWORK [--expect ID=GROUP]... [--max-outside K]
                       [--min-groups N]

NETWORK is the YAML file or directory the map was drawn from; memberships are read
from it (every `members:` list of a group), not from the map. Outlines are the groups
<g id="group-ID" class="outline"> of the graph (ID: the group's id as a token), each
with a <title> (the tooltip: it names the group) and one <polygon>; its name (short, else
name) is the <text> of the label node <g id="name-group-ID" class="node label group-name">
drawn over the lines (or, in maps before, a <text> in the outline's group). Checked:
- every outline is such a group: unique id, a title naming the group, one polygon, its
  label; a polygon or label drawn loose in the graph after the canvas fails;
- every group with two or more institution members on the map has an outline;
- every member of a group, and the group's own node, has its centre inside each of
  its groups' outlines (point in polygon);
- --expect ID=GROUP: that institution is a member and inside that outline;
- --min-groups N: at least N outlines;
- non-members inside an outline are counted (the first 10 printed, each node once,
  with an outline it is in); --max-outside K fails above K. Only the network's nodes
  count (not labels, title or legend).
- crowding (issue 9: the 2,000 network's backbone was a dense centre of stacked
  outlines): gap, the median px between a node's shape and its nearest neighbour's;
  crowded, the share of nodes with a neighbour's shape within 6 px (--max-crowded F);
  core, the box of the middle half of the nodes on each axis (interquartile x times
  interquartile y) as a share of the map area (left of the legend, below the title; an
  even spread gives about 0.25; --min-core F); depth, the mean and largest number of
  outlines around a node's centre.
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
    """({group id: (labels, [institution member ids])} from every `members:` list (members
    that are groups themselves are not outlined members), {every entity id})."""
    files = sorted(glob.glob(os.path.join(path, "*.yaml"))) if os.path.isdir(path) else [path]
    out, institutions, entities = {}, set(), set()
    for f in files:
        with open(f, encoding="utf-8") as fh:
            doc = yaml.safe_load(fh) or {}
        institutions |= {str(it["id"]) for it in doc.get("institutions") or []
                         if isinstance(it, dict) and "id" in it}
        for key, items in doc.items():
            if not isinstance(items, list):
                continue
            for it in items:
                if isinstance(it, dict) and "id" in it and key != "ties":
                    entities.add(str(it["id"]))
                if isinstance(it, dict) and "members" in it and "id" in it:
                    mem = [m["id"] if isinstance(m, dict) else str(m)
                           for m in it["members"] or []]
                    labels = {str(it.get("short") or it.get("name") or it["id"])}
                    out[str(it["id"])] = (labels, mem)
    return ({g: (lab, [m for m in mem if m in institutions]) for g, (lab, mem) in out.items()},
            entities)


def token(s):
    """partnet's id token: [a-z0-9_.-] kept (lower case), anything else '-'."""
    return "".join(c.lower() if (c.isascii() and c.isalnum()) or c in "_.-" else "-"
                   for c in s)


def points(s):
    v = [float(x) for x in re.split(r"[ ,]+", s.strip()) if x]
    return list(zip(v[0::2], v[1::2]))


def node_shapes(root):
    """(entity id, shape element, its points or None for an ellipse) of the map's node
    groups; a polygon's or path's (rounded box) points."""
    for g in root.iter(SVG + "g"):
        cls = (g.get("class") or "").split()
        title = g.find(SVG + "title")
        if not cls or cls[0] != "node" or title is None:
            continue
        shape = next((e for e in g.iter()
                      if e.tag in (SVG + "ellipse", SVG + "polygon", SVG + "path")), None)
        if shape is None:
            continue
        if shape.tag == SVG + "ellipse":
            yield title.text, shape, None
        else:
            yield title.text, shape, points(shape.get("points") or
                                            re.sub(r"[A-Za-z]", " ", shape.get("d")))


def node_centres(root):
    """{entity id: (x, y)} of the map's node groups (a box: the centre of its bounds)."""
    out = {}
    for ident, shape, p in node_shapes(root):
        if p is None:
            out[ident] = (float(shape.get("cx")), float(shape.get("cy")))
        else:
            xs, ys = [x for x, _ in p], [y for _, y in p]
            out[ident] = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    return out


def node_radii(root):
    """{entity id: half the width of its shape}."""
    out = {}
    for ident, shape, p in node_shapes(root):
        if p is None:
            out[ident] = float(shape.get("rx"))
        else:
            xs = [x for x, _ in p]
            out[ident] = (max(xs) - min(xs)) / 2
    return out


def map_area(root):
    """Width and height of the map area: the canvas left of the legend, below the title."""
    w, h = float(root.get("width").rstrip("pt")), float(root.get("height").rstrip("pt"))
    x1, y0 = w, -h
    for g in root.iter(SVG + "g"):
        cl = (g.get("class") or "").split()
        if g.get("id") == "legend":
            path = next(g.iter(SVG + "path"), None)
            if path is not None:
                x1 = min(float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", path.get("d"))[0::2])
        elif "title" in cl:
            for t in g.iter(SVG + "text"):
                y0 = max(y0, float(t.get("y")))
    return x1, -y0


def quartiles(v):
    v = sorted(v)
    return v[len(v) // 4], v[(3 * len(v)) // 4]


def crowding(root, nodes, outlined):
    """(median gap px, crowded share, core share, mean depth, max depth)"""
    rad = node_radii(root)
    ids = sorted(nodes)
    gaps = []
    for a in ids:
        (xa, ya), ra = nodes[a], rad.get(a, 0)
        gaps.append(min((((xa - nodes[b][0]) ** 2 + (ya - nodes[b][1]) ** 2) ** 0.5
                         - ra - rad.get(b, 0) for b in ids if b != a), default=1e9))
    gaps.sort()
    crowded = sum(1 for g in gaps if g < 6) / max(1, len(gaps))
    w, h = map_area(root)
    qx, qy = quartiles([p[0] for p in nodes.values()]), quartiles([p[1] for p in nodes.values()])
    core = (qx[1] - qx[0]) * (qy[1] - qy[0]) / (w * h)
    depth = [sum(1 for poly, _ in outlined.values() if inside(nodes[n], poly)) for n in ids]
    return (gaps[len(gaps) // 2], crowded, core, sum(depth) / max(1, len(depth)),
            max(depth, default=0))


def outlines(root):
    """{svg id: (title, label, polygon)}: the outline groups of the graph. Fails on an
    outline group that is not whole and on polygons or labels drawn loose in the graph
    after the canvas (outlines as Graphviz draws _background, without a group)."""
    graph = next(g for g in root.iter(SVG + "g") if g.get("class") == "graph")
    out = {}
    loose = [e for e in graph if e.tag in (SVG + "polygon", SVG + "text")][2:]
    if loose:
        fail("%d polygons or labels drawn loose in the graph, not in an outline group "
             "(first: %s)" % (len(loose), "".join(loose[0].itertext())
                              or loose[0].get("points", "")[:40]))
    for g in graph:
        if g.tag != SVG + "g" or (g.get("class") or "").split()[:1] != ["outline"]:
            continue
        gid = g.get("id") or ""
        title = g.find(SVG + "title")
        polys = g.findall(SVG + "polygon")
        texts = g.findall(SVG + "text")
        if not gid.startswith("group-") or gid in out:
            fail("outline group with id %r (expected a unique group-ID)" % gid)
        if title is None or not (title.text or "").strip():
            fail("outline %s has no title" % gid)
        if not texts:  # the name: a label node over the lines, id name-group-ID
            texts = [t for n in root.iter(SVG + "g") if n.get("id") == "name-" + gid
                     and "group-name" in (n.get("class") or "").split()
                     for t in n.iter(SVG + "text")]
        if len(polys) != 1 or len(texts) != 1:
            fail("outline %s has %d polygons and %d labels, expected 1 and 1"
                 % (gid, len(polys), len(texts)))
        out[gid] = (title.text, "".join(texts[0].itertext()), points(polys[0].get("points")))
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
    expect, max_out, min_groups, max_crowded, min_core = [], None, 0, None, None
    i = 2
    while i < len(argv):
        if argv[i] == "--expect":
            expect.append(argv[i + 1].split("=", 1))
        elif argv[i] == "--max-outside":
            max_out = int(argv[i + 1])
        elif argv[i] == "--min-groups":
            min_groups = int(argv[i + 1])
        elif argv[i] == "--max-crowded":
            max_crowded = float(argv[i + 1])
        elif argv[i] == "--min-core":
            min_core = float(argv[i + 1])
        else:
            fail("unknown option " + argv[i])
        i += 2
    with (gzip.open if svg.endswith(".gz") else open)(svg, "rb") as fh:
        root = ET.parse(fh).getroot()
    groups, entities = groups_of(net)
    nodes = {n: pt for n, pt in node_centres(root).items() if n in entities}
    lines = outlines(root)
    if len(lines) < min_groups:
        fail("%d outlines, expected at least %d" % (len(lines), min_groups))
    outlined = {}
    for gid, (labels, mem) in sorted(groups.items()):
        on_map = [m for m in mem if m in nodes]
        if gid not in nodes or len(set(on_map)) < 2:
            continue
        line = lines.get("group-" + token(gid))
        if line is None:
            fail("group %s (%s, %d members on the map) has no outline"
                 % (gid, "/".join(sorted(labels)), len(set(on_map))))
        title, label, poly = line
        if label not in labels or label not in title:
            fail("outline group-%s is labelled %r, titled %r; expected the group's name %s"
                 % (token(gid), label, title, "/".join(sorted(labels))))
        for m in [gid] + on_map:
            if not inside(nodes[m], poly):
                fail("%s is a member of %s but outside its outline" % (m, gid))
        outlined[gid] = (poly, set(on_map) | {gid})
    for ent, gid in expect:
        if gid not in outlined or ent not in outlined[gid][1]:
            fail("%s is not drawn as a member of %s" % (ent, gid))
    outside = {}
    for gid, (poly, mem) in sorted(outlined.items()):
        for n, pt in sorted(nodes.items()):
            if n not in mem and n not in outside and inside(pt, poly):
                outside[n] = gid
    for n, gid in sorted(outside.items())[:10]:
        print("check_groups: %s is inside the outline of %s, not a member" % (n, gid))
    print("check_groups: %d outlines, every member inside its groups' outlines; "
          "%d non-members inside an outline" % (len(outlined), len(outside)))
    if max_out is not None and len(outside) > max_out:
        fail("%d non-members inside outlines, at most %d allowed" % (len(outside), max_out))
    gap, crowded, core, depth, deepest = crowding(root, nodes, outlined)
    print("check_groups: crowding: gap %.1f px, crowded %.3f, core %.3f, depth %.2f (max %d)"
          % (gap, crowded, core, depth, deepest))
    if max_crowded is not None and crowded > max_crowded:
        fail("crowded %.3f: that share of nodes has a neighbour within 6 px, at most %g"
             % (crowded, max_crowded))
    if min_core is not None and core < min_core:
        fail("core %.3f: the middle half of the nodes takes that share of the map area, at "
             "least %g" % (core, min_core))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
