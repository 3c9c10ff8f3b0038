#!/usr/bin/env bash
# User text reaches the SVG as written (issue 13): Graphviz expands \N, \G, \E, \T, \H and
# \L in labels and tooltips (titles and the legend too), and decodes '&' entities.
# Before, a title 'Map \G of A & B' rendered as 'Map Map \G of A &amp; B of A & B' and an
# internal node name ('legend:1:t') leaked into the legend. Renders hostile names and a
# hostile title, parses the SVG as XML and compares the texts with the input.
# Usage: gv_escapes.sh PARTNET WORK_DIR PYTHON3
set -euo pipefail
partnet=$1 work=$2 py=$3
rm -rf "$work"; mkdir -p "$work"; cd "$work"
cat > net.yaml <<'YAML'
title: 'Map \G of A & B \N\E\T\H\L\\ &amp; end\'
institutions:
  - id: a
    name: 'A\N&<b>'
    type: university
  - id: b
    name: 'B\G\L\\x\'
    type: university
  - id: c
    name: 'C&#92;N\E'
    type: laboratory
ties:
  - between: [a, b]
    type: 'tie \E\T\H'
  - between: [b, c]
YAML
for fmt in full alliance; do
    "$partnet" render --quiet --view $fmt -o $fmt.svg net.yaml 2>/dev/null
done
"$partnet" render --quiet --title 'Title \G\N & x\' -o titled.svg net.yaml 2>/dev/null
"$py" - <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"s": "http://www.w3.org/2000/svg", "x": "http://www.w3.org/1999/xlink"}
names = {"a": "A\\N&<b>", "b": "B\\G\\L\\\\x\\", "c": "C&#92;N\\E"}
title = "Map \\G of A & B \\N\\E\\T\\H\\L\\\\ &amp; end\\"
fail = []
def texts(path):
    root = ET.parse(path).getroot()
    return root, ["".join(t.itertext()) for t in root.iter("{%s}text" % ns["s"])]
root, tx = texts("full.svg")
if title not in tx:
    fail.append("full.svg: the title %r is not a text; texts: %r" % (title, tx[:3]))
for nid, name in names.items():
    if name not in tx:
        fail.append("full.svg: the label %r is missing; texts: %r" % (name, tx))
    tips = [a.get("{%s}title" % ns["x"]) for g in root.iter("{%s}g" % ns["s"])
            if g.get("id", "").endswith(nid) for a in g.iter("{%s}a" % ns["s"])]
    if not any(t and t.split("\n")[0] == name for t in tips):
        fail.append("full.svg: no tooltip of %s starts with %r: %r" % (nid, name, tips))
etips = [a.get("{%s}title" % ns["x"]) or "" for a in root.iter("{%s}a" % ns["s"])]
if not any(t.endswith("\ntie \\E\\T\\H") for t in etips):
    fail.append("full.svg: no tie tooltip ends with the tie type: %r" % etips)
for t in tx + etips:
    if "legend:" in t or "Map Map" in t:
        fail.append("an internal name or an expansion leaked: %r" % t)
legend = [t for t in tx if t.startswith("Community")]
if not any(n in t for t in legend for n in names.values()):
    fail.append("full.svg: the community legend names no member as written: %r" % legend)
_, tx = texts("titled.svg")
if "Title \\G\\N & x\\" not in tx:
    fail.append("titled.svg: --title not kept: %r" % tx[:2])
_, tx = texts("alliance.svg")
for t in tx:
    if "legend:" in t or "Map Map" in t:
        fail.append("alliance.svg: leaked: %r" % t)
print("\n".join("FAIL: " + f for f in fail) or "ok: every text as written")
sys.exit(1 if fail else 0)
PY
