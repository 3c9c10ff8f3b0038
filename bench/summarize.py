#!/usr/bin/python3
"""Turn the logs of bench/run.sh (bench/out/results/) into Markdown tables.

Usage: /usr/bin/python3 bench/summarize.py RESULTS_DIR
"""

import glob
import os
import re
import sys


def read(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return None


def timeline(text):
    """The TIME line run.sh appends: (elapsed, maxrss_kb, status)."""
    m = re.search(r"TIME elapsed=([\d.]+) maxrss_kb=(\d+) status=(-?\d+)", text or "")
    return (float(m.group(1)), int(m.group(2)), int(m.group(3))) if m else (None, None, None)


def phases(text):
    """pn_phases lines: {name: (seconds, maxrss_kb)}."""
    return {m.group(1): (float(m.group(2)), int(m.group(3)))
            for m in re.finditer(r"^phase (\S+)\s+([\d.]+) maxrss_kb (\d+)", text or "", re.M)}


def steps(text):
    """igraph_bare / nx_job lines: {name: (seconds, estimated)}."""
    return {m.group(1): (float(m.group(2)), m.group(3) is not None)
            for m in re.finditer(r"^step (\S+)\s+([\d.]+)( est)?", text or "", re.M)}


def fmt_s(x, est=False):
    if x is None:
        return "-"
    s = "%.3f" % x if x < 10 else "%.1f" % x
    return ("~" + s) if est else s


def fmt_mb(kb):
    return "-" if kb is None else "%.0f" % (kb / 1024.0)


def ratio(a, b):
    return "-" if a is None or b is None or b == 0 else "%.2f" % (a / b)


def main():
    res = sys.argv[1] if len(sys.argv) > 1 else "bench/out/results"
    machine = read(os.path.join(res, "machine.txt")) or ""
    print("Measured %s" % " · ".join(machine.strip().splitlines()))
    sizes = sorted({int(m.group(1)) for p in glob.glob(os.path.join(res, "n*-*.txt"))
                    for m in [re.match(r"n(\d+)-", os.path.basename(p))] if m})
    ratios = []
    for n in sizes:
        def f(name):
            return read(os.path.join(res, "n%d-%s.txt" % (n, name)))
        bare = []
        for r in (1, 2, 3):
            m = re.search(r"total_s=([\d.]+) maxrss_kb=(\d+)", f("yaml_bare-%d" % r) or "")
            if m:
                bare.append((float(m.group(1)), int(m.group(2))))
        loads = [phases(f("load-%d" % r)) for r in (1, 2, 3)]
        loads = [p for p in loads if "load" in p]
        load = min((p["load"] for p in loads), default=(None, None))
        build = min((p["build"] for p in loads if "build" in p), default=(None, None))
        bare_best = min(bare, default=(None, None))
        ph = phases(f("phases"))
        ph_time = timeline(f("phases"))
        for r in range(2, 10):
            more = phases(f("phases-%d" % r))
            if "analysis" in more and "analysis" in ph and more["analysis"][0] < ph["analysis"][0]:
                ph["analysis"] = more["analysis"]
        ib_runs = [x for x in (f("igraph_bare-%d" % r) for r in range(1, 10)) if x]
        ib_runs = [(float(m.group(1)), m.group(2) is not None, x) for x in ib_runs
                   for m in [re.search(r"^total ([\d.]+)( est)?", x, re.M)] if m]
        ib_best = min(ib_runs, default=None)
        ib = steps(ib_best[2]) if ib_best else {}
        ib_total = ib_best
        ib_time = timeline(ib_best[2]) if ib_best else (None, None, None)
        rep = timeline(f("report"))
        nx = f("nx")
        nx_total = re.search(r"^total ([\d.]+)( \(lower bound\))?", nx or "", re.M)
        nx_to = re.search(r"^timeout ([\d.]+) during (\S+)", nx or "", re.M)
        nxs = f("nx_sample")
        nx_est = re.search(r"^total_est ([\d.]+)", nxs or "", re.M)
        nx_time = timeline(nx)
        nx_steps = steps(nx)
        nx_steps.update({k: v for k, v in steps(nxs).items() if k not in nx_steps})

        print("\n### %d institutions\n" % n)
        info = re.search(r"^info nodes=(\d+) edges=(\d+)", f("load-1") or "", re.M)
        if info:
            print("Graph: %s nodes, %s edges. YAML file: %s bytes.\n" % (
                info.group(1), info.group(2),
                (re.search(r"bytes=(\d+)", f("yaml_bare-1") or "") or [None, "?"])[1]))
        print("| Phase | partnet s | partnet peak RSS MB | baseline | baseline s | ratio |")
        print("|---|---:|---:|---|---:|---:|")
        print("| load + validate | %s | %s | bare libyaml event parse | %s | %s |" % (
            fmt_s(load[0]), fmt_mb(load[1]), fmt_s(bare_best[0]), ratio(load[0], bare_best[0])))
        print("| build graph | %s | %s | | | |" % (fmt_s(build[0]), fmt_mb(build[1])))
        est = ib_total is not None and ib_total[1]
        for k in ("degree", "strength", "betweenness", "harmonic", "closeness", "eigenvector",
                  "pagerank", "constraint", "coreness", "clustering", "cut-points", "components",
                  "diameter", "avg-path", "transitivity", "communities", "modularity",
                  "assortativity"):
            if k in ib:
                nxv = nx_steps.get(k)
                print("| . %s | | | bare igraph call (NetworkX) | %s (%s) | |" % (
                    k, fmt_s(ib[k][0], ib[k][1]), fmt_s(nxv[0], nxv[1]) if nxv else "-"))
        an = ph.get("analysis")
        print("| analysis, all metrics + communities | %s | %s | bare igraph, same calls | %s | %s |"
              % (fmt_s(an[0]) if an else "-", fmt_mb(an[1]) if an else "-",
                 fmt_s(ib_total[0], est) if ib_total else "-",
                 ratio(an[0] if an else None, ib_total[0] if ib_total else None)))
        r = ph.get("report")
        print("| report text (CSV, JSON, Markdown) | %s | %s | | | |" % (
            fmt_s(r[0]) if r else "-", fmt_mb(r[1]) if r else "-"))
        rd = ph.get("render")
        if rd:
            print("| render (%s) | %s | %s | NetworkX + pygraphviz sfdp | %s | |" % (
                "map, no metrics" if an is None else "map", fmt_s(rd[0]), fmt_mb(rd[1]),
                fmt_s(nx_steps["render"][0]) if "render" in nx_steps else "-"))
        elif ph_time[2] == 124:
            print("| render | > time limit (%s s in all) | | | | |" % fmt_s(ph_time[0]))
        e2e_base = "-"
        e2e_ratio = "-"
        if nx_total:
            lower = nx_total.group(2) is not None
            nxt = float(nx_total.group(1))
            e2e_base = ("> %s (limit hit during %s)" % (fmt_s(nxt), nx_to.group(2))
                        if lower and nx_to else fmt_s(nxt))
            if rep[0] is not None and rep[2] == 0:
                e2e_ratio = ("> %s" if lower else "%s") % ratio(nxt, rep[0])
                if lower and nx_est:
                    e2e_base += "; ~%s estimated" % fmt_s(float(nx_est.group(1)))
                    e2e_ratio += " (~%s est)" % ratio(float(nx_est.group(1)), rep[0])
        if rep[0] is not None:
            print("| end to end `partnet report` | %s%s | %s | NetworkX job | %s | NX/partnet %s |"
                  % (fmt_s(rep[0]), "" if rep[2] == 0 else " (status %d)" % rep[2],
                     fmt_mb(rep[1]), e2e_base, e2e_ratio))
        if nx_time[1]:
            print("\nNetworkX job peak RSS: %s MB." % fmt_mb(nx_time[1]))
        if ib_time[1]:
            print("bare igraph peak RSS: %s MB; bare libyaml peak RSS: %s MB." % (
                fmt_mb(ib_time[1]), fmt_mb(bare_best[1])))
        ratios.append((n, ratio(load[0], bare_best[0]),
                       ratio(an[0] if an else None, ib_total[0] if ib_total else None),
                       e2e_ratio))

    print("\n### Ratios (same run)\n")
    print("| Size | load / bare libyaml (goal <= 1.5) | analysis / bare igraph (goal <= 1.2) "
          "| NetworkX / partnet end to end (goal >= 20 at 10k) |")
    print("|---:|---:|---:|---:|")
    for n, a, b, c in ratios:
        print("| %d | %s | %s | %s |" % (n, a, b, c))

    sweep = []
    for p in glob.glob(os.path.join(res, "sweep-n*.txt")) + \
            glob.glob(os.path.join(res, "n*-igraph_bare-1.txt")):
        n = int(re.search(r"n(\d+)", os.path.basename(p)).group(1))
        st = steps(read(p)).get("betweenness")
        g = re.search(r"nodes=(\d+) edges=(\d+)", read(p) or "")
        if st and g:
            sweep.append((n, int(g.group(1)), int(g.group(2)), st))
    if sweep:
        print("\n### Exact weighted betweenness (igraph_betweenness, 1/w distances)\n")
        print("| Institutions | nodes | edges | seconds |")
        print("|---:|---:|---:|---:|")
        for n, nv, ne, st in sorted(set(sweep)):
            print("| %d | %d | %d | %s |" % (n, nv, ne, fmt_s(st[0], st[1])))


if __name__ == "__main__":
    main()
