#!/usr/bin/python3
"""Medians of bench/vs_gt.sh's runs (bench/out/results/vs_gt.tsv) as a Markdown table:
per size, partnet analyse (and the older binary, if run) against graph-tool's seven
calls, wall and CPU seconds, the ratios partnet / graph-tool of the medians and, round
by round, of the wall times measured one right after the other.
Usage: /usr/bin/python3 bench/summarize_vs_gt.py vs_gt.tsv"""
import csv
import statistics
import sys
from collections import defaultdict


def main():
    runs = defaultdict(list)
    with open(sys.argv[1]) as f:
        for row in csv.DictReader(f, delimiter="\t"):
            runs[(int(row["size"]), row["contender"])].append(row)
    sizes = sorted({s for s, _ in runs})
    has_before = any(c == "before" for _, c in runs)

    def med(size, who, field):
        xs = [float(r[field]) for r in runs.get((size, who), [])]
        return statistics.median(xs) if xs else float("nan")

    head = "| institutions | rounds | partnet wall s | partnet CPU s |"
    if has_before:
        head += " before wall s | before CPU s |"
    head += (" graph-tool wall s | graph-tool CPU s | graph-tool process wall s | wall ratio |"
             " CPU ratio | wall ratio per round |")
    if has_before:
        head += " after / before wall | after / before CPU |"
    print(head)
    print("|" + "---:|" * (head.count("|") - 1))
    for s in sizes:
        pw, pc = med(s, "partnet", "wall"), med(s, "partnet", "cpu")
        gw, gc = med(s, "graph-tool", "wall"), med(s, "graph-tool", "cpu")
        line = "| %d | %d | %.3f | %.3f |" % (s, len(runs[(s, "partnet")]), pw, pc)
        if has_before:
            bw, bc = med(s, "before", "wall"), med(s, "before", "cpu")
            line += " %.3f | %.3f |" % (bw, bc)
        rounds = {r["round"]: float(r["wall"]) for r in runs[(s, "graph-tool")]}
        paired = ["%.2f" % (float(r["wall"]) / rounds[r["round"]])
                  for r in runs[(s, "partnet")] if rounds.get(r["round"], 0) > 0]
        line += " %.3f | %.3f | %.3f | %.2f | %.2f | %s |" % (
            gw, gc, med(s, "graph-tool", "process_wall"), pw / gw, pc / gc, ", ".join(paired))
        if has_before:
            line += " %.2f | %.2f |" % (pw / bw, pc / bc)
        print(line)


if __name__ == "__main__":
    main()
