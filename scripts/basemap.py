#!/usr/bin/python3
"""Build partnet's basemap (data/basemap/world.txt) from Natural Earth.

Source: the npm package world-atlas, version 2.0.2 (Natural Earth admin-0
countries as TopoJSON; Natural Earth is in the public domain, world-atlas is
ISC-licensed). Countries whose mainland (largest ring) is centred in Europe come from the
1:50m file, the rest of the world from the 1:110m file; rings are simplified
(Douglas-Peucker) and written in 1/100 degree.

Usage: scripts/basemap.py [-o data/basemap/world.txt] [--package world-atlas-2.0.2.tgz]
Without --package it runs `npm pack world-atlas@2.0.2` in a temporary directory.
Same package, same bytes.

Format (read by src/map/geo.c, compiled into the binary by CMakeLists.txt):
'#' lines are comments; every other line is one ring of a country's outline:
"<country id> <n> <lon0> <lat0> <dlon1> <dlat1> ..." with the first point in
1/100 degree and each next one as the difference from the previous.
"""
import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile

VERSION = "2.0.2"
EUROPE = (-25.0, 34.0, 50.0, 72.0)  # lon0, lat0, lon1, lat1
TOL_50M = 0.04   # degrees
TOL_110M = 0.15


def load_package(path):
    with tarfile.open(path) as t:
        return {n: json.load(t.extractfile("package/" + n))
                for n in ("countries-50m.json", "countries-110m.json")}


def decode_arcs(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        out.append(pts)
    return out


def ring_points(ring, arcs):
    pts = []
    for i in ring:
        a = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        pts.extend(a if not pts else a[1:])
    return pts


def simplify(pts, tol):
    """Douglas-Peucker, iterative; keeps the first and last point."""
    if len(pts) < 4:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = pts[a], pts[b]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5
        best, idx = -1.0, -1
        for i in range(a + 1, b):
            px, py = pts[i]
            if norm == 0:
                d = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            else:
                d = abs(dy * px - dx * py + bx * ay - by * ax) / norm
            if d > best:
                best, idx = d, i
        if idx >= 0 and best > tol:
            keep[idx] = True
            stack.append((a, idx))
            stack.append((idx, b))
    return [p for p, k in zip(pts, keep) if k]


def country_rings(geom, arcs):
    polys = geom.get("arcs", [])
    if geom["type"] == "Polygon":
        polys = [polys]
    elif geom["type"] != "MultiPolygon":
        return []
    return [ring_points(r, arcs) for poly in polys for r in poly]


def in_europe(rings):
    """Is the country's largest ring (its mainland: France without French Guiana, the
    Netherlands without the Caribbean) centred in Europe?"""
    def box(r):
        xs, ys = [p[0] for p in r], [p[1] for p in r]
        return (max(xs) - min(xs)) * (max(ys) - min(ys))
    main = max(rings, key=box)
    xs = [p[0] for p in main]
    ys = [p[1] for p in main]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return EUROPE[0] <= cx <= EUROPE[2] and EUROPE[1] <= cy <= EUROPE[3]


def collect(pkg):
    """{country id: (rings, tolerance)}: Europe from 1:50m, the rest from 1:110m."""
    chosen = {}
    for name, europe in (("countries-110m.json", False), ("countries-50m.json", True)):
        topo = pkg[name]
        arcs = decode_arcs(topo)
        for k, g in enumerate(topo["objects"]["countries"]["geometries"]):
            cid = g.get("id") or "x%d" % k
            rings = country_rings(g, arcs)
            if not rings or in_europe(rings) != europe:
                continue
            chosen[cid] = (rings, TOL_50M if europe else TOL_110M)
    return chosen


def write(chosen, out):
    out.write("# partnet basemap: Natural Earth admin-0 countries (public domain) from the\n"
              "# npm package world-atlas@%s: Europe from 1:50m, elsewhere 1:110m.\n"
              "# Written by scripts/basemap.py; see that script for the format.\n" % VERSION)
    n_rings = n_pts = 0
    for cid in sorted(chosen):
        rings, tol = chosen[cid]
        for r in rings:
            q = []
            for x, y in simplify(r, tol):
                p = (round(x * 100), round(y * 100))
                if not q or q[-1] != p:
                    q.append(p)
            if len(q) < 4:
                continue
            vals = [q[0][0], q[0][1]]
            for (x0, y0), (x1, y1) in zip(q, q[1:]):
                vals += [x1 - x0, y1 - y0]
            out.write("%s %d %s\n" % (cid, len(q), " ".join(map(str, vals))))
            n_rings += 1
            n_pts += len(q)
    return n_rings, n_pts


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-o", "--output", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "data", "basemap", "world.txt"))
    ap.add_argument("--package", help="world-atlas-%s.tgz (default: npm pack it)" % VERSION)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pkg_path = a.package
        if pkg_path is None:
            subprocess.run(["npm", "pack", "--silent", "world-atlas@" + VERSION], cwd=tmp,
                           check=True, stdout=subprocess.DEVNULL)
            pkg_path = os.path.join(tmp, "world-atlas-%s.tgz" % VERSION)
        pkg = load_package(pkg_path)
    chosen = collect(pkg)
    with open(a.output, "w", encoding="ascii", newline="\n") as out:
        n_rings, n_pts = write(chosen, out)
    print("basemap: %d countries, %d rings, %d points -> %s (%d bytes)"
          % (len(chosen), n_rings, n_pts, a.output, os.path.getsize(a.output)))


if __name__ == "__main__":
    sys.exit(main())
