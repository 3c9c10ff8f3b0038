#!/usr/bin/python3
"""The backbone of a large full map (issue 9).

Usage: check_backbone.py MAP.svg METRICS.csv [--max-nodes K] [--nodes N] [--subtitle TEXT]
                         [--top N] [--metric NAME]

METRICS.csv is `partnet analyse --format csv` of the same network (the ranking read
independently of the map). Checks, where given:
--max-nodes K    at most K entity nodes are drawn (class "node <kind>")
--nodes N        exactly N entity nodes are drawn (--backbone all: every node)
--subtitle TEXT  the subtitle (the second <text> of the title block) contains TEXT
--top N          the N first by --metric (a column of the CSV; default pagerank) are all
                 drawn and all labelled (a group "label-<id>")
Exit 0 on success, 1 on the first failed check.
"""
import csv
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
KINDS = {"institution", "alliance", "network"}


def fail(msg):
    print("check_backbone: FAIL: " + msg)
    sys.exit(1)


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        print(__doc__)
        sys.exit(2)
    svg, metrics = args.pop(0), args.pop(0)
    opt = {"--metric": "pagerank"}
    while args:
        k = args.pop(0)
        if not args:
            fail("option %s needs a value" % k)
        opt[k] = args.pop(0)
    root = ET.parse(svg).getroot()
    nodes, labels, texts = set(), set(), []
    for g in root.iter(SVG + "g"):
        cls = set((g.get("class") or "").split())
        title = g.find(SVG + "title")
        name = title.text if title is not None else ""
        if "node" in cls and cls & KINDS:
            nodes.add(name)
        elif "node" in cls and "label" in cls and name.startswith("label:"):
            labels.add(name[len("label:"):])
    texts = ["".join(t.itertext()) for t in root.iter(SVG + "text")]
    subtitle = next((t for t in texts if " nodes" in t), "")
    print("check_backbone: %d nodes, %d labels; %s" % (len(nodes), len(labels), subtitle[:160]))
    if "--max-nodes" in opt and len(nodes) > int(opt["--max-nodes"]):
        fail("%d nodes drawn, expected at most %s" % (len(nodes), opt["--max-nodes"]))
    if "--nodes" in opt and len(nodes) != int(opt["--nodes"]):
        fail("%d nodes drawn, expected %s" % (len(nodes), opt["--nodes"]))
    if "--subtitle" in opt and not any(opt["--subtitle"] in t for t in texts):
        fail("no text contains %r" % opt["--subtitle"])
    if "--top" in opt:
        n = int(opt["--top"])
        with open(metrics, newline="") as f:
            rows = [r for r in csv.DictReader(f) if r[opt["--metric"]] != "nan"]
        rows.sort(key=lambda r: -float(r[opt["--metric"]]))
        top = [r["id"] for r in rows[:n]]
        missing = [i for i in top if i not in nodes]
        if missing:
            fail("%d of the top %d by %s are not drawn: %s" % (len(missing), n, opt["--metric"],
                                                               ", ".join(missing)))
        unlabelled = [i for i in top if i not in labels]
        if unlabelled:
            fail("%d of the top %d by %s have no label: %s" % (len(unlabelled), n,
                                                               opt["--metric"],
                                                               ", ".join(unlabelled)))
    print("check_backbone: ok")


if __name__ == "__main__":
    main()
