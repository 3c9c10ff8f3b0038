#!/usr/bin/python3
"""Plant a defect in a map (issue 9's checkers must catch it).

Usage: plant.py move-node ID IN.svg OUT.svg   moves node ID's shapes 5000 px right
       plant.py drop-basemap IN.svg OUT.svg   removes the polygons drawn in the graph
       plant.py ungroup-outlines IN.svg OUT.svg   the outlines loose in the graph, as
                                              Graphviz draws _background (no group)
       plant.py move-onto ID TARGET IN.svg OUT.svg   moves node ID's shapes onto node
                                              TARGET's centre (into its outlines)
       plant.py solid-leaders IN.svg OUT.svg  draws the leader lines solid, like ties
       plant.py shift-node ID DX DY IN.svg OUT.svg   moves node ID's shape by (DX, DY)
                                              px, its leader line left where it was
       plant.py move-place ID DX DY IN.svg OUT.svg   moves node ID's true place (its
                                              data-place) by (DX, DY): the SVG lies
       plant.py move-inset2-area DX DY IN.svg OUT.svg   moves the area the second inset
                                              says it shows (data-inset2-area and its
                                              rectangle on the main map) by (DX, DY) px
       plant.py label-over-dot ID IN.svg OUT.svg   moves node ID's label onto the first
                                              dot at a true place (end of a leader line)
       plant.py label-over-inset2-area ID IN.svg OUT.svg   moves node ID's label onto the
                                              middle of the area the second inset shows
       plant.py group-name-onto ID IN.svg OUT.svg   moves the first group's name (its
                                              label node) onto node ID's centre
       plant.py rename-community N M IN.svg OUT.svg   community N's label (community map)
                                              takes community M's name: two share a name
       plant.py drop-key IN.svg OUT.svg       removes the legend rows "Community N: ..."
       plant.py squeeze F IN.svg OUT.svg      moves the community nodes and labels to F
                                              times their x (F < 1: the right part empty)
       plant.py drop-label ID IN.svg OUT.svg  removes node ID's label (and its leader line)
       plant.py copy-label A B IN.svg OUT.svg node A's label reads as node B's
       plant.py replace OLD NEW IN OUT        the first OLD in IN (any text file) becomes NEW
       plant.py swap-legend A B IN.svg OUT.svg   swaps the texts of legend rows A and B
       plant.py legend-name A B IN.svg OUT.svg   legend row A takes row B's community name
       plant.py stretch-leader F IN.svg OUT.svg   every leader line drawn F times as long
                                              (from its node's end)
       plant.py gather F IN.svg OUT.svg       moves every node's shape F of the way to the
                                              middle of the nodes (a crowded centre)
"""
import re
import sys


def main(argv):
    if argv[0] == "group-name-onto":
        ident, src, dst = argv[1], argv[2], argv[3]
        s = open(src, encoding="utf-8").read()
        a = s.index("<title>%s</title>" % ident.replace("-", "&#45;"))
        m = re.search(r'cx="([-0-9.]+)" cy="([-0-9.]+)"', s[a:])
        o = s.find('group&#45;name"')  # the name's label node (before: in the outline)
        t = s.index("<text", o if o >= 0 else s.index('class="outline"'))
        e = s.index(">", t)
        tag = re.sub(r' x="[-0-9.]+" y="[-0-9.]+"', ' x="%s" y="%s"' % (m.group(1), m.group(2)),
                     s[t:e])
        s = s[:t] + tag + s[e:]
        open(dst, "w", encoding="utf-8").write(s)
        return
    if argv[0] == "move-node":
        ident, src, dst = argv[1], argv[2], argv[3]
        s = open(src, encoding="utf-8").read()
        key = "<title>%s</title>" % ident.replace("-", "&#45;")
        a = s.index(key)
        b = s.index("</g>", s.index("</a>", a))
        block = re.sub(r'cx="([-0-9.]+)"', lambda m: 'cx="%.2f"' % (float(m.group(1)) + 5000),
                       s[a:b])
        s = s[:a] + block + s[b:]
    elif argv[0] == "drop-basemap":
        src, dst = argv[1], argv[2]
        lines = open(src, encoding="utf-8").read().split("\n")
        first = next(i for i, ln in enumerate(lines) if ln.startswith("<polygon"))
        end = next(i for i, ln in enumerate(lines) if i > first and ln.startswith("<!-- "))
        s = "\n".join(ln for i, ln in enumerate(lines)
                      if i <= first or i >= end or not ln.startswith("<polygon"))
    elif argv[0] == "ungroup-outlines":
        src, dst = argv[1], argv[2]
        s = open(src, encoding="utf-8").read()
        s = re.sub(r'<g id="group-[^"]*" class="outline">\n<title>[^<]*</title>\n'
                   r'((?:<polygon [^\n]*\n)?(?:<text [^\n]*\n)?)</g>\n', r"\1", s)
    elif argv[0] == "move-onto":
        ident, target, src, dst = argv[1], argv[2], argv[3], argv[4]
        s = open(src, encoding="utf-8").read()

        def block(ident):
            a = s.index("<title>%s</title>" % ident.replace("-", "&#45;"))
            return a, s.index("</g>", s.index("</a>", a))
        ta, tb = block(target)
        tx, ty = re.search(r'cx="([-0-9.]+)" cy="([-0-9.]+)"', s[ta:tb]).groups()
        a, b = block(ident)
        moved = re.sub(r'cx="[-0-9.]+" cy="[-0-9.]+"', 'cx="%s" cy="%s"' % (tx, ty), s[a:b])
        s = s[:a] + moved + s[b:]
    elif argv[0] == "solid-leaders":
        src, dst = argv[1], argv[2]
        s = re.sub(r' stroke-dasharray="[^"]*"', "", open(src, encoding="utf-8").read())
    elif argv[0] in ("shift-node", "move-place"):
        ident, dx, dy, src, dst = argv[1], float(argv[2]), float(argv[3]), argv[4], argv[5]
        s = open(src, encoding="utf-8").read()
        a = s.index('<g id="%s" ' % ("node-" + ident).replace("-", "&#45;"))
        b = s.index("</g>", s.index("</a>", a))
        if argv[0] == "shift-node":
            block = re.sub(r'cx="([-0-9.]+)" cy="([-0-9.]+)"',
                           lambda m: 'cx="%.2f" cy="%.2f"' % (float(m.group(1)) + dx,
                                                              float(m.group(2)) + dy), s[a:b])
        else:
            block = re.sub(r'data-place="([-0-9.]+),([-0-9.]+)"',
                           lambda m: 'data-place="%.2f,%.2f"' % (float(m.group(1)) + dx,
                                                                 float(m.group(2)) + dy),
                           s[a:b], count=1)
        if block == s[a:b]:
            sys.exit("plant.py: nothing to move in node " + ident)
        s = s[:a] + block + s[b:]
    elif argv[0] == "move-inset2-area":
        dx, dy, src, dst = float(argv[1]), float(argv[2]), argv[3], argv[4]
        s = open(src, encoding="utf-8").read()
        m = re.search(r'data-inset2-area="([^"]*)"', s)
        x0, y0, x1, y1 = [float(v) for v in m.group(1).split(",")]
        s = s[:m.start(1)] + "%.2f,%.2f,%.2f,%.2f" % (x0 + dx, y0 + dy, x1 + dx, y1 + dy) + \
            s[m.end(1):]

        def is_area(v):
            return len(v) == 10 and max(abs(a - b) for a, b in zip(
                sorted(set(v[0::2])) + sorted(set(v[1::2])), [x0, x1, y0, y1])) < 0.6

        def move(mm):
            v = [float(x) for x in mm.group(1).replace(",", " ").split()]
            if not is_area(v):
                return mm.group(0)
            return 'points="%s"' % " ".join("%.2f,%.2f" % (v[k] + dx, v[k + 1] + dy)
                                             for k in range(0, len(v), 2))
        t = re.sub(r'points="([^"]*)"', move, s)
        if t == s:
            sys.exit("plant.py: the second inset's area is not drawn")
        s = t
    elif argv[0] in ("label-over-dot", "label-over-inset2-area"):
        ident, src, dst = argv[1], argv[2], argv[3]
        s = open(src, encoding="utf-8").read()
        if argv[0] == "label-over-dot":
            dot = re.search(r'<polyline [^>]*stroke-dasharray[^>]*/>\n<ellipse [^>]*'
                            r'cx="([-0-9.]+)" cy="([-0-9.]+)" rx="2"', s)
            tx, ty = float(dot.group(1)), float(dot.group(2))
        else:
            x0, y0, x1, y1 = [float(v) for v in
                              re.search(r'data-inset2-area="([^"]*)"', s).group(1).split(",")]
            tx, ty = (x0 + x1) / 2, (y0 + y1) / 2
        a = s.index('<g id="%s" ' % ("label-" + ident).replace("-", "&#45;"))
        b = s.index("</g>", a)
        v = [float(x) for x in re.search(r'points="([^"]*)"', s[a:b]).group(1)
             .replace(",", " ").split()]
        dx = tx - (min(v[0::2]) + max(v[0::2])) / 2
        dy = ty - (min(v[1::2]) + max(v[1::2])) / 2

        def pts(m):
            q = [float(x) for x in m.group(1).replace(",", " ").split()]
            return 'points="%s"' % " ".join("%.2f,%.2f" % (q[k] + dx, q[k + 1] + dy)
                                             for k in range(0, len(q), 2))
        block = re.sub(r'points="([^"]*)"', pts, s[a:b])
        block = re.sub(r' x="([-0-9.]+)" y="([-0-9.]+)"',
                       lambda m: ' x="%.2f" y="%.2f"' % (float(m.group(1)) + dx,
                                                         float(m.group(2)) + dy), block)
        s = s[:a] + block + s[b:]
    elif argv[0] == "rename-community":
        n, m, src, dst = argv[1], argv[2], argv[3], argv[4]
        s = open(src, encoding="utf-8").read()

        def label(k):
            a = s.index('<g id="label&#45;community&#45;%s"' % k)
            return a, s.index("</g>", a)
        ma, mb = label(m)
        name = re.search(r">([^<]*)</text>", s[ma:mb]).group(1)
        a, b = label(n)
        s = s[:a] + re.sub(r">[^<]*</text>", ">%s</text>" % name, s[a:b], count=1) + s[b:]
    elif argv[0] == "drop-key":
        src, dst = argv[1], argv[2]
        s = open(src, encoding="utf-8").read()
        rows = re.findall(r'<g id="legend&#45;text&#45;(\d+)"[^>]*>\n<title>[^<]*</title>\n'
                          r'<text [^>]*>Community \d+:', s)
        for k in rows:
            for part in ("text", "marker"):
                s = re.sub(r'<g id="legend&#45;%s&#45;%s"[^>]*>.*?</g>\n' % (part, k), "", s,
                           flags=re.S)
    elif argv[0] == "squeeze":
        f, src, dst = float(argv[1]), argv[2], argv[3]
        s = open(src, encoding="utf-8").read()

        def squeeze(m):
            block = re.sub(r'\b(c?x)="([-0-9.]+)"',
                           lambda a: '%s="%.2f"' % (a.group(1), float(a.group(2)) * f), m.group(0))
            return re.sub(r'points="([^"]*)"', lambda a: 'points="%s"' % " ".join(
                "%.2f,%s" % (float(p.split(",")[0]) * f, p.split(",")[1])
                for p in a.group(1).split()), block)
        s = re.sub(r'<g id="(?:label&#45;)?community&#45;\d+" class="node[^"]*">.*?</g>\n',
                   squeeze, s, flags=re.S)
    elif argv[0] == "stretch-leader":
        f, src, dst = float(argv[1]), argv[2], argv[3]
        s = open(src, encoding="utf-8").read()

        def stretch(m):
            def path(a):
                v = [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", a.group(1))]
                x0, y0 = v[0], v[1]
                pts = ["%.2f,%.2f" % (x0 + f * (x - x0), y0 + f * (y - y0))
                       for x, y in zip(v[0::2], v[1::2])]
                return ' d="M%sC%s"' % (pts[0], " ".join(pts[1:]))
            return re.sub(r' d="([^"]*)"', path, m.group(0))
        s = re.sub(r'<g id="leader[^"]*" class="edge leader">.*?</g>', stretch, s, flags=re.S)
    elif argv[0] == "gather":
        f, src, dst = float(argv[1]), argv[2], argv[3]
        s = open(src, encoding="utf-8").read()
        node = r'<g id="node&#45;[^"]*" class="node (?:institution|alliance|network)[^"]*">.*?</g>\n</g>\n'
        cs = [(float(a), float(b)) for a, b in re.findall(r'<ellipse[^>]*cx="([-0-9.]+)" cy="([-0-9.]+)"', s)]
        mx, my = sum(x for x, _ in cs) / len(cs), sum(y for _, y in cs) / len(cs)

        def move(x, y):
            return x + f * (mx - x), y + f * (my - y)

        def gather(m):
            block = m.group(0)
            e = re.search(r'cx="([-0-9.]+)" cy="([-0-9.]+)"', block)
            if e:
                x0, y0 = float(e.group(1)), float(e.group(2))
            else:  # a polygon or path: the middle of its box
                d = re.search(r' (?:points|d)="([^"]*)"', block).group(1)
                pts = [(float(a), float(b)) for a, b in re.findall(r'([-0-9.]+),([-0-9.]+)', d)]
                x0 = (min(x for x, _ in pts) + max(x for x, _ in pts)) / 2
                y0 = (min(y for _, y in pts) + max(y for _, y in pts)) / 2
            nx, ny = move(x0, y0)
            dx, dy = nx - x0, ny - y0
            block = re.sub(r'cx="([-0-9.]+)" cy="([-0-9.]+)"', lambda a: 'cx="%.2f" cy="%.2f"' % (
                float(a.group(1)) + dx, float(a.group(2)) + dy), block)
            return re.sub(r' (points|d)="([^"]*)"', lambda a: ' %s="%s"' % (a.group(1), re.sub(
                r'([-0-9.]+),([-0-9.]+)', lambda q: "%.2f,%.2f" % (float(q.group(1)) + dx,
                                                                 float(q.group(2)) + dy),
                a.group(2))), block)
        s = re.sub(node, gather, s, flags=re.S)

        def shrink(m):  # the outlines by the same map: members stay inside
            return re.sub(r'points="([^"]*)"', lambda a: 'points="%s"' % " ".join(
                "%.2f,%.2f" % move(*(float(v) for v in pt.split(","))) for pt in a.group(1).split()),
                m.group(0))
        s = re.sub(r'<g id="group-[^"]*" class="outline">.*?</g>', shrink, s, flags=re.S)
    elif argv[0] == "drop-label":
        ident, src, dst = argv[1].replace("-", "&#45;"), argv[2], argv[3]
        s = open(src, encoding="utf-8").read()
        for kind in ("label", "leader"):
            s = re.sub(r'<g id="%s&#45;%s" class="[^"]*">.*?</g>\n' % (kind, re.escape(ident)),
                       "", s, count=1, flags=re.S)
    elif argv[0] == "replace":
        old, new, src, dst = argv[1], argv[2], argv[3], argv[4]
        s = open(src, encoding="utf-8").read()
        if old not in s:
            sys.exit("plant.py: %r not in %s" % (old, src))
        s = s.replace(old, new, 1)
    elif argv[0] == "copy-label":
        a_id, b_id, src, dst = argv[1], argv[2], argv[3], argv[4]
        s = open(src, encoding="utf-8").read()

        def label(ident):
            a = s.index('<g id="label&#45;%s"' % ident.replace("-", "&#45;"))
            return a, s.index("</g>", a)
        ba, bb = label(b_id)
        words = re.findall(r">([^<]*)</text>", s[ba:bb])
        a, b = label(a_id)
        lines = iter(words + [""] * 10)
        block = re.sub(r">[^<]*</text>", lambda m: ">%s</text>" % next(lines), s[a:b])
        s = s[:a] + block + s[b:]
    elif argv[0] in ("swap-legend", "legend-name"):
        ra, rb, src, dst = argv[1], argv[2], argv[3], argv[4]
        s = open(src, encoding="utf-8").read()

        def row(k):
            a = s.index('<g id="legend&#45;text&#45;%s"' % k)
            m = re.compile(r"(<text [^>]*>)([^<]*)(</text>)").search(s, a)
            return m
        ma, mb = row(ra), row(rb)
        ta, tb = ma.group(2), mb.group(2)
        if argv[0] == "legend-name":  # "Community A: NAME-B (SIZE-A)"
            name_b = re.match(r"Community \d+: (.*) \(\d+\)$", tb).group(1)
            tb = re.sub(r"^(Community \d+: ).*( \(\d+\))$",
                        lambda m: m.group(1) + name_b + m.group(2), ta)
            s = s[:ma.start(2)] + tb + s[ma.end(2):]
        else:
            first, second = (ma, mb) if ma.start() < mb.start() else (mb, ma)
            t1, t2 = first.group(2), second.group(2)
            s = s[:first.start(2)] + t2 + s[first.end(2):second.start(2)] + t1 + s[second.end(2):]
    else:
        sys.exit("plant.py: unknown defect " + argv[0])
    open(dst, "w", encoding="utf-8").write(s)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
