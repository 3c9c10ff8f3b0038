#!/usr/bin/python3
"""How far the nodes of one map moved in another (issue 10), read from the SVGs.

Usage: check_stability.py BEFORE.svg AFTER.svg [--median-max P] [--p90-max P] [--label L]
       check_stability.py --panels MAP.svg
       check_stability.py --kept BEFORE.csv AFTER.csv MIN

Pairs: the entity node groups (id "node-<id>", class "node <kind> ...") found in both
maps; a node's place is the centre of its first ellipse or polygon. Movement is given in
percent of the BEFORE canvas width: median, p90 and max over the nodes in both maps,
and how many moved by more than 2%. --median-max / --p90-max turn the figures into a
check (exit 1 when exceeded).

--panels: small multiples (ids "node-<id>-<year>", panels "panel-<year>"): every node
must sit at the same place relative to its panel's frame in every panel (within 0.5 pt)
and have one fill colour in all of them; prints the counts, exit 1 on the first breach.

--kept: two metrics CSVs (report's metrics.csv): the share of the entities in both
whose community number is the same must be at least MIN percent.
"""
import csv
import re
import statistics
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def fail(msg):
    print("check_stability: FAIL: " + msg)
    sys.exit(1)


def centre(g):
    for el in g.iter():
        if el.tag == SVG + "ellipse":
            return float(el.get("cx")), float(el.get("cy")), el.get("fill")
        if el.tag == SVG + "polygon":
            pts = [tuple(map(float, p.split(","))) for p in el.get("points").split()]
            if len(pts) > 1 and pts[0] == pts[-1]:
                pts = pts[:-1]
            xs = [p[0] for p in pts]
            ys = [p[1] for p in pts]
            return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2, el.get("fill")
        if el.tag == SVG + "path" and el.get("fill") not in (None, "none"):
            nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", el.get("d"))]
            xs, ys = nums[0::2], nums[1::2]
            return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2, el.get("fill")
    return None


def nodes(path):
    root = ET.parse(path).getroot()
    width = float(root.get("viewBox").split()[2])
    out = {}
    frames = {}
    for g in root.iter(SVG + "g"):
        gid = g.get("id") or ""
        cls = (g.get("class") or "").split()
        if gid.startswith("node-") and cls[:1] == ["node"]:
            c = centre(g)
            if c is not None:
                out[gid[5:]] = c
        if gid.startswith("panel-"):
            for el in g.iter():
                if el.tag in (SVG + "polygon", SVG + "path"):
                    nums = [float(v) for v in
                            re.findall(r"-?\d+(?:\.\d+)?", el.get("points") or el.get("d"))]
                    frames[gid[6:]] = (min(nums[0::2]), min(nums[1::2]))
                    break
    return width, out, frames


def pct(values, q):
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(q * (len(s) - 1)))))
    return s[k]


def compare(argv):
    before, after = argv[0], argv[1]
    opts = dict(zip(argv[2::2], argv[3::2]))
    w, a, _ = nodes(before)
    _, b, _ = nodes(after)
    common = sorted(set(a) & set(b))
    if len(common) < 2:
        fail("fewer than 2 nodes in both maps")
    moves = [((a[k][0] - b[k][0]) ** 2 + (a[k][1] - b[k][1]) ** 2) ** 0.5 / w * 100
             for k in common]
    med, p90, mx = statistics.median(moves), pct(moves, 0.9), max(moves)
    over = sum(1 for m in moves if m > 2)
    print("%s: %d nodes in both, %d only before, %d only after; movement in %% of the "
          "canvas width: median %.2f, p90 %.2f, max %.2f; %d moved by more than 2%%"
          % (opts.get("--label", "maps"), len(common), len(set(a) - set(b)),
             len(set(b) - set(a)), med, p90, mx, over))
    if "--median-max" in opts and med > float(opts["--median-max"]):
        fail("median movement %.2f%% > %s%%" % (med, opts["--median-max"]))
    if "--p90-max" in opts and p90 > float(opts["--p90-max"]):
        fail("p90 movement %.2f%% > %s%%" % (p90, opts["--p90-max"]))


def panels(path):
    _, ns, frames = nodes(path)
    if len(frames) < 2:
        fail("fewer than 2 panels")
    seen = {}
    for key, (x, y, fill) in ns.items():
        m = re.match(r"(.*)-(\d{4})$", key)
        if m is None or m.group(2) not in frames:
            fail("node %s is in no panel" % key)
        fx, fy = frames[m.group(2)]
        seen.setdefault(m.group(1), []).append((m.group(2), x - fx, y - fy, fill))
    multi = 0
    for ent, places in sorted(seen.items()):
        y0, x0, yy0, f0 = places[0]
        for year, x, y, fill in places[1:]:
            if abs(x - x0) > 0.5 or abs(y - yy0) > 0.5:
                fail("%s moves between panels %s and %s by (%.1f, %.1f)"
                     % (ent, y0, year, x - x0, y - yy0))
            if fill != f0:
                fail("%s changes colour between panels %s (%s) and %s (%s)"
                     % (ent, y0, f0, year, fill))
        multi += len(places) > 1
    print("panels: %d panels, %d entities, %d in more than one panel, each in one place "
          "and one colour" % (len(frames), len(seen), multi))


def kept(a, b, least):
    ca = {r["id"]: r["community"] for r in csv.DictReader(open(a, newline=""))}
    cb = {r["id"]: r["community"] for r in csv.DictReader(open(b, newline=""))}
    both = sorted(set(ca) & set(cb))
    same = sum(1 for k in both if ca[k] == cb[k])
    share = 100.0 * same / max(1, len(both))
    print("communities: %d of %d entities in both keep their number (%.1f%%)"
          % (same, len(both), share))
    if share < float(least):
        fail("%.1f%% kept their community number < %s%%" % (share, least))


def main(argv):
    if argv[:1] == ["--panels"] and len(argv) == 2:
        panels(argv[1])
    elif argv[:1] == ["--kept"] and len(argv) == 4:
        kept(argv[1], argv[2], argv[3])
    elif len(argv) >= 2 and len(argv) % 2 == 0:
        compare(argv)
    else:
        print(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv[1:])
