#!/usr/bin/python3
"""The ego map (issue 9): the focus in the centre, its partners on rings by distance.

Usage: check_ego.py MAP.svg FOCUS [--max-inverted F]
Reads the nodes (their shapes' centres) and the lines drawn (edge titles "a--b", "a->b"),
counts each node's hops from FOCUS along them, and measures
- the focus's distance from the centre of the map area (the canvas left of the legend,
  below the title band), as a share of its width and height (at most 5%);
- rings: each node's radius from the focus, each axis scaled by the nodes' largest extent
  on it (the map is fitted to the canvas, a circle may come out as an ellipse); of the
  pairs of nodes at different hops, the share where the farther one by hops is nearer on
  the map (at most F, default 0).
Prints the radii per hop; exit 1 on the first failed check.
"""
import collections
import math
import re
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
KINDS = {"institution", "alliance", "network"}


def centre(g):
    for el in g.iter():
        tag = el.tag.replace(SVG, "")
        if tag == "ellipse":
            return float(el.get("cx")), float(el.get("cy"))
        if tag in ("polygon", "path") and el.get("stroke") != "transparent":
            nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?",
                                                 el.get("points") or el.get("d") or "")]
            if nums:
                xs, ys = nums[0::2], nums[1::2]
                return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return None


def main(argv):
    path, focus = argv[0], argv[1]
    max_inv = float(argv[argv.index("--max-inverted") + 1]) if "--max-inverted" in argv else 0.0
    pos, adj = {}, collections.defaultdict(set)
    edges = []
    root = ET.parse(path).getroot()
    area = [0.0, -float(root.get("height").rstrip("pt")), float(root.get("width").rstrip("pt")), 0.0]
    for g in root.iter(SVG + "g"):
        cl = (g.get("class") or "").split()
        t = g.find(SVG + "title")
        title = t.text if t is not None and t.text else ""
        if g.get("id") == "legend":  # the map area ends left of the legend
            c = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", next(g.iter(SVG + "path")).get("d"))]
            area[2] = min(c[0::2])
        elif "title" in cl:  # and below the title band (y grows downwards from -height)
            for txt in g.iter(SVG + "text"):
                area[1] = max(area[1], float(txt.get("y")))
        if "node" in cl and KINDS & set(cl):
            c = centre(g)
            if c:
                pos[title] = c
        elif "edge" in cl and not {"legend", "leader"} & set(cl):
            m = re.match(r"(.*?)(?:--|->)(.*)$", title)
            if m:
                edges.append(m.groups())
    for a, b in edges:
        if a in pos and b in pos:
            adj[a].add(b)
            adj[b].add(a)
    if focus not in pos:
        print("FAIL: focus %s is not on the map" % focus)
        return 1
    hops = {focus: 0}
    queue = [focus]
    for u in queue:
        for v in sorted(adj[u]):
            if v not in hops:
                hops[v] = hops[u] + 1
                queue.append(v)
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    fx, fy = pos[focus]
    w, h = area[2] - area[0], area[3] - area[1]
    off = max(abs(fx - (area[0] + area[2]) / 2) / max(w, 1e-9),
              abs(fy - (area[1] + area[3]) / 2) / max(h, 1e-9))
    ax = max(abs(x - fx) for x in xs) or 1.0
    ay = max(abs(y - fy) for y in ys) or 1.0
    radius = {n: math.hypot((x - fx) / ax, (y - fy) / ay) for n, (x, y) in pos.items()}
    by_hop = collections.defaultdict(list)
    for n in pos:
        by_hop[hops.get(n, -1)].append(radius[n])
    inverted = pairs = 0
    levels = sorted(k for k in by_hop if k > 0)
    for i, k in enumerate(levels):
        for j in levels[i + 1:]:
            for ra in by_hop[k]:
                for rb in by_hop[j]:
                    pairs += 1
                    inverted += rb <= ra
    share = inverted / pairs if pairs else 0.0
    rings = "; ".join("hop %d: %d nodes, radius %.2f-%.2f" % (k, len(by_hop[k]), min(by_hop[k]),
                                                             max(by_hop[k])) for k in levels)
    print("ego: focus %.1f%% off the centre; %s; %.1f%% of %d pairs inverted"
          % (100 * off, rings, 100 * share, pairs))
    if -1 in by_hop:
        print("FAIL: %d nodes not reached from the focus along the lines drawn" % len(by_hop[-1]))
        return 1
    if off > 0.05:
        print("FAIL: the focus is %.1f%% of the map off its centre, expected at most 5%%"
              % (100 * off))
        return 1
    if share > max_inv + 1e-9:
        print("FAIL: %.1f%% of the node pairs are on rings out of their order by distance "
              "(%d of %d), expected at most %.1f%%" % (100 * share, inverted, pairs, 100 * max_inv))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
