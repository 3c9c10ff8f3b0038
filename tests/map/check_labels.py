#!/usr/bin/python3
"""Label and canvas checks of a partnet map (issue 9).

Usage: check_labels.py MAP.svg|MAP.png|MAP.pdf [--size WxH] [--top N] [--metric NAME]
                       [--min-px X] [--max-crossed F] [--max-overlaps K] [--halo]
                       [--max-group-overlaps K]
                       [--json]

Measures, and checks where a limit is given:
--size WxH       the canvas is exactly W x H: SVG width, height and viewBox, PNG pixels,
                 PDF points (PNG and PDF: only this check)
--top N          the labelled nodes are exactly the N highest by --metric (default
                 PageRank), read from each node's tooltip ("PageRank: 0.1234"; values
                 tied at the boundary count as either; --metric members: the size of
                 each community of the community map)
--top-in N       the N highest by --metric are among the labelled (--labels auto)
--min-px X       the smallest label is at least X px at the canvas size
--max-crossed F  at most the share F of labels is crossed by a line (an edge of the
                 map; leader lines and the legend's samples do not count)
--max-overlaps K at most K label/label plus label/node overlaps
--max-group-overlaps K  at most K overlaps of the alliance view's group names (on their
                 outlines) with nodes, node labels and each other (figures: group_labels,
                 group_overlaps, group_crossed: names crossed by a line)
--halo           every label is drawn on a halo (a box in the background colour)
--dashed-leaders every leader line (label to node) is dashed: never drawn like a tie
--max-leader PX  no leader line is longer than PX at the canvas size (figures: leader_max,
                 leader_over300: how many are longer than 300 px)
--min-labelled F at least the share F of the nodes has a label
--distinct       no two labels read the same (two nodes with one short name: full names)
--labels-said    the legend says how many nodes are named ("all N named", "K of N named"),
                 and says it right (the ego map, issue 9: every node named, or the
                 omission said)
Labels are read both as partnet draws them (groups of class "label", id
"label-<id>" for node "node-<id>") and as Graphviz xlabels (text inside the node group),
so the figures of older maps can be measured too. Text boxes use Liberation Sans /
Helvetica advance widths (the font partnet names first).
Prints the figures on one line (or JSON); exit 0 on success, 1 on the first failed check.
"""
import json
import re
import struct
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
HELV = [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015,
        667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778,
        722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333,
        556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556,
        333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584]
KINDS = {"institution", "alliance", "network", "community"}


FIGURES = {}
LEADERS = []  # per leader line: dashed?
LEADER_LEN = []  # per leader line: (drawn length in SVG units, node id)
GROUP_LABELS = []  # (outline id, box): the names of the alliance view's groups
GROUP_FS = []  # their font sizes


def fail(msg):
    if FIGURES:
        print("check_labels: figures: " + ", ".join("%s %s" % kv for kv in FIGURES.items()))
    print("check_labels: FAIL: " + msg)
    sys.exit(1)


def width(text, fs):
    w = 0
    for ch in text:
        cp = ord(ch)
        w += HELV[cp - 32] if 32 <= cp <= 126 else 556 if cp < 0x0590 else 450
    return w * fs / 1000.0


def text_box(t):
    fs = float(t.get("font-size", "14"))
    x, y = float(t.get("x")), float(t.get("y"))
    w = width(t.text or "", fs)
    anchor = t.get("text-anchor", "start")
    x0 = x - w / 2 if anchor == "middle" else x - w if anchor == "end" else x
    slack = 1.0 + 0.04 * w  # the estimate against pango's hinting and kerning
    return (x0 + slack, y - 0.72 * fs + 0.5, x0 + w - slack, y + 0.18 * fs - 0.5), fs


def union(boxes):
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def shape_box(g):
    xs, ys = [], []
    for el in g.iter():
        tag = el.tag.replace(SVG, "")
        if tag == "ellipse":
            cx, cy, rx, ry = (float(el.get(k)) for k in ("cx", "cy", "rx", "ry"))
            xs += [cx - rx, cx + rx]
            ys += [cy - ry, cy + ry]
        elif tag in ("polygon", "path") and el.get("stroke") != "transparent":
            nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?",
                                                 el.get("points") or el.get("d") or "")]
            xs += nums[0::2]
            ys += nums[1::2]
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def hit(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def seg_crosses(s, r):
    """Liang-Barsky: does segment s (x0, y0, x1, y1) cross rectangle r?"""
    t0, t1 = 0.0, 1.0
    dx, dy = s[2] - s[0], s[3] - s[1]
    for p, q in ((-dx, s[0] - r[0]), (dx, r[2] - s[0]), (-dy, s[1] - r[1]), (dy, r[3] - s[1])):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def classes(el):
    return (el.get("class") or "").split()


def canvas_of_binary(path, raw):
    if raw[:8] == b"\x89PNG\r\n\x1a\n":
        w, h = struct.unpack(">II", raw[16:24])
        return float(w), float(h)
    m = re.search(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]", raw)
    if raw[:5] == b"%PDF-" and m:
        x0, y0, x1, y1 = (float(v) for v in m.groups())
        return x1 - x0, y1 - y0
    fail("%s is neither SVG, PNG nor PDF" % path)


def svg_canvas(root):
    def num(v):
        return float(re.sub(r"(pt|px)$", "", v or "0"))
    vb = [float(v) for v in (root.get("viewBox") or "0 0 0 0").split()]
    return num(root.get("width")), num(root.get("height")), vb


def metric_of(g, metric):
    for a in g.iter(SVG + "a"):
        tip = a.get(XLINK + "title") or ""
        if metric == "members":  # community map: "Community 3: 19 members"
            m = re.search(r"^Community \d+: (\d+) members", tip)
        else:
            m = re.search(r"(?:^|\n)" + re.escape(metric) + r": ([-\d.eE+]+)", tip)
        if m:
            return float(m.group(1))
    return None


def read_map(root, metric):
    """Entity nodes {key: (box, value)}, labels [(key, box, fs, halo)], edge segments."""
    groups = list(root.iter(SVG + "g"))
    nodes, labels, segs = {}, [], []
    for g in groups:
        cl = classes(g)
        gid = g.get("id") or ""
        if "node" in cl and KINDS & set(cl):
            key = gid[5:] if gid.startswith("node-") else gid
            nodes[key] = (shape_box(g), metric_of(g, metric))
            texts = [text_box(t) for t in g.iter(SVG + "text") if (t.text or "").strip()]
            if texts:  # Graphviz xlabels: the text sits in the node's own group
                labels.append((key, union([b for b, _ in texts]), min(f for _, f in texts),
                               False))
        elif "group-name" in cl or "outline" in cl:
            # a group's name: a label node over the lines (group-name), or, in maps
            # before, text in the outline's own group
            texts = [text_box(t) for t in g.iter(SVG + "text") if (t.text or "").strip()]
            if texts:
                GROUP_LABELS.append((gid, union([b for b, _ in texts])))
                GROUP_FS.append(min(f for _, f in texts))
        elif "label" in cl and "node" in cl:
            key = gid[6:] if gid.startswith("label-") else gid
            texts = [text_box(t) for t in g.iter(SVG + "text") if (t.text or "").strip()]
            halo = any(p.get("fill") not in (None, "none") for p in g.iter(SVG + "polygon"))
            if texts:
                labels.append((key, union([b for b, _ in texts]), min(f for _, f in texts),
                               halo))
        elif "edge" in cl and "leader" in cl:
            LEADERS.append(all(p.get("stroke-dasharray") for p in g.iter(SVG + "path")))
            length = 0.0
            for p in g.iter(SVG + "path"):
                nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", p.get("d") or "")]
                if len(nums) >= 4:
                    length = max(length, ((nums[-2] - nums[0]) ** 2 + (nums[-1] - nums[1]) ** 2) ** 0.5)
            LEADER_LEN.append((length, gid[7:] if gid.startswith("leader-") else gid))
        elif "edge" in cl and "legend" not in cl:
            for p in g.iter(SVG + "path"):
                if p.get("stroke") in ("transparent", "none"):
                    continue
                nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", p.get("d") or "")]
                pts = list(zip(nums[0::2], nums[1::2]))
                if len(pts) >= 2:  # straight lines (splines=false): ends are enough
                    segs.append(pts[0] + pts[-1])
    return nodes, labels, segs


def unlabelled_top(nodes, keys, n):
    """The top-n nodes by value that have no label (ties at the boundary: any of them)."""
    vals = {k: v for k, (_, v) in nodes.items() if v is not None}
    ranked = sorted(vals.values(), reverse=True)
    cut = ranked[min(n, len(ranked)) - 1] if ranked else 0
    above = [k for k, v in vals.items() if v > cut]
    tied = [k for k, v in vals.items() if v == cut]
    missing = sorted(k for k in above if k not in keys)
    need = n - len(above)
    have = sum(1 for k in tied if k in keys)
    if have < need:
        missing += sorted(k for k in tied if k not in keys)[:need - have]
    return missing


def top_in_check(nodes, labels, n):
    missing = unlabelled_top(nodes, {k for k, _, _, _ in labels}, n)
    if missing:
        return "%d of the top %d have no label: %s" % (len(missing), n,
                                                       ", ".join(missing[:5]))
    return None


def top_check(nodes, labels, n):
    """(labelled among the top n, message or None)."""
    vals = [v for _, v in nodes.values() if v is not None]
    if len(vals) < n:
        return 0, "only %d nodes carry the metric, fewer than %d" % (len(vals), n)
    keys = [k for k, _, _, _ in labels]
    missing = unlabelled_top(nodes, set(keys), n)
    good = n - len(missing)
    if len(keys) != n:
        return good, "%d labels, expected exactly the top %d" % (len(keys), n)
    if missing:
        return good, "%d of the %d labels are on top-%d nodes; unlabelled top nodes: %s" % (
            good, n, n, ", ".join(missing[:5]))
    return good, None


def overlap_count(nodes, labels):
    count, first = 0, None
    for i, (ka, a, _, _) in enumerate(labels):
        for kb, b, _, _ in labels[i + 1:]:
            if hit(a, b):
                count += 1
                first = first or "labels %s and %s" % (ka, kb)
        for kn, (nb, _) in nodes.items():
            if nb is not None and kn != ka and hit(a, nb):
                count += 1
                first = first or "label %s and node %s" % (ka, kn)
    return count, first


def group_overlap_count(nodes, labels):
    """Overlaps of the groups' names with nodes, node labels and each other."""
    count, first = 0, None
    for i, (gid, a) in enumerate(GROUP_LABELS):
        others = [("group label " + k, b) for k, b in GROUP_LABELS[i + 1:]]
        others += [("label " + k, b) for k, b, _, _ in labels]
        others += [("node " + k, b) for k, (b, _) in nodes.items() if b is not None]
        for what, b in others:
            if hit(a, b):
                count += 1
                first = first or "the name of %s and %s" % (gid, what)
    return count, first


def parse_args(argv):
    opts = {"size": None, "top": None, "metric": "PageRank", "min_px": None,
            "max_crossed": None, "max_overlaps": None, "halo": False, "json": False,
            "top_in": None, "dashed_leaders": False, "min_labelled": None,
            "labels_said": False, "distinct": False, "max_group_overlaps": None,
            "max_leader": None}
    if not argv:
        fail("usage: check_labels.py MAP [options]")
    path = argv.pop(0)
    conv = {"--size": ("size", str), "--top": ("top", int), "--top-in": ("top_in", int), "--metric": ("metric", str),
            "--min-px": ("min_px", float), "--max-crossed": ("max_crossed", float),
            "--max-overlaps": ("max_overlaps", int), "--min-labelled": ("min_labelled", float),
            "--max-group-overlaps": ("max_group_overlaps", int),
            "--max-leader": ("max_leader", float)}
    while argv:
        a = argv.pop(0)
        if a in conv:
            key, f = conv[a]
            opts[key] = f(argv.pop(0))
        elif a in ("--halo", "--json", "--dashed-leaders", "--labels-said", "--distinct"):
            opts[a[2:].replace("-", "_")] = True
        else:
            fail("unknown option " + a)
    return path, opts


def check_canvas(got_w, got_h, vb, size):
    if size is None:
        return
    w, h = (float(v) for v in size.split("x"))
    if abs(got_w - w) > 0.01 or abs(got_h - h) > 0.01:
        fail("canvas %gx%g, expected %s" % (got_w, got_h, size))
    if vb is not None and [round(v, 2) for v in vb] != [0, 0, w, h]:
        fail("viewBox %s, expected 0 0 %g %g" % (" ".join("%g" % v for v in vb), w, h))


def main():
    path, o = parse_args(sys.argv[1:])
    raw = open(path, "rb").read()
    if not raw.lstrip().startswith(b"<"):
        w, h = canvas_of_binary(path, raw)
        check_canvas(w, h, None, o["size"])
        print("check_labels: ok: canvas %gx%g" % (w, h))
        return
    root = ET.fromstring(raw)
    cw, ch, vb = svg_canvas(root)
    check_canvas(cw, ch, vb, o["size"])
    nodes, labels, segs = read_map(root, o["metric"])
    scale = cw / vb[2] if len(vb) == 4 and vb[2] > 0 else 1.0
    # the smallest label: the nodes' and the groups' names
    min_px = min([fs * scale for _, _, fs, _ in labels] + [fs * scale for fs in GROUP_FS],
                 default=0.0)
    crossed = [k for k, b, _, _ in labels if any(seg_crosses(s, b) for s in segs)]
    share = len(crossed) / len(labels) if labels else 0.0
    overlaps, first = overlap_count(nodes, labels)
    g_overlaps, g_first = group_overlap_count(nodes, labels)
    g_crossed = [k for k, b in GROUP_LABELS if any(seg_crosses(s, b) for s in segs)]
    fig = {"canvas": "%gx%g" % (cw, ch), "nodes": len(nodes), "labels": len(labels),
           "min_px": round(min_px, 1), "crossed": round(share, 3), "overlaps": overlaps,
           "halos": sum(1 for l in labels if l[3]), "leaders": len(LEADERS)}
    if GROUP_LABELS:
        fig.update({"group_labels": len(GROUP_LABELS), "group_overlaps": g_overlaps,
                    "group_crossed": len(g_crossed)})
    FIGURES.update(fig)
    if o["top"] is not None:
        fig["top_labelled"], msg = top_check(nodes, labels, o["top"])
        FIGURES["top_labelled"] = fig["top_labelled"]
        if msg:
            fail("top %d by %s: %s" % (o["top"], o["metric"], msg))
    if o["top_in"] is not None:
        msg = top_in_check(nodes, labels, o["top_in"])
        if msg:
            fail("top %d by %s: %s" % (o["top_in"], o["metric"], msg))
    if o["min_px"] is not None and labels and min_px < o["min_px"] - 1e-6:
        fail("smallest label %.1f px, expected at least %g" % (min_px, o["min_px"]))
    if o["max_crossed"] is not None and share > o["max_crossed"] + 1e-9:
        fail("%.1f%% of the labels are crossed by a line (%d of %d, e.g. %s), expected at "
             "most %.0f%%" % (100 * share, len(crossed), len(labels), crossed[0],
                              100 * o["max_crossed"]))
    if o["max_overlaps"] is not None and overlaps > o["max_overlaps"]:
        fail("%d label overlaps, expected at most %d; first: %s" % (overlaps,
                                                                    o["max_overlaps"], first))
    if o["max_group_overlaps"] is not None and g_overlaps > o["max_group_overlaps"]:
        fail("%d overlaps of group names (with nodes, labels, each other), expected at most "
             "%d; first: %s" % (g_overlaps, o["max_group_overlaps"], g_first))
    if o["halo"] and fig["halos"] != len(labels):
        fail("%d of %d labels have no halo" % (len(labels) - fig["halos"], len(labels)))
    longest = max(LEADER_LEN, default=(0.0, ""))
    fig["leader_max"] = round(longest[0] * scale, 1)
    fig["leader_over300"] = sum(1 for ln, _ in LEADER_LEN if ln * scale > 300)
    FIGURES.update({"leader_max": fig["leader_max"], "leader_over300": fig["leader_over300"]})
    if o["max_leader"] is not None and fig["leader_max"] > o["max_leader"] + 1e-6:
        fail("the leader line of %s is %.0f px long, expected at most %g px (%d over 300 px)"
             % (longest[1], fig["leader_max"], o["max_leader"], fig["leader_over300"]))
    if o["dashed_leaders"] and not all(LEADERS):
        fail("%d of %d leader lines are solid, like ties" % (LEADERS.count(False),
                                                              len(LEADERS)))
    named = len({k for k, _, _, _ in labels if k in nodes})
    fig["labelled"] = round(named / len(nodes), 3) if nodes else 0.0
    FIGURES["labelled"] = fig["labelled"]
    if o["min_labelled"] is not None and fig["labelled"] < o["min_labelled"] - 1e-9:
        fail("%d of %d nodes labelled (%.1f%%), expected at least %.0f%%; unlabelled: %s"
             % (named, len(nodes), 100 * fig["labelled"], 100 * o["min_labelled"],
                ", ".join(sorted(k for k in nodes if k not in {l[0] for l in labels})[:5])))
    texts = {}
    for g in root.iter(SVG + "g"):
        if "label" in classes(g) and "node" in classes(g):
            texts.setdefault(" ".join((t.text or "").strip() for t in g.iter(SVG + "text")),
                             []).append((g.get("id") or "")[6:])
    same = sorted((t, ids) for t, ids in texts.items() if len(ids) > 1)
    fig["same_text"] = sum(len(ids) for _, ids in same)
    FIGURES["same_text"] = fig["same_text"]
    if o["distinct"] and same:
        fail("%d labels read like another: %s" % (fig["same_text"], "; ".join(
            "%r on %s" % (t, ", ".join(ids)) for t, ids in same[:3])))
    if o["labels_said"]:
        said = None
        for g in root.iter(SVG + "g"):
            if re.match(r"legend-text-\d+$", g.get("id") or ""):
                for t in g.iter(SVG + "text"):
                    m = re.match(r"^(?:all (\d+)|(\d+) of (\d+)) named", t.text or "")
                    if m:
                        said = (int(m.group(1)), int(m.group(1))) if m.group(1) else \
                            (int(m.group(2)), int(m.group(3)))
        if said is None:
            fail("the legend does not say how many nodes are named (%d of %d are)"
                 % (named, len(nodes)))
        if said != (named, len(nodes)):
            fail("the legend says %d of %d nodes named, %d of %d are"
                 % (said[0], said[1], named, len(nodes)))
    if o["json"]:
        print(json.dumps(fig, sort_keys=True))
    else:
        print("check_labels: ok: " + ", ".join("%s %s" % kv for kv in fig.items()))


main()
