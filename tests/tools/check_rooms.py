#!/usr/bin/python3
"""Checks the doors between the rooms of src/ (docs/architecture.md).

Rules:
  1. Rooms are ordered cli > out > map > net > model > base: a file may include headers of its
     own room and of rooms below it only (no upward door, no sideways door between peers).
  2. Each library has one door: <igraph.h> only in net/; <gvc.h> and <cgraph.h> only in
     map/draw.c; <yaml.h> only in model/loader.c and model/yaml_ahead.c; <pango/pangocairo.h> only in map/font.c;
     <librsvg/rsvg.h>, <rsvg.h>, <cairo.h>, <cairo-pdf.h> only in out/raster.c; <csv.h> only in
     model/import_csv.c.
  3. A room's private header (*_int.h) is included from that room only.
  4. src/main.c includes cli/cli.h only.
Usage: tests/tools/check_rooms.py [SRC_DIR]   (default: src). Exit 1 and one line per
broken rule; exit 0 with a summary line when every door is right.
"""
import os
import re
import sys

ORDER = ["base", "model", "net", "map", "out", "cli"]
LIBRARY_DOORS = {
    "igraph.h": lambda f: f.startswith("net/"),
    "gvc.h": lambda f: f == "map/draw.c",
    "cgraph.h": lambda f: f == "map/draw.c",
    "yaml.h": lambda f: f in ("model/loader.c", "model/yaml_ahead.c"),
    "pango/pangocairo.h": lambda f: f == "map/font.c",
    "librsvg/rsvg.h": lambda f: f == "out/raster.c",
    "csv.h": lambda f: f == "model/import_csv.c",
    "rsvg.h": lambda f: f == "out/raster.c",
    "cairo.h": lambda f: f == "out/raster.c",
    "cairo-pdf.h": lambda f: f == "out/raster.c",
}
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def check(root):
    problems, files, doors = [], 0, 0
    for d, _, names in sorted(os.walk(root)):
        for name in sorted(names):
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(d, name)
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            room = rel.split("/")[0] if "/" in rel else None
            files += 1
            for n, line in enumerate(open(path, encoding="utf-8"), 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                kind, target = m.groups()
                where = "%s:%d" % (rel, n)
                if kind == "<":
                    rule = LIBRARY_DOORS.get(os.path.basename(target))
                    if rule is not None and not rule(rel):
                        problems.append("%s: <%s> outside its one door" % (where, target))
                    continue
                doors += 1
                if rel == "main.c":
                    if target != "cli/cli.h":
                        problems.append("%s: main.c includes %s (only cli/cli.h)" % (where, target))
                    continue
                if "/" not in target:
                    problems.append("%s: \"%s\" does not name its room" % (where, target))
                    continue
                troom = target.split("/")[0]
                if troom not in ORDER or room not in ORDER:
                    problems.append("%s: unknown room in \"%s\"" % (where, target))
                    continue
                if ORDER.index(troom) > ORDER.index(room):
                    problems.append("%s: %s includes %s, a room above it" % (where, room, target))
                elif target.endswith("_int.h") and troom != room:
                    problems.append("%s: private header %s used outside %s/" % (where, target, troom))
    return problems, files, doors


def main(argv):
    root = argv[0] if argv else "src"
    problems, files, doors = check(root)
    for p in problems:
        print("FAIL: " + p)
    if problems:
        print("%d broken door(s)" % len(problems))
        return 1
    print("rooms: %d files, %d includes, every door points down" % (files, doors))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
