#!/usr/bin/python3
"""One community numbering everywhere (issue 9): the legend of a community-coloured map, the
node tooltips, the community map and report.md must name the same community by the same
number and agree on its size.

Usage: check_communities.py REPORT_DIR   (a directory written by `partnet report`)
Checks map.svg (legend "Community N: NAME (SIZE)" against the tooltips "Community: N" of the
nodes), communities.svg (tooltips "Community N: SIZE members") and report.md
("**Community N** (SIZE members"). Exit 1 with one line per disagreement.

       check_communities.py MAP.svg --legend [--names COMMUNITIES.svg]
Any map coloured by community: its legend lists the communities in the order of their
numbers (the numbering of the report, metrics.csv and the tooltips), each name once; with
--names, each legend name is the name the community map gives that community (a name cut
with "…" must be a cut of it).

       check_communities.py COMMUNITIES.svg --map [--min-fill F]
The community map: every community named once (the name: the label less its "+N more"
line), a colour key (each colour of a community node in a legend swatch; a coloured
community's swatch reads "Community N: NAME" with its own number and name; the grey ones
"other"), and the nodes and labels spread over at least the share F of the canvas width
and height (default 0.8).
"""
import collections
import html
import os
import re
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
LEGEND_ROW = re.compile(r"^Community (\d+): (.*) \((?:\d+ of )?(\d+)\)$")

def read(path):
    return open(path, encoding="utf-8").read()


def groups(path):
    """id -> (class list, element) of every <g> of an SVG file."""
    root = ET.parse(path).getroot()
    return root, {g.get("id"): ((g.get("class") or "").split(), g)
                  for g in root.iter(SVG + "g") if g.get("id")}


def texts(g):
    return [t.text or "" for t in g.iter(SVG + "text")]


def legend_rows(gs):
    """[(row number, swatch fill or None, text)] of the legend, in drawing order."""
    rows = []
    for gid, (cls, g) in gs.items():
        m = re.match(r"legend-text-(\d+)$", gid)
        if m:
            k = int(m.group(1))
            marker = gs.get("legend-marker-%d" % k)
            fill = None
            if marker is not None:
                shapes = [e for e in marker[1].iter() if e.get("fill")]
                fill = shapes[0].get("fill").lower() if shapes else None
            rows.append((k, fill, " ".join(texts(g))))
    return sorted(rows)


def community_legend(gs):
    """[(number, name, size, fill)] of the legend rows "Community N: NAME (SIZE)"."""
    out = []
    for _, fill, text in legend_rows(gs):
        m = LEGEND_ROW.match(text)
        if m:
            out.append((int(m.group(1)), m.group(2), int(m.group(3)), fill))
    return out


def agrees(short, full):
    """Is the legend's name short the name full, or a cut of it ("…" for what was left out)?"""
    if "…" not in short:
        return short == full
    pattern = "^" + ".*".join(re.escape(p.rstrip()) for p in short.split("…")) + ".*$"
    return re.match(pattern, full) is not None


def community_names(gs):
    """number -> name on the community map (the label less its "+N more" line)."""
    names = {}
    for gid, (cls, g) in gs.items():
        m = re.match(r"label-community-(\d+)$", gid)
        if m:
            lines = [t for t in texts(g) if not re.match(r"^\+\d+ more$", t)]
            names[int(m.group(1))] = " ".join(lines)
    return names


def check_legend(argv):
    problems = []
    _, gs = groups(argv[0])
    rows = community_legend(gs)
    if not rows:
        problems.append("no community in the legend of %s" % argv[0])
    numbers = [n for n, _, _, _ in rows]
    if numbers != sorted(numbers):
        problems.append("legend order %s, expected the numbering %s"
                        % (" ".join(map(str, numbers)), " ".join(map(str, sorted(numbers)))))
    seen = collections.Counter(name for _, name, _, _ in rows)
    for name, k in sorted(seen.items()):
        if k > 1:
            problems.append("legend: %d communities are called %r" % (k, name))
    if "--names" in argv:
        _, cgs = groups(argv[argv.index("--names") + 1])
        names = community_names(cgs)
        for n, name, _, _ in rows:
            if n not in names:
                problems.append("legend: community %d is not on the community map" % n)
            elif not agrees(name, names[n]):
                problems.append("legend: community %d is %r, the community map calls it %r"
                                % (n, name, names[n]))
    for p in problems:
        print("FAIL: " + p)
    if problems:
        return 1
    print("legend: %d communities in the order of their numbers, %d names, each once"
          % (len(rows), len(seen)))
    return 0


def check_map(argv):
    problems = []
    root, gs = groups(argv[0])
    min_fill = float(argv[argv.index("--min-fill") + 1]) if "--min-fill" in argv else 0.8
    names = community_names(gs)
    nodes = {}
    for gid, (cls, g) in gs.items():
        m = re.match(r"community-(\d+)$", gid)
        if m and "community" in cls:
            e = next(g.iter(SVG + "ellipse"))
            nodes[int(m.group(1))] = (e.get("fill").lower(), float(e.get("cx")),
                                      float(e.get("cy")), float(e.get("rx")))
    if not nodes:
        problems.append("no community node")
    count = collections.Counter(names.values())
    dups = sorted(name for name, k in count.items() if k > 1)
    for name in dups:
        problems.append("%d communities are called %r" % (count[name], name))
    # the colour key
    rows = legend_rows(gs)
    key = {n: (name, fill) for n, name, _, fill in community_legend(gs)}
    other = [fill for _, fill, text in rows if text.startswith("other")]
    unkeyed = set()
    for n, (fill, _, _, _) in sorted(nodes.items()):
        if n in key:
            if key[n][1] != fill:
                problems.append("key: community %d is drawn %s, its swatch is %s" % (n, fill, key[n][1]))
            if n in names and not agrees(key[n][0], names[n]):
                problems.append("key: community %d is %r, its label %r" % (n, key[n][0], names[n]))
        elif fill not in other:
            unkeyed.add(fill)
    for fill in sorted(unkeyed):
        k = sum(1 for f, _, _, _ in nodes.values() if f == fill)
        problems.append("key: colour %s (%d communities) is not in the legend" % (fill, k))
    # the canvas filled: nodes and labels, the legend left out
    W = float(root.get("width").rstrip("pt"))
    H = float(root.get("height").rstrip("pt"))
    xs, ys = [], []
    for fill, cx, cy, r in nodes.values():
        xs += [cx - r, cx + r]
        ys += [cy - r, cy + r]
    for gid, (cls, g) in gs.items():
        if gid.startswith("label-community-"):
            for poly in g.iter(SVG + "polygon"):
                nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", poly.get("points"))]
                xs += nums[0::2]
                ys += nums[1::2]
    fx = (max(xs) - min(xs)) / W if xs else 0
    fy = (max(ys) - min(ys)) / H if ys else 0
    if fx < min_fill or fy < min_fill:
        problems.append("the map spans %.0f%% of the canvas width and %.0f%% of its height, "
                        "expected at least %.0f%%" % (100 * fx, 100 * fy, 100 * min_fill))
    if problems:
        print("figures: %d communities, %d names, %d in the key, spans %.0f%% x %.0f%%"
              % (len(nodes), len(set(names.values())), len(key), 100 * fx, 100 * fy))
    for p in problems:
        print("FAIL: " + p)
    if problems:
        return 1
    print("community map: %d communities, %d names each once, %d in the key (and 'other': %s), "
          "spans %.0f%% x %.0f%% of the canvas"
          % (len(nodes), len(names), len(key), "yes" if other else "no", 100 * fx, 100 * fy))
    return 0


def main(argv):
    for mode, check in (("--legend", check_legend), ("--map", check_map)):
        if mode in argv:
            argv.remove(mode)
            return check(argv)
    d = argv[0]
    problems = []
    svg = html.unescape(read(os.path.join(d, "map.svg")))
    # "(SIZE)", or "(SHOWN of SIZE)" where the map draws some members (a backbone)
    rows = re.findall(r">Community (\d+): [^<]*\((?:(\d+) of )?(\d+)\)<", svg)
    legend = {int(n): int(s) for n, _, s in rows}
    shown = {int(n): int(k or s) for n, k, s in rows}
    tips = collections.Counter(int(n) for n in re.findall(r"\nCommunity: (\d+)[\"\n]", svg))
    comm_svg = html.unescape(read(os.path.join(d, "communities.svg")))
    comm_map = {int(n): int(s) for n, s in re.findall(r"Community (\d+): (\d+) members", comm_svg)}
    report = {int(n): int(s)
              for n, s in re.findall(r"\*\*Community (\d+)\*\* \((\d+) members", read(os.path.join(d, "report.md")))}
    if not legend or not report:
        problems.append("no community found (legend %d, report %d)" % (len(legend), len(report)))
    for n, size in sorted(legend.items()):
        if tips[n] != shown[n]:
            problems.append("map.svg legend: community %d has %d members, tooltips say %d" % (n, shown[n], tips[n]))
        if report.get(n) != size:
            problems.append("map.svg legend: community %d has %d members, report.md says %s" % (n, size, report.get(n)))
    # report.md names each community as the maps do: "led by X" or "led by X; on the maps: Y"
    try:
        map_names = community_names(groups(os.path.join(d, "communities.svg"))[1])
    except ET.ParseError:  # (a hand-made fixture of tooltips only: no names to compare)
        map_names = {}
    for m in re.finditer(r"^- \*\*Community (\d+)\*\* \(\d+ members, led by (.*?)"
                         r"(?:; on the maps: (.*?))?(?:; stability [^)]*)?\): ",
                         read(os.path.join(d, "report.md")), re.M):
        n = int(m.group(1))
        said = re.sub(r"\\(.)", r"\1", m.group(3) or m.group(2))
        if n in map_names and map_names[n] != said:
            problems.append("report.md names community %d %r, the community map %r"
                            % (n, said, map_names[n]))
    ego = os.path.join(d, "ego.svg")
    if os.path.exists(ego):  # the ego map numbers and names them as the community map
        _, egs = groups(ego)
        _, cgs = groups(os.path.join(d, "communities.svg"))
        names = community_names(cgs)
        for n, name, size, _ in community_legend(egs):
            if n not in names or not agrees(name, names[n]) or report.get(n) != size:
                problems.append("ego.svg legend: community %d is %r (%d members), the community "
                                "map calls it %r, report.md gives it %s members"
                                % (n, name, size, names.get(n), report.get(n)))
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
