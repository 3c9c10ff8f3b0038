#!/usr/bin/python3
"""The geographic map (issue 9).

Usage: check_geo.py MAP.svg [--min-labelled SHARE] [--min-basemap K] [--min-panels K]
                    [--max-displacement PX] [--inset2]

Checked: every entity node's centre lies on the canvas (the SVG's viewBox, through
the graph's translate); no node is marked "far" (clamped to the frame, as before
issue 9); the basemap is there: at least K polygons (default 100) drawn directly in
the graph after its background; with --min-labelled, at least that share of the
entity nodes carry a label (a <text> in the node's group, or partnet's label group
label-ID); leader lines are never drawn like ties: every label leader (an edge of class
"leader") and every line from a node to the dot at its true place (a polyline followed by
its dot, drawn in the graph) is dashed; every label stays on its node's side of the
inset's right edge (an inset node's label not over the main map, a main-map node's label
not over the inset; on small multiples, each panel's inset). With --min-panels K (small multiples, --years):
at least K panels, each with its own basemap (at least --min-basemap polygons inside the
panel's box). MAP may be gzipped (.gz).
True places (when the map carries them, and required by --max-displacement): partnet
writes the projection on the graph (data-projection="laea LON0 LAT0" or "equal-earth LON0
0") and on each located node its data-lonlat="LON,LAT" and data-place="X,Y". Checked:
the places are where the latitudes and longitudes project (this file's own Lambert
azimuthal equal-area and Equal Earth, through one scale and offset fitted for the main map
and one for the inset: no place more than 1 px off); every node drawn more than 4 px from
its place has a dashed leader line from that place to its centre and a dot at the place,
and no label covers such a dot; with --max-displacement, no node's centre is more than PX from its place (prints the
largest and the median).
The second inset (a world map's second crowded area, Europe beside the first inset; the
graph's data-inset2="X0,Y0,X1,Y1", its box, and data-inset2-area, the area it shows as
marked on the main map; required by --inset2): both drawn (rectangles of the graph); every
node whose place is in the box drawn inside it; the places in it where their latitudes and
longitudes project through a fit of their own (as the other parts), and, through the main
map's fit, inside the marked area, at the place the box's zoom of that area gives (1 px
on the main map at most); no node of the main map with its place in that area (each node
drawn once, in the inset that shows it); labels of its nodes not below the box, labels of
the main map's not over it.
Prints the figures. Exit 0 on success, 1 with a message on the first failed check.
"""
import gzip
import math
import re
import statistics
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
KINDS = {"institution", "alliance", "network"}


def fail(msg):
    print("check_geo: FAIL: " + msg)
    sys.exit(1)


def numbers(s):
    return [float(x) for x in re.findall(r"-?[0-9]+(?:\.[0-9]+)?(?:e-?[0-9]+)?", s)]


def check_leaders(graph):
    """Every leader line dashed: label leaders (edges of class leader) and the lines from a
    node to the dot at its true place (a polyline of the graph followed by its ellipse).
    Returns how many there are."""
    count = 0
    for g in graph.iter(SVG + "g"):
        if "leader" in (g.get("class") or "").split():
            for p in g.iter(SVG + "path"):
                count += 1
                if not p.get("stroke-dasharray"):
                    fail("label leader %s is drawn solid, like a tie" % g.get("id"))
    kids = list(graph)
    for a, b in zip(kids, kids[1:]):
        if a.tag == SVG + "polyline" and b.tag == SVG + "ellipse":
            count += 1
            if not a.get("stroke-dasharray"):
                fail("the leader line to the true place at (%s, %s) is drawn solid, like a "
                     "tie" % (b.get("cx"), b.get("cy")))
    return count


def project(proj, lon0, lat0, lon, lat):
    """Projected (x, y), north up, on the unit sphere: partnet's projections (geo.c)."""
    lam = max(-180.0, min(180.0, math.remainder(lon - lon0, 360.0))) * math.pi / 180
    phi, p0 = lat * math.pi / 180, lat0 * math.pi / 180
    if proj == "laea":
        cc = math.sin(p0) * math.sin(phi) + math.cos(p0) * math.cos(phi) * math.cos(lam)
        k = math.sqrt(2 / (1 + cc))
        return (k * math.cos(phi) * math.sin(lam),
                k * (math.cos(p0) * math.sin(phi) - math.sin(p0) * math.cos(phi) * math.cos(lam)))
    a1, a2, a3, a4 = 1.340264, -0.081106, 0.000893, 0.003796
    th = math.asin(math.sqrt(3) / 2 * math.sin(phi))
    t2 = th * th
    t6 = t2 * t2 * t2
    x = 2 * math.sqrt(3) * lam * math.cos(th) / (3 * (9 * a4 * t6 * t2 + 7 * a3 * t6
                                                    + 3 * a2 * t2 + a1))
    return x, th * (a4 * t6 * t2 + a3 * t6 + a2 * t2 + a1)


def fit_residual(pairs):
    """The largest distance between the places (X, Y) and the projected points (u, v)
    through the best scale and offset (X = s u + ox, Y = -s v + oy: SVG's y is down)."""
    return fit(pairs)[0]


def fit(pairs):
    """fit_residual's largest distance, and the fit: a function (u, v) -> (X, Y), or None
    for fewer than 3 points."""
    if len(pairs) < 3:
        return 0.0, None
    us = [u for (u, v), _ in pairs]
    vs = [-v for (u, v), _ in pairs]
    xs = [X for _, (X, Y) in pairs]
    ys = [Y for _, (X, Y) in pairs]
    n = len(pairs)
    mu, mv, mx, my = sum(us) / n, sum(vs) / n, sum(xs) / n, sum(ys) / n
    den = sum((u - mu) ** 2 + (v - mv) ** 2 for u, v in zip(us, vs))
    s = sum((u - mu) * (x - mx) + (v - mv) * (y - my)
            for u, v, x, y in zip(us, vs, xs, ys)) / den if den > 0 else 0
    return (max(math.hypot(s * (u - mu) + mx - x, s * (v - mv) + my - y)
                for u, v, x, y in zip(us, vs, xs, ys)),
            lambda u, v: (s * (u - mu) + mx, s * (-v - mv) + my))


def check_true_places(graph, nodes, max_disp):
    """The true places (data-place) where data-lonlat projects, leader lines from each
    place to a node drawn away from it, and with max_disp no node farther than that.
    nodes: [(id, group, (x, y) centre)]. Prints the figures."""
    spec = (graph.get("data-projection") or "").split()
    if not spec:
        if max_disp is not None:
            fail("the map does not say where its nodes belong (no data-projection)")
        return
    proj, lon0, lat0 = spec[0], float(spec[1]), float(spec[2])
    box = inset_box(graph)
    kids = list(graph)
    leads = []  # (start, end) of each dashed line followed by its dot at the start
    for a, b in zip(kids, kids[1:]):
        if a.tag == SVG + "polyline" and b.tag == SVG + "ellipse" and a.get("stroke-dasharray"):
            v = numbers(a.get("points"))
            if len(v) == 4 and math.hypot(float(b.get("cx")) - v[0],
                                          float(b.get("cy")) - v[1]) < 1.5:
                leads.append(((v[0], v[1]), (v[2], v[3])))
    box2 = inset2_of(graph)
    parts = {"inset": [], "inset2": [], "main": []}
    disp = []
    with_leader = 0
    for nid, g, (x, y) in nodes:
        ll, pl = g.get("data-lonlat"), g.get("data-place")
        if ll is None or pl is None:
            continue
        lon, lat = numbers(ll)
        X, Y = numbers(pl)
        part = "inset2" if box2 is not None and inside(box2[0], X, Y) else \
            "inset" if box is not None and inside(box, X, Y) else "main"
        parts[part].append((project(proj, lon0, lat0, lon, lat), (X, Y), nid, (x, y)))
        disp.append((math.hypot(x - X, y - Y), nid, lon, lat, (x, y), (X, Y)))
    if not disp:
        fail("no node carries its true place (data-lonlat, data-place)")
    fits = {k: fit([q[:2] for q in v]) for k, v in parts.items()}
    res = max(f[0] for f in fits.values())
    if res > 1:
        fail("the true places are not where the latitudes and longitudes project "
             "(%.1f px off)" % res)
    if box2 is not None:
        check_inset2(graph, box2, parts, fits["main"][1])
    for d, nid, lon, lat, (x, y), (X, Y) in disp:
        if d <= 4:
            continue
        if not any(math.hypot(s[0] - X, s[1] - Y) < 1.5 and math.hypot(e[0] - x, e[1] - y)
                   < 1.5 for s, e in leads):
            fail("node %s is drawn %.0f px from its true place (%g, %g) with no leader "
                 "line to a dot there" % (nid, d, lon, lat))
        with_leader += 1
    ds = sorted(d for d, *_ in disp)
    worst = max(disp)
    print("check_geo: true places: %d located nodes, displacement max %.1f px (%s), median "
          "%.1f px, %d drawn away with a leader line; places within %.2f px of the projection"
          % (len(disp), worst[0], worst[1], statistics.median(ds), with_leader, res))
    if max_disp is not None and worst[0] > max_disp:
        fail("node %s is drawn %.0f px from its true place (%g, %g), more than %g px"
             % (worst[1], worst[0], worst[2], worst[3], max_disp))
    for g in graph.iter(SVG + "g"):  # no label over a dot at a true place
        halo = next(g.iter(SVG + "polygon"), None) \
            if (g.get("id") or "").startswith("label-") else None
        if halo is None:
            continue
        v = numbers(halo.get("points"))
        for (X, Y), _ in leads:
            if min(v[0::2]) < X < max(v[0::2]) and min(v[1::2]) < Y < max(v[1::2]):
                fail("the label of %s covers the dot at a true place (%.1f, %.1f)"
                     % (g.get("id")[6:], X, Y))


def inside(b, x, y, tol=0.0):
    return b[0] - tol <= x <= b[2] + tol and b[1] - tol <= y <= b[3] + tol


def inset2_of(graph):
    """The second inset's box and the area it shows on the main map (SVG coordinates), or
    None."""
    if graph.get("data-inset2") is None:
        return None
    return numbers(graph.get("data-inset2")), numbers(graph.get("data-inset2-area") or "")


def rects_drawn(graph):
    """Every axis-aligned rectangle drawn directly in the graph: [(x0, y0, x1, y1)]."""
    out = []
    for e in graph:
        if e.tag != SVG + "polygon":
            continue
        v = numbers(e.get("points"))
        if len(v) == 10 and len(set(v[0::2])) == 2 and len(set(v[1::2])) == 2:
            out.append((min(v[0::2]), min(v[1::2]), max(v[0::2]), max(v[1::2])))
    return out


def check_inset2(graph, box2, parts, main_fit):
    """The second inset: drawn, its nodes inside its box, its places where the area it
    says it shows (marked on the main map) puts them, and no main-map node in that
    area. parts: (projected, place, id, centre) per part; main_fit: the main map's fit."""
    box, area = box2
    if len(box) != 4 or len(area) != 4:
        fail("data-inset2 and data-inset2-area must each be four numbers")
    drawn = rects_drawn(graph)
    for what, b in (("box", box), ("area marked on the main map", area)):
        if not any(max(abs(p - q) for p, q in zip(b, r)) < 0.6 for r in drawn):
            fail("the second inset's %s (%s) is not drawn" % (what, ",".join("%g" % v for v in b)))
    nodes = parts["inset2"]
    if len(nodes) < 3:
        fail("the second inset shows %d located nodes" % len(nodes))
    for _, _, nid, (x, y) in nodes:
        if not inside(box, x, y):
            fail("node %s of the second inset is drawn at (%.1f, %.1f), outside its box"
                 % (nid, x, y))
    if main_fit is None:
        fail("the main map keeps fewer than 3 located nodes beside the second inset")
    # the zoom from the marked area to the box: centre to centre, one scale (the inset's
    # own fit against the main map's, read on two of its nodes far apart)
    na, nb = max(((a, b) for a in nodes for b in nodes),
                 key=lambda ab: math.dist(ab[0][1], ab[1][1]))
    (pa, qa), (pb, qb) = na[:2], nb[:2]
    ma, mb = main_fit(*pa), main_fit(*pb)
    zoom = math.dist(qa, qb) / max(1e-9, math.dist(ma, mb))
    bc = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    ac = ((area[0] + area[2]) / 2, (area[1] + area[3]) / 2)
    worst = (0.0, None)
    for (u, v), (X, Y), nid, _ in nodes:
        mx, my = main_fit(u, v)
        if not inside(area, mx, my, 1):
            fail("node %s is in the second inset but its place on the main map (%.1f, %.1f) "
                 "is outside the area marked there" % (nid, mx, my))
        zx, zy = ac[0] + (X - bc[0]) / zoom, ac[1] + (Y - bc[1]) / zoom
        worst = max(worst, (math.hypot(zx - mx, zy - my), nid))
    if worst[0] > 1:
        fail("the second inset does not show the area marked on the main map: node %s is "
             "%.1f px (on the main map) from where the zoom of that area puts it"
             % (worst[1], worst[0]))
    for _, (X, Y), nid, _ in parts["main"]:
        if inside(area, X, Y, -0.5):
            fail("node %s is drawn on the main map inside the area the second inset shows"
                 % nid)
    for g in graph.iter(SVG + "g"):  # no label over the area marked on the main map
        halo = next(g.iter(SVG + "polygon"), None) \
            if (g.get("id") or "").startswith("label-") else None
        if halo is None:
            continue
        v = numbers(halo.get("points"))
        if min(v[0::2]) < area[2] - 0.5 and max(v[0::2]) > area[0] + 0.5 and \
                min(v[1::2]) < area[3] - 0.5 and max(v[1::2]) > area[1] + 0.5:
            fail("the label of %s lies over the area the second inset shows (marked on the "
                 "main map)" % g.get("id")[6:])
    print("check_geo: second inset: %d nodes inside its %.0fx%.0f box, zoom %.1fx of the "
          "area marked on the main map, places within %.2f px of it (main map), %d main-map "
          "nodes outside that area" % (len(nodes), box[2] - box[0], box[3] - box[1], zoom,
                                       worst[0], len(parts["main"])))


def inset_box(graph, within=None):
    """The inset's box: the largest rectangle drawn in the graph but the canvas (inside the
    box within, a panel's, if given), or None."""
    best = None
    for e in [e for e in graph if e.tag == SVG + "polygon"][2:]:  # after the canvas's two
        v = numbers(e.get("points"))
        if len(v) != 10 or len(set(v[0::2])) != 2 or len(set(v[1::2])) != 2:
            continue
        box = (min(v[0::2]), min(v[1::2]), max(v[0::2]), max(v[1::2]))
        if within is not None and not (within[0] <= box[0] and box[2] <= within[2]
                                       and within[1] <= box[1] and box[3] <= within[3]):
            continue
        if best is None or (box[2] - box[0]) * (box[3] - box[1]) > \
                (best[2] - best[0]) * (best[3] - best[1]):
            best = box
    return best


def panel_boxes(graph):
    """The panels of small multiples: [(id, x0, y0, x1, y1)]."""
    boxes = []
    for g in graph.iter(SVG + "g"):
        if "panel" in (g.get("class") or "").split():
            v = numbers(next(g.iter(SVG + "path")).get("d"))
            boxes.append((g.get("id"), min(v[0::2]), min(v[1::2]), max(v[0::2]),
                          max(v[1::2])))
    return boxes


def check_inset_sides(graph, centres):
    """Each label on its node's side of the right edge of the inset (its panel's, on small
    multiples); returns how many were checked."""
    panels = [b[1:] for b in panel_boxes(graph)]
    insets = [(p, inset_box(graph, p)) for p in panels] or [(None, inset_box(graph))]
    box2 = (inset2_of(graph) or [None])[0]
    n = 0
    for g in graph.iter(SVG + "g"):
        gid = g.get("id") or ""
        if not gid.startswith("label-") or gid[6:] not in centres:
            continue
        cx, cy = centres[gid[6:]]
        box = next((b for p, b in insets if p is None or (p[0] <= cx <= p[2]
                                                           and p[1] <= cy <= p[3])), None)
        if box is None:
            continue
        halo = next(g.iter(SVG + "polygon"), None)
        if halo is None:
            continue
        v = numbers(halo.get("points"))
        x0, x1 = min(v[0::2]), max(v[0::2])
        inside = box[0] <= cx <= box[2] and box[1] <= cy <= box[3]
        n += 1
        if inside and x1 > box[2] + 1:
            fail("the label of %s (in the inset) runs over the main map" % gid[6:])
        if not inside and cx > box[2] and x0 < box[2] - 1:
            fail("the label of %s (on the main map) runs over the inset" % gid[6:])
        if box2 is not None and not inside:
            y0, y1 = min(v[1::2]), max(v[1::2])
            in2 = box2[0] <= cx <= box2[2] and box2[1] <= cy <= box2[3]
            if in2 and y1 > box2[3] + 1:
                fail("the label of %s (in the second inset) runs below it, over the main "
                     "map" % gid[6:])
            if not in2 and x1 > box2[0] + 1 and y0 < box2[3] - 1:
                fail("the label of %s (on the main map) runs over the second inset" % gid[6:])
    return n


def check_panels(graph, min_panels, min_base):
    """Small multiples: at least min_panels panels, each with min_base basemap polygons
    inside its box."""
    boxes = panel_boxes(graph)
    if len(boxes) < min_panels:
        fail("%d panels, expected at least %d" % (len(boxes), min_panels))
    polys = [numbers(e.get("points")) for e in list(graph)[1:] if e.tag == SVG + "polygon"]
    for pid, x0, y0, x1, y1 in boxes:
        k = sum(1 for v in polys if v and min(v[0::2]) >= x0 and max(v[0::2]) <= x1
                and min(v[1::2]) >= y0 and max(v[1::2]) <= y1)
        print("check_geo: %s: %d basemap polygons" % (pid, k))
        if k < min_base:
            fail("%s has %d basemap polygons inside its box, expected at least %d"
                 % (pid, k, min_base))


def main(argv):
    if not argv:
        fail("usage: check_geo.py MAP.svg [--min-labelled SHARE] [--min-basemap K]")
    path, min_lab, min_base, min_panels, max_disp = argv[0], None, 100, None, None
    want2 = "--inset2" in argv
    argv = [a for a in argv if a != "--inset2"]
    for i in range(1, len(argv), 2):
        if argv[i] == "--min-labelled":
            min_lab = float(argv[i + 1])
        elif argv[i] == "--min-basemap":
            min_base = int(argv[i + 1])
        elif argv[i] == "--min-panels":
            min_panels = int(argv[i + 1])
        elif argv[i] == "--max-displacement":
            max_disp = float(argv[i + 1])
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
    centres = {}
    drawn = []
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
        centres[(g.get("id") or "")[5:]] = (x, y)
        drawn.append((title, g, (x, y)))
        if not (vb[0] <= X <= vb[0] + vb[2] and vb[1] <= Y <= vb[1] + vb[3]):
            fail("node %s at (%.1f, %.1f) is off the %gx%g canvas" % (title, X, Y, vb[2], vb[3]))
        nid = (g.get("id") or "")[5:]
        if nid in placed or any("".join(t.itertext()).strip() for t in g.iter(SVG + "text")):
            labelled += 1
    if n == 0:
        fail("no entity nodes")
    base = sum(1 for e in graph if e.tag == SVG + "polygon") - 1
    share = labelled / n
    leaders = check_leaders(graph)
    print("check_geo: %d nodes on the canvas, %d labelled (%.0f%%), %d basemap polygons, "
          "%d leader lines (dashed)" % (n, labelled, 100 * share, base, leaders))
    if want2 and inset2_of(graph) is None:
        fail("the map has no second inset (data-inset2)")
    check_true_places(graph, drawn, max_disp)
    sides = check_inset_sides(graph, centres)
    print("check_geo: %d labels on their side of the insets' edges" % sides)
    if min_panels is not None:
        check_panels(graph, min_panels, min_base)
    elif base < min_base:
        fail("%d basemap polygons, expected at least %d" % (base, min_base))
    if min_lab is not None and share < min_lab:
        fail("%.0f%% of the nodes labelled, expected at least %.0f%%"
             % (100 * share, 100 * min_lab))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
