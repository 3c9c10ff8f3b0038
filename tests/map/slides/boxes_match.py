#!/usr/bin/python3
"""Do two PDFs of one map put every word in the same place? (issue 9: the PDF partnet
writes and the PDF a slide program makes of partnet's SVG must agree, so that what a
user pastes shows the labels where the SVG has them.)

Usage: boxes_match.py A.pdf B.pdf [--max-px D]

Word boxes come from `pdftotext -bbox` (poppler), scaled to the first page's width in
px of A. Each word of A is matched with the same text in B, nearest first; checked:
both have the same words (as multisets), and every matched pair's left and right edges
and vertical centre are within D px (default 2). Box heights are not compared: each
program pads the font's ascent and descent its own way. Prints the figures (words, max
and median offsets). Exit 0 on success, 1 with the worst word on failure.
"""
import re
import statistics
import subprocess
import sys


def fail(msg):
    print("boxes_match: FAIL: " + msg)
    sys.exit(1)


def words(pdf):
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], check=True,
                         capture_output=True).stdout.decode("utf-8")
    page = re.search(r'<page width="([0-9.]+)" height="([0-9.]+)"', out)
    if page is None:
        fail("%s: no page" % pdf)
    ws = []
    for m in re.finditer(r'<word xMin="([-0-9.]+)" yMin="([-0-9.]+)" xMax="([-0-9.]+)" '
                         r'yMax="([-0-9.]+)">([^<]*)</word>', out):
        x0, y0, x1, y1 = (float(m.group(i)) for i in range(1, 5))
        ws.append((m.group(5), x0, x1, (y0 + y1) / 2))
    return float(page.group(1)), ws


def main(argv):
    if len(argv) < 2:
        fail("usage: boxes_match.py A.pdf B.pdf [--max-px D]")
    a, b = argv[0], argv[1]
    limit = float(argv[argv.index("--max-px") + 1]) if "--max-px" in argv else 2.0
    wa, la = words(a)
    wb, lb = words(b)
    sb = wa / wb  # B's units to A's
    lb = [(t, x0 * sb, x1 * sb, y * sb) for t, x0, x1, y in lb]
    ta = sorted(t for t, *_ in la)
    tb = sorted(t for t, *_ in lb)
    if ta != tb:
        only_a = sorted(set(ta) - set(tb))[:5]
        only_b = sorted(set(tb) - set(ta))[:5]
        fail("the words differ: %d in %s, %d in %s; only in the first: %s; only in the "
             "second: %s" % (len(ta), a, len(tb), b, only_a, only_b))
    pool = {}
    for w in lb:
        pool.setdefault(w[0], []).append(w)
    offs, worst = [], (0.0, None)
    for t, x0, x1, y in la:
        cands = pool[t]
        k = min(range(len(cands)), key=lambda i: abs(cands[i][1] - x0) + abs(cands[i][3] - y))
        _, bx0, bx1, by = cands.pop(k)
        d = max(abs(bx0 - x0), abs(bx1 - x1), abs(by - y))
        offs.append(d)
        if d > worst[0]:
            worst = (d, "%r at (%.1f, %.1f) in the first, (%.1f, %.1f) in the second"
                     % (t, x0, y, bx0, by))
    med = statistics.median(offs) if offs else 0.0
    print("boxes_match: %d words, offset max %.2f px, median %.2f px (limit %g)"
          % (len(offs), worst[0], med, limit))
    if worst[0] > limit:
        fail("a word is %.2f px off (limit %g): %s" % (worst[0], limit, worst[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
