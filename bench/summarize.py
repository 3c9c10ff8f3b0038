#!/usr/bin/python3
"""Turn the logs of bench/run.sh (bench/out/results/) into Markdown tables.

Usage: /usr/bin/python3 bench/summarize.py [RESULTS_DIR]

Times are CPU seconds of the process (steady when other jobs share the
machine); wall seconds are given beside them. Ratios use CPU time.
"""

import glob
import math
import os
import re
import sys

METRIC_STEPS = ("degree", "strength", "betweenness", "harmonic", "closeness", "eigenvector",
                "pagerank", "constraint", "coreness", "clustering", "cut-points", "components",
                "diameter", "avg-path", "transitivity", "communities", "modularity",
                "assortativity")


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
    """pn_phases lines: {name: (cpu, wall, maxrss_kb)}."""
    return {m.group(1): (float(m.group(2)), float(m.group(3)), int(m.group(4)))
            for m in re.finditer(r"^phase (\S+)\s+([\d.]+) wall\s+([\d.]+) maxrss_kb (\d+)",
                                 text or "", re.M)}


def steps(text):
    """igraph_bare / nx_job lines: {name: (cpu, wall, estimated)}."""
    return {m.group(1): (float(m.group(2)), float(m.group(3)), m.group(4) is not None)
            for m in re.finditer(r"^step (\S+)\s+([\d.]+) wall\s+([\d.]+)( est)?", text or "",
                                 re.M)}


def total(text):
    """(cpu, wall, estimated or lower bound) of a "total" line."""
    m = re.search(r"^total ([\d.]+) wall ([\d.]+)( est| \(lower bound\))?", text or "", re.M)
    return (float(m.group(1)), float(m.group(2)), m.group(3)) if m else None


def fmt_s(x, est=False):
    if x is None:
        return "-"
    s = "%.3f" % x if x < 10 else "%.1f" % x
    return ("~" + s) if est else s


def fmt_mb(kb):
    return "-" if kb is None else "%.0f" % (kb / 1024.0)


def ratio(a, b):
    return "-" if a is None or b is None or b == 0 else "%.2f" % (a / b)


def best(items, key=lambda x: x[0]):
    items = [x for x in items if x is not None]
    return min(items, key=key) if items else None


def size_table(res, n, out):
    def f(name):
        return read(os.path.join(res, "n%d-%s.txt" % (n, name)))

    bare = []
    for r in range(1, 10):
        m = re.search(r"bytes=(\d+) .*wall_s=([\d.]+) cpu_s=([\d.]+) maxrss_kb=(\d+)",
                      f("yaml_bare-%d" % r) or "")
        if m:
            bare.append((float(m.group(3)), float(m.group(2)), int(m.group(4)), int(m.group(1))))
    bare = best(bare)
    loads = [phases(f("load-%d" % r)) for r in range(1, 10)]
    load = best([p.get("load") for p in loads])
    build = best([p.get("build") for p in loads])
    ph = phases(f("phases"))
    ph_time = timeline(f("phases"))
    an = best([ph.get("analysis")] + [phases(f("phases-%d" % r)).get("analysis")
                                      for r in range(2, 10)])
    ib_runs = [(total(x), x) for x in (f("igraph_bare-%d" % r) for r in range(1, 10)) if x]
    ib_best = best([x for x in ib_runs if x[0]], key=lambda x: x[0][0])
    ib = steps(ib_best[1]) if ib_best else {}
    ib_tot = ib_best[0] if ib_best else None
    ib_time = timeline(ib_best[1]) if ib_best else (None, None, None)
    rep = timeline(f("report"))
    nx = f("nx")
    nx_tot = total(nx)
    nx_to = re.search(r"^timeout ([\d.]+) during (\S+)", nx or "", re.M)
    nxs = f("nx_sample")
    nx_est = re.search(r"^total_est ([\d.]+)", nxs or "", re.M)
    # a sampled run that hit its limit too gives only a lower bound of the estimate
    est_mark = ">~" if nxs and re.search(r"^timeout", nxs, re.M) else "~"
    nx_steps = steps(nx)
    nx_steps.update({k: v for k, v in steps(nxs).items() if k not in nx_steps})
    nx_time = timeline(nx)

    p = out.append
    p("\n### %d institutions\n" % n)
    info = re.search(r"^info nodes=(\d+) edges=(\d+)", f("load-1") or "", re.M)
    if info:
        p("Graph: %s nodes, %s edges; YAML file %.1f MB.\n" % (
            info.group(1), info.group(2), (bare[3] if bare else 0) / 1e6))
    p("| Phase | partnet CPU s | wall s | peak RSS MB | baseline | baseline CPU s | ratio |")
    p("|---|---:|---:|---:|---|---:|---:|")
    p("| load + validate | %s | %s | %s | bare libyaml event parse | %s | %s |" % (
        fmt_s(load and load[0]), fmt_s(load and load[1]), fmt_mb(load and load[2]),
        fmt_s(bare and bare[0]), ratio(load and load[0], bare and bare[0])))
    p("| build graph | %s | %s | %s | | | |" % (
        fmt_s(build and build[0]), fmt_s(build and build[1]), fmt_mb(build and build[2])))
    est = bool(ib_tot and ib_tot[2])
    p("| analysis: all metrics + communities | %s | %s | %s | bare igraph, same calls | %s | %s |"
      % (fmt_s(an and an[0]), fmt_s(an and an[1]), fmt_mb(an and an[2]),
         fmt_s(ib_tot and ib_tot[0], est), ratio(an and an[0], ib_tot and ib_tot[0])))
    for k in METRIC_STEPS:
        if k in ib:
            nxv = nx_steps.get(k)
            p("| &nbsp;&nbsp;%s | | | | igraph call (NetworkX) | %s (%s) | |" % (
                k, fmt_s(ib[k][0], ib[k][2]), fmt_s(nxv[0], nxv[2]) if nxv else "-"))
    r = ph.get("report")
    p("| report text (CSV, JSON, Markdown) | %s | %s | %s | | | |" % (
        fmt_s(r and r[0]), fmt_s(r and r[1]), fmt_mb(r and r[2])))
    rd = ph.get("render")
    nxr = nx_steps.get("render")
    if rd:
        p("| render map, sfdp%s | %s | %s | %s | NetworkX + pygraphviz sfdp | %s | |" % (
            "" if an else " (no metrics)", fmt_s(rd[0]), fmt_s(rd[1]), fmt_mb(rd[2]),
            fmt_s(nxr and nxr[0])))
    elif ph_time[2] == 124:
        p("| render map, sfdp | time limit hit (%s s wall in all) | | | | | |" % fmt_s(ph_time[0]))
    e2e = None
    if rep[0] is not None:
        base, rr = "-", "-"
        if nx_tot:
            lower = nx_tot[2] is not None
            base = fmt_s(nx_tot[0])
            if lower:
                base = "> %s (limit hit in %s)" % (base, nx_to.group(2) if nx_to else "?")
                if nx_est:
                    base += ", %s%s estimated" % (est_mark, fmt_s(float(nx_est.group(1))))
        pn_cpu = None
        m = re.search(r"CPU (\S+) user (\S+) sys", f("report") or "")
        if m:
            pn_cpu = float(m.group(1)) + float(m.group(2))
        if nx_tot and pn_cpu and rep[2] == 0:
            rr = ("> %s" if nx_tot[2] else "%s") % ratio(nx_tot[0], pn_cpu)
            if nx_tot[2] and nx_est:
                rr += " (%s%s est)" % (est_mark, ratio(float(nx_est.group(1)), pn_cpu))
        e2e = rr
        p("| end to end `partnet report` | %s | %s%s | %s | NetworkX job | %s | NX / partnet %s |"
          % (fmt_s(pn_cpu), fmt_s(rep[0]), "" if rep[2] == 0 else " (status %d)" % rep[2],
             fmt_mb(rep[1]), base, rr))
    notes = []
    if nx_time[1]:
        notes.append("NetworkX job peak RSS %s MB" % fmt_mb(nx_time[1]))
    if ib_time[1]:
        notes.append("bare igraph %s MB" % fmt_mb(ib_time[1]))
    if bare:
        notes.append("bare libyaml %s MB" % fmt_mb(bare[2]))
    if notes:
        p("\nPeak RSS of the baselines: %s." % "; ".join(notes))
    grow = {"load + validate": load, "build graph": build, "analysis": an,
            "report text": r, "render map": rd}
    m = re.search(r"CPU (\S+) user (\S+) sys", f("report") or "")
    if m and rep[2] == 0:
        grow["end to end report"] = (float(m.group(1)) + float(m.group(2)), rep[0], rep[1])
    GROWTH[n] = {k: v[0] for k, v in grow.items() if v and v[0] and v[0] > 0}
    if info:
        EDGES[n] = int(info.group(2))
    return (n, ratio(load and load[0], bare and bare[0]),
            ratio(an and an[0], ib_tot and ib_tot[0]) + (" (est)" if est and not an else ""),
            e2e or "-")


GROWTH = {}  # size -> {phase: CPU seconds}, filled by size_table
EDGES = {}  # size -> edges of the graph built, filled by size_table
SHORT = 0.05  # CPU seconds below which a time is mostly timer and cache noise


def slope(pts):
    """Least-squares slope of [(x, y)]."""
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sxx


def growth_row(name, values, sizes, pairs):
    """One row of the growth table; values: {size: positive figure}. A figure under SHORT
    seconds is marked * (mostly noise); the whole-range slope says how many sizes it uses
    when some are missing."""
    pts = [(math.log(n), math.log(values[n])) for n in sizes if n in values]
    cells = []
    for a, b in pairs:
        if a in values and b in values:
            k = math.log(values[b] / values[a]) / math.log(b / a)
            noisy = name != "edges" and min(values[a], values[b]) < SHORT
            cells.append("%.2f%s" % (k, "*" if noisy else ""))
        else:
            cells.append("-")
    whole = "%.2f" % slope(pts)
    if len(pts) < len(sizes):
        whole += " (%d sizes)" % len(pts)
    return "| %s | %s | %s |" % (name, whole, " | ".join(cells))


def growth_table(out):
    """The growth exponent k of each phase (time ~ n^k, n the institutions): the
    least-squares slope of log CPU time against log size over every size measured, and
    the slope between each pair of neighbouring sizes (a phase that turns super-linear
    shows there). The edges of the graph get the same row, for reference: they do not
    grow in proportion to n, and a phase linear in the edges shows their exponent."""
    sizes = sorted(GROWTH)
    if len(sizes) < 2:
        return
    names = [k for k in ("load + validate", "build graph", "analysis", "report text",
                         "render map", "end to end report")
             if sum(1 for n in sizes if k in GROWTH[n]) >= 2]
    out.append("\n### Growth exponents (CPU time ~ size^k)\n")
    pairs = list(zip(sizes, sizes[1:]))
    out.append("| Phase | k, all sizes | " + " | ".join("k %d-%d" % p for p in pairs) + " |")
    out.append("|---|---:|" + "---:|" * len(pairs))
    for k in names:
        out.append(growth_row(k, {n: GROWTH[n][k] for n in sizes if k in GROWTH[n]}, sizes,
                              pairs))
    if sum(1 for n in sizes if n in EDGES) >= 2:
        out.append(growth_row("edges", {n: EDGES[n] for n in sizes if n in EDGES}, sizes,
                              pairs))
    out.append("\nSize: institutions (the graph has 1.04 n nodes). * : a time under %g s of "
               "CPU at one end, mostly timer and cache noise." % SHORT)


def main():
    res = sys.argv[1] if len(sys.argv) > 1 else "bench/out/results"
    out = []
    machine = read(os.path.join(res, "machine.txt")) or ""
    out.append("Run: %s" % "; ".join(machine.strip().splitlines()))
    sizes = sorted({int(m.group(1)) for q in glob.glob(os.path.join(res, "n*-*.txt"))
                    for m in [re.match(r"n(\d+)-", os.path.basename(q))] if m})
    ratios = [size_table(res, n, out) for n in sizes]
    out.append("\n### Ratios (same run, CPU time)\n")
    out.append("| Size | load / bare libyaml (goal <= 1.5) | analysis / bare igraph (goal <= 1.2) "
               "| NetworkX / partnet end to end (goal >= 20 at 10k) |")
    out.append("|---:|---:|---:|---:|")
    for n, a, b, c in ratios:
        out.append("| %d | %s | %s | %s |" % (n, a, b, c))

    growth_table(out)

    sweep = {}
    for q in glob.glob(os.path.join(res, "sweep-n*.txt")) + \
            glob.glob(os.path.join(res, "n*-igraph_bare-1.txt")):
        n = int(re.search(r"n(\d+)", os.path.basename(q)).group(1))
        st = steps(read(q)).get("betweenness")
        g = re.search(r"nodes=(\d+) edges=(\d+)", read(q) or "")
        if st and g and n not in sweep:
            sweep[n] = (int(g.group(1)), int(g.group(2)), st)
    if sweep:
        out.append("\n### Exact weighted betweenness (igraph_betweenness, distances 1/w)\n")
        out.append("| Institutions | nodes | edges | CPU s | wall s |")
        out.append("|---:|---:|---:|---:|---:|")
        for n in sorted(sweep):
            nv, ne, st = sweep[n]
            out.append("| %d | %d | %d | %s | %s |" % (n, nv, ne, fmt_s(st[0], st[2]),
                                                       fmt_s(st[1], st[2])))
    print("\n".join(out))


if __name__ == "__main__":
    main()
