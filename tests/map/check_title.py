#!/usr/bin/python3
"""The title band of a partnet map (issue 9): a long title or subtitle wraps, never widens
the canvas.

Usage: check_title.py MAP.svg WxH TITLE SUBTITLE [--cut]

Checks: the canvas is exactly WxH (width, height, viewBox); the title group (id
"map-title") and the subtitle group ("map-subtitle") hold one <text> per line, left-aligned
at the margin (x = 28, text-anchor start), each line no wider than the canvas less both
margins (Liberation Sans / Helvetica advance widths, bold 8% wider, 2% slack); the title is
bold (font-weight="bold" on the font stack, no "Bold" face name left in the SVG); the
lines read, joined by spaces, as the text given (the last may be cut with "…" at a word
or letter; --cut: the subtitle's must be); every map node lies below the last subtitle
line.
Exit 0 on success, 1 on the first failed check.
"""
import re
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
HELV = [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015,
        667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778,
        722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333,
        556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556,
        333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584]


def fail(msg):
    print("check_title: FAILED: " + msg)
    sys.exit(1)


def width(s, fs, bold):
    w = sum(HELV[ord(ch) - 32] if 32 <= ord(ch) <= 126 else 600 for ch in s)
    return w * fs / 1000.0 * (1.08 if bold else 1.0)


def lines_of(root, gid):
    for g in root.iter(SVG + "g"):
        if g.get("id") == gid:
            return list(g.iter(SVG + "text"))
    fail("no group %s" % gid)


def check_lines(texts, want, cw, bold, name):
    if not texts:
        fail("%s: no line" % name)
    for t in texts:
        if t.get("text-anchor") != "start" or abs(float(t.get("x")) - 28) > 0.5:
            fail("%s: line %r not left-aligned at the margin" % (name, t.text))
        w = width(t.text or "", float(t.get("font-size")), bold)
        if w > (cw - 56) * 1.02:
            fail("%s: line %r is %.0f wide, more than %.0f" % (name, t.text, w, cw - 56))
        if bold != (t.get("font-weight") == "bold"):
            fail("%s: line %r %s bold" % (name, t.text, "not" if bold else "is"))
    got = " ".join(t.text for t in texts)
    if got.endswith("…"):
        if not " ".join(want.split()).startswith(got[:-1].rstrip()):
            fail("%s: %r is not a start of the text" % (name, got))
    elif got != " ".join(want.split()):
        fail("%s: %r, expected %r" % (name, got, want))
    return got


def main():
    if len(sys.argv) not in (5, 6) or sys.argv[5:] not in ([], ["--cut"]):
        fail("usage: check_title.py MAP.svg WxH TITLE SUBTITLE [--cut]")
    path, size, title, subtitle = sys.argv[1:5]
    raw = open(path, encoding="utf-8").read()
    root = ET.fromstring(raw)
    cw, ch = (float(v) for v in size.split("x"))
    w = float(re.sub(r"(pt|px)$", "", root.get("width")))
    h = float(re.sub(r"(pt|px)$", "", root.get("height")))
    vb = [float(v) for v in root.get("viewBox").split()]
    if (w, h) != (cw, ch) or vb[2:] != [cw, ch]:
        fail("canvas %gx%g (viewBox %s), expected %s" % (w, h, vb, size))
    if " Bold\"" in raw:
        fail("a bold face name is left in the SVG")
    tl = lines_of(root, "map-title")
    sl = lines_of(root, "map-subtitle")
    check_lines(tl, title, cw, True, "title")
    got = check_lines(sl, subtitle, cw, False, "subtitle")
    if sys.argv[5:] == ["--cut"] and not got.endswith("…"):
        fail("the subtitle's last line is not cut: %r" % sl[-1].text)
    # y is negative from the canvas bottom in Graphviz's SVG: larger is lower
    last = max(float(t.get("y")) for t in sl) + 5
    for g in root.iter(SVG + "g"):
        cls = (g.get("class") or "").split()
        if "node" in cls and not ({"legend", "title", "label"} & set(cls)):
            for e in g.iter(SVG + "ellipse"):
                top = float(e.get("cy")) - float(e.get("ry"))
                if top < last:
                    fail("node %s reaches the subtitle (top %.1f above %.1f)" % (g.get("id"), top, last))
    print("check_title: ok: canvas %s, title %d line(s), subtitle %d line(s): %s"
          % (size, len(tl), len(sl), got[:80]))


main()
