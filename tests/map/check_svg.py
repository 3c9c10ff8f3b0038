#!/usr/bin/python3
"""Structural checks of a partnet SVG map (issues 2 and 5).

Usage: check_svg.py MAP.svg [--nodes N] [--ids-from YAML...] [--text T]...
                            [--no-overlap] [--panels K] [--clusters K]

Always checked: well-formed XML; a <title> for the map; no foreignObject,
<image>, external stylesheet or script; every node group has an id and a
<title>; a legend group exists and its frame overlaps no map node and no
map label.
--nodes N      exactly N entity node groups (class "node <kind> ...", kind one of
               institution/alliance/network/community), each with <title> and
               id "node-<title>" (or community-k)
--text T       some <text> element's content equals T exactly (escaping check)
--no-overlap   no two node labels' boxes overlap (Graphviz xlabels in the node group, or
               partnet's label groups "label-ID"), and no label overlaps another
               node's shape; boxes from the text position, anchor and font size
               with Helvetica/Arial advance widths (the font Graphviz measured)
--panels K     K small-multiple panel groups
--clusters K   K cluster groups (alliance map)
--class T      some group has class token T (e.g. new, ended, rank-rose)
Exit 0 on success, 1 with a message on the first failed check.
"""
import re
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"

# Helvetica advance widths (1/1000 em), ASCII 32..126 (Liberation Sans and
# Arial share them).
HELV = [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015,
        667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778,
        722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333,
        556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556,
        333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584]
KINDS = {"institution", "alliance", "network", "community"}


def fail(msg):
    print("check_svg: FAIL: " + msg)
    sys.exit(1)


def width(text, fs):
    w = 0
    for ch in text:
        cp = ord(ch)
        if 32 <= cp <= 126:
            w += HELV[cp - 32]
        elif cp < 0x0590:   # Latin, Greek, Cyrillic: close to the Latin average
            w += 556
        else:               # other scripts and symbols: counted small, measured loosely
            w += 450
    return w * fs / 1000.0


def text_box(t):
    fs = float(t.get("font-size", "14"))
    x = float(t.get("x"))
    y = float(t.get("y"))
    w = width(t.text or "", fs)
    anchor = t.get("text-anchor", "start")
    x0 = x - w / 2 if anchor == "middle" else x - w if anchor == "end" else x
    # ascent/descent of Liberation Sans. The width is an estimate (Graphviz
    # measured with pango: hinting, kerning): allow 1 pt + 4% on each side, and
    # 0.5 pt vertically for rounding in the SVG
    slack = 1.0 + 0.04 * w
    return (x0 + slack, y - 0.72 * fs + 0.5, x0 + w - slack, y + 0.18 * fs - 0.5)


def shape_box(g):
    xs, ys = [], []
    for el in g.iter():
        tag = el.tag.replace(SVG, "")
        if tag == "ellipse":
            cx, cy = float(el.get("cx")), float(el.get("cy"))
            rx, ry = float(el.get("rx")), float(el.get("ry"))
            xs += [cx - rx, cx + rx]
            ys += [cy - ry, cy + ry]
        elif tag in ("polygon", "path") and el.get("stroke") != "transparent":
            pts = el.get("points") or el.get("d") or ""
            nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", pts)]
            xs += nums[0::2]
            ys += nums[1::2]
    if not xs:
        return None
    return (min(xs), min(ys), max(xs), max(ys))


def hit(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def overlaps(boxes):
    """Pairs of overlapping boxes (sweep over x)."""
    order = sorted(range(len(boxes)), key=lambda i: boxes[i][1][0])
    active = []
    out = []
    for i in order:
        b = boxes[i][1]
        active = [j for j in active if boxes[j][1][2] > b[0]]
        for j in active:
            if hit(b, boxes[j][1]) and boxes[j][0] != boxes[i][0]:
                out.append((boxes[j], boxes[i]))
        active.append(i)
    return out


def classes(g):
    return (g.get("class") or "").split()


def main():
    args = sys.argv[1:]
    if not args:
        fail("usage: check_svg.py MAP.svg [options]")
    path = args.pop(0)
    want_nodes = None
    texts = []
    no_overlap = False
    panels = None
    clusters = None
    want_classes = []
    while args:
        a = args.pop(0)
        if a == "--nodes":
            want_nodes = int(args.pop(0))
        elif a == "--text":
            texts.append(args.pop(0))
        elif a == "--no-overlap":
            no_overlap = True
        elif a == "--panels":
            panels = int(args.pop(0))
        elif a == "--clusters":
            clusters = int(args.pop(0))
        elif a == "--class":
            want_classes.append(args.pop(0))
        else:
            fail("unknown option " + a)
    raw = open(path, "rb").read()
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as e:
        fail("not well-formed XML: %s" % e)
    if root.tag != SVG + "svg":
        fail("root is not <svg>")
    if not root.get("viewBox"):
        fail("no viewBox")
    for el in root.iter():
        tag = el.tag.replace(SVG, "")
        if tag in ("foreignObject", "image", "script", "style", "use"):
            fail("forbidden element <%s>" % tag)
    graph = root.find(SVG + "g")
    if graph is None or graph.find(SVG + "title") is None or not graph.find(SVG + "title").text:
        fail("no <title> for the map")

    groups = list(root.iter(SVG + "g"))
    nodes = [g for g in groups if "node" in classes(g) and KINDS & set(classes(g))]
    for g in groups:
        if "node" in classes(g) or "edge" in classes(g):
            if not g.get("id"):
                fail("a node/edge group without id")
            if g.find(SVG + "title") is None:
                fail("group %s without <title>" % g.get("id"))
    for g in nodes:
        title = g.find(SVG + "title").text
        gid = g.get("id")
        if "community" in classes(g):
            continue
        if not (gid == "node-" + title or gid.startswith("node-" + title.split("@")[0])):
            fail("node id %r does not match title %r" % (gid, title))
    if want_nodes is not None and len(nodes) != want_nodes:
        fail("%d node groups, expected %d" % (len(nodes), want_nodes))
    if panels is not None:
        n = len([g for g in groups if "panel" in classes(g)])
        if n != panels:
            fail("%d panels, expected %d" % (n, panels))
    if clusters is not None:
        n = len([g for g in groups if "cluster" in classes(g)])
        if n != clusters:
            fail("%d cluster groups, expected %d" % (n, clusters))

    for cls in want_classes:
        if not any(cls in classes(g) for g in groups):
            fail("no group with class %r" % cls)

    all_text = [t.text or "" for t in root.iter(SVG + "text")]
    for t in texts:
        if t not in all_text:
            fail("no <text> with content %r" % t)

    # legend: present, and clear of the map's nodes and labels
    legend = [g for g in groups if g.get("id") == "legend"]
    if not legend:
        fail("no legend")
    lbox = shape_box(legend[0])
    if lbox is None:
        fail("legend frame has no shape")
    label_boxes = []
    node_boxes = []
    for g in nodes + [g for g in groups if "node" in classes(g) and "panel" not in classes(g)
                      and "legend" not in classes(g) and g not in nodes]:
        sb = shape_box(g)
        if sb is not None:
            node_boxes.append((g.get("id"), sb))
    for g in nodes:
        for t in g.iter(SVG + "text"):
            label_boxes.append((g.get("id"), text_box(t)))
    # partnet's own labels (issue 9): group "label-ID" of node "node-ID"
    ids = {gid for gid, _ in node_boxes}
    for g in groups:
        if "label" in classes(g) and "node" in classes(g):
            key = "node-" + (g.get("id") or "")[6:]
            if key not in ids and key[5:] in ids:  # the community map's "community-N"
                key = key[5:]
            for t in g.iter(SVG + "text"):
                label_boxes.append((key, text_box(t)))
    for gid, b in node_boxes + label_boxes:
        if hit(b, lbox):
            fail("legend overlaps %s" % gid)
    if no_overlap:
        bad = overlaps(label_boxes)
        if bad:
            (a, ab), (b, bb) = bad[0]
            fail("%d label overlaps, first: %s %s and %s %s" % (len(bad), a, ab, b, bb))
        bad = [p for p in overlaps(label_boxes + node_boxes)
               if p[0][0] != p[1][0] and (p[0] in label_boxes) != (p[1] in label_boxes)]
        if bad:
            (a, ab), (b, bb) = bad[0]
            fail("%d label/node overlaps, first: %s %s and %s %s" % (len(bad), a, ab, b, bb))
    print("check_svg: ok: %d nodes, %d labels" % (len(nodes), len(label_boxes)))


main()
