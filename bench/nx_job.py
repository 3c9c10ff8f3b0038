#!/usr/bin/python3
"""The NetworkX baseline for `partnet report`: the same job end to end.

Usage: /usr/bin/python3 bench/nx_job.py NETWORK.yaml -o DIR
           [--time-limit SECONDS] [--sample K] [--no-map] [--seed S]

Reads the YAML (python3-yaml, with its libyaml C loader when available: the
fastest way a Python user has), checks ids and references, builds the graph
partnet builds (institutions and groups as nodes; ties, memberships and
part-of links as edges; distance = 1/weight), computes the same metrics and
network figures, Louvain communities, writes metrics.csv and summary.json, and
draws map.svg with pygraphviz (sfdp) when pygraphviz is installed.

Prints "step NAME CPU wall WALL" per step and "total CPU wall WALL" (seconds;
CPU time is the figure to compare on a shared machine). With --time-limit the
job stops when the limit (or --cpu-limit, in CPU seconds) is reached and prints "timeout SECONDS during STEP":
the end-to-end time is then a lower bound. With --sample K the all-pairs steps
(betweenness, closeness, harmonic, diameter, average path length) run from K
sources only, and Burt's constraint and effective size (slow in NetworkX around
hubs) for the K/2 highest-degree nodes plus K/2 others; the times are scaled
up to all nodes and marked "est".
"""

import argparse
import csv
import json
import os
import random
import resource
import signal
import sys
import time

import networkx as nx
import yaml

try:
    from yaml import CSafeLoader as Loader
    LOADER = "CSafeLoader (libyaml)"
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as Loader
    LOADER = "SafeLoader (pure Python)"


class Timeout(Exception):
    pass


def on_alarm(signum, frame):
    raise Timeout()


T0 = time.monotonic()
TOTAL = [0.0]
CURRENT = ["start"]


def step(name, fn, scale=1.0):
    """Run one step; print its CPU seconds (steady on a shared machine), then wall."""
    CURRENT[0] = name
    t, c = time.monotonic(), time.process_time()
    r = fn()
    dt, dc = time.monotonic() - t, time.process_time() - c
    if scale > 1.0:
        print("step %-14s %10.6f wall %10.6f est (measured %.6f on a sample, x%.1f)" % (
            name, dc * scale, dt * scale, dc, scale), flush=True)
    else:
        print("step %-14s %10.6f wall %10.6f" % (name, dc, dt), flush=True)
    TOTAL[0] += dc * scale
    return r


def load(path):
    with open(path, "rb") as f:
        return yaml.load(f, Loader=Loader)


def validate(doc):
    """The checks partnet's resolver makes that cost something: unique ids,
    resolved references (hashed, as partnet)."""
    ids = {}
    for key in ("institutions", "alliances", "networks"):
        for e in doc.get(key) or []:
            if e["id"] in ids:
                raise SystemExit("duplicate id %s" % e["id"])
            ids[e["id"]] = key
    sources = {s["id"] for s in doc.get("sources") or []}
    themes = {t["id"] for t in doc.get("themes") or []}
    errors = 0
    for key in ("institutions", "alliances", "networks"):
        for e in doc.get(key) or []:
            if e.get("parent") and e["parent"] not in ids:
                errors += 1
            if e.get("source") and e["source"] not in sources:
                errors += 1
            for th in e.get("themes") or []:
                errors += th not in themes
            for mem in e.get("members") or []:
                mid = mem["id"] if isinstance(mem, dict) else mem
                errors += mid not in ids
    for t in doc.get("ties") or []:
        a, b = t["between"] if "between" in t else (t["from"], t["to"])
        errors += (a not in ids) + (b not in ids) + (a == b)
        if not t.get("weight", 1) > 0:
            errors += 1
        if t.get("source") and t["source"] not in sources:
            errors += 1
    if errors:
        raise SystemExit("%d errors" % errors)


def build(doc):
    g = nx.Graph()
    for key, kind in (("institutions", "institution"), ("alliances", "alliance"),
                      ("networks", "network")):
        for e in doc.get(key) or []:
            g.add_node(e["id"], kind=kind, name=e["name"], type=e.get("type", ""),
                       country=e.get("country", ""))

    def add(a, b, w, kind):
        if g.has_edge(a, b):  # parallel ties: weights add up
            g[a][b]["weight"] += w
            g[a][b]["dist"] = 1.0 / g[a][b]["weight"]
        else:
            g.add_edge(a, b, weight=w, dist=1.0 / w, kind=kind)

    for t in doc.get("ties") or []:
        a, b = t["between"] if "between" in t else (t["from"], t["to"])
        add(a, b, float(t.get("weight", 1)), t.get("type", "other"))
    for key in ("alliances", "networks"):
        for e in doc.get(key) or []:
            for mem in e.get("members") or []:
                add(mem["id"] if isinstance(mem, dict) else mem, e["id"], 1.0, "member")
    for e in doc.get("institutions") or []:
        if e.get("parent"):
            add(e["id"], e["parent"], 1.0, "part-of")
    return g


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("network")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--time-limit", type=int, default=0, help="wall seconds")
    ap.add_argument("--cpu-limit", type=int, default=0, help="CPU seconds")
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--no-map", action="store_true")
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    os.makedirs(a.output, exist_ok=True)
    if a.time_limit > 0:
        signal.signal(signal.SIGALRM, on_alarm)
        signal.alarm(a.time_limit)
    if a.cpu_limit > 0:
        signal.signal(signal.SIGPROF, on_alarm)
        signal.setitimer(signal.ITIMER_PROF, a.cpu_limit)
    print("nx_job networkx %s, yaml %s" % (nx.__version__, LOADER), flush=True)
    status = 0
    try:
        run(a)
    except Timeout:
        print("timeout %.1f during %s (cpu %.1f)" % (time.monotonic() - T0, CURRENT[0],
                                                  time.process_time()), flush=True)
        status = 124
    signal.alarm(0)
    signal.setitimer(signal.ITIMER_PROF, 0)
    print("total %.6f wall %.6f%s" % (time.process_time(), time.monotonic() - T0,
                                      " (lower bound)" if status else ""))
    if a.sample:
        print("total_est %.6f" % TOTAL[0])
    print("maxrss_kb %d" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    sys.exit(status)


def run(a):
    doc = step("load", lambda: load(a.network))
    step("validate", lambda: validate(doc))
    g = step("build", lambda: build(doc))
    n = g.number_of_nodes()
    print("graph nodes=%d edges=%d" % (n, g.number_of_edges()), flush=True)
    nodes = list(g.nodes())
    sample = None
    scale = 1.0
    if 0 < a.sample < n:
        sample = random.Random(a.seed).sample(nodes, a.sample)
        scale = n / a.sample
    m = {}
    m["degree"] = step("degree", lambda: dict(g.degree()))
    m["strength"] = step("strength", lambda: dict(g.degree(weight="weight")))
    if sample:
        m["betweenness"] = step("betweenness", lambda: nx.betweenness_centrality_subset(
            g, sample, nodes, normalized=False, weight="dist"), scale)
        m["harmonic"] = step("harmonic", lambda: nx.harmonic_centrality(
            g, sources=sample, distance="dist"), scale)
        m["closeness"] = step("closeness", lambda: {
            v: nx.closeness_centrality(g, u=v, distance="dist") for v in sample}, scale)
    else:
        m["betweenness"] = step("betweenness", lambda: nx.betweenness_centrality(
            g, normalized=True, weight="dist"))
        m["harmonic"] = step("harmonic", lambda: nx.harmonic_centrality(g, distance="dist"))
        m["closeness"] = step("closeness", lambda: nx.closeness_centrality(g, distance="dist"))
    m["eigenvector"] = step("eigenvector", lambda: nx.eigenvector_centrality_numpy(
        g, weight="weight"))
    m["pagerank"] = step("pagerank", lambda: nx.pagerank(g, weight="weight"))
    if sample:
        # Cost per node grows with the degree around it: every hub exactly,
        # a random sample of the others, scaled up (stratified estimate).
        by_deg = sorted(nodes, key=lambda v: (-m["degree"][v], v))
        hubs, rest = by_deg[:a.sample // 2], by_deg[a.sample // 2:]
        rest_sample = random.Random(a.seed).sample(rest, a.sample - len(hubs))
        rest_scale = len(rest) / len(rest_sample)
        for name, fn in (("constraint", nx.constraint), ("effsize", nx.effective_size)):
            def both(fn=fn):
                t, c = time.monotonic(), time.process_time()
                r = fn(g, nodes=hubs, weight="weight")
                th, ch = time.monotonic() - t, time.process_time() - c
                t, c = time.monotonic(), time.process_time()
                r.update(fn(g, nodes=rest_sample, weight="weight"))
                tr, cr = time.monotonic() - t, time.process_time() - c
                return r, ch + cr * rest_scale, th + tr * rest_scale, ch + cr
            CURRENT[0] = name
            m[name], c_est, t_est, c_meas = both()
            print("step %-14s %10.6f wall %10.6f est (measured %.6f: %d hubs + %d others x%.1f)"
                  % (name, c_est, t_est, c_meas, len(hubs), len(rest_sample), rest_scale),
                  flush=True)
            TOTAL[0] += c_est
    else:
        m["constraint"] = step("constraint", lambda: nx.constraint(g, weight="weight"))
        m["effsize"] = step("effsize", lambda: nx.effective_size(g, weight="weight"))
    m["coreness"] = step("coreness", lambda: nx.core_number(g))
    m["clustering"] = step("clustering", lambda: nx.clustering(g))
    comms = step("communities", lambda: nx.community.louvain_communities(
        g, weight="weight", seed=a.seed))
    m["community"] = {v: k for k, c in enumerate(comms) for v in c}
    fig = {"nodes": n, "edges": g.number_of_edges(), "density": nx.density(g)}
    fig["modularity"] = step("modularity", lambda: nx.community.modularity(
        g, comms, weight="weight"))
    comps = step("components", lambda: list(nx.connected_components(g)))
    fig["components"] = len(comps)
    giant = g.subgraph(max(comps, key=len))
    fig["articulation_points"], fig["bridges"] = step("cut-points", lambda: (
        len(list(nx.articulation_points(g))), len(list(nx.bridges(g)))))
    if sample:
        def bfs_sample():
            return [nx.single_source_shortest_path_length(g, s) for s in sample]
        step("diameter", bfs_sample, scale)
        step("avg-path", bfs_sample, scale)
    else:
        fig["diameter"] = step("diameter", lambda: nx.diameter(giant))

        def apl():
            tot = cnt = 0
            for _, d in nx.all_pairs_shortest_path_length(g):
                tot += sum(d.values())
                cnt += len(d) - 1
            return tot / cnt if cnt else float("nan")
        fig["avg_path_length"] = step("avg-path", apl)
    fig["transitivity"] = step("transitivity", lambda: nx.transitivity(g))

    def assort():
        return (nx.attribute_assortativity_coefficient(g, "country"),
                nx.attribute_assortativity_coefficient(g, "type"))
    fig["assort_country"], fig["assort_type"] = step("assortativity", assort)

    def write():
        names = ["degree", "strength", "betweenness", "harmonic", "closeness", "eigenvector",
                 "pagerank", "constraint", "effsize", "coreness", "clustering", "community"]
        with open(os.path.join(a.output, "metrics.csv"), "w", newline="") as f:
            wr = csv.writer(f)
            wr.writerow(["id", "name", "kind"] + names)
            for v in sorted(nodes):
                wr.writerow([v, g.nodes[v]["name"], g.nodes[v]["kind"]] +
                            ["%.10g" % m[k][v] if v in m[k] else "" for k in names])
        with open(os.path.join(a.output, "summary.json"), "w") as f:
            json.dump({"title": doc.get("title"), "figures": fig,
                       "communities": [sorted(c) for c in comms]}, f, indent=1, default=str)
    step("write", write)

    if a.no_map:
        print("map skipped (--no-map)")
        return
    try:
        import pygraphviz  # noqa: F401
    except ImportError:
        print("map skipped (pygraphviz not installed)")
        return

    def draw():
        ag = nx.nx_agraph.to_agraph(g)
        ag.graph_attr.update(overlap="prism", outputorder="edgesfirst")
        ag.node_attr.update(shape="circle", style="filled", label="")
        ag.layout(prog="sfdp", args="-Gstart=%d" % a.seed)
        ag.draw(os.path.join(a.output, "map.svg"), format="svg")
    step("render", draw)


if __name__ == "__main__":
    main()
