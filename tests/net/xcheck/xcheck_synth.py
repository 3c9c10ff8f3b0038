#!/usr/bin/python3
"""Cross-check partnet on a seeded synthetic partnership network.

Usage: xcheck_synth.py DUMP N SEED [dump options...]
Generates a network of N institutions with bench/gen.py (seeded: the same file
every time), runs DUMP on it, and rebuilds the analysed graph independently
from the YAML (PyYAML, every scalar read as text) by the rules of
docs/analysis.md section 1: --at, --theme, --projection, --focus/--radius,
parallel edges summed. Then every metric is compared with NetworkX as in
xcheck.py; with --directed the direction-aware metrics are compared on the
directed graph (closeness and harmonic centrality along the arrows, i.e.
NetworkX's on the reversed graph; betweenness normalised by (n-1)(n-2)).
"""
import os
import subprocess
import sys
import tempfile

import networkx as nx
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import xcheck  # noqa: E402
from xcheck import Fraction, expect, expect_true  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")


def opt(opts, name, default=None):
    return opts[opts.index(name) + 1] if name in opts else default


def year(x):
    return None if x is None else int(x)


def active(since, until, at):
    if at is None:
        return True
    return (since is None or at >= since) and (until is None or at <= until)


def build(doc, opts):
    """Nodes with attributes, and the edge list (u, v, w, directed, kind)."""
    at = year(opt(opts, "--at"))
    themes = set(opts[i + 1] for i, o in enumerate(opts) if o == "--theme")
    proj = opt(opts, "--projection", "none")
    newman = "--newman" in opts
    ents = {}
    for key, kind in (("institutions", "institution"), ("alliances", "alliance"),
                      ("networks", "network")):
        for e in doc.get(key) or []:
            ents[e["id"]] = dict(e, kind=kind)
    tagged = lambda x: bool(themes & set(x.get("themes") or []))  # noqa: E731
    act = {i: active(year(e.get("since")), year(e.get("until")), at) for i, e in ents.items()}
    keep = {i: act[i] and (not themes or tagged(e)) for i, e in ents.items()}
    ties = []
    for t in doc.get("ties") or []:
        if isinstance(t, list):
            t = {"between": t}
        if "between" in t:
            a, b, directed = t["between"][0], t["between"][1], False
        else:
            a, b, directed = t["from"], t["to"], True
        ties.append((a, b, float(t.get("weight", 1)), directed, t))
    mems = []  # (member, group, membership mapping)
    for g, e in ents.items():
        for m in e.get("members") or []:
            m = {"id": m} if isinstance(m, str) else m
            mems.append((m["id"], g, m))
    if themes:
        for a, b, w, d, t in ties:
            if act[a] and act[b] and active(year(t.get("since")), year(t.get("until")), at) \
                    and tagged(t):
                keep[a] = keep[b] = True
        for m, g, mm in mems:
            if act[g] and tagged(ents[g]) and act[m] and \
                    active(year(mm.get("since")), year(mm.get("until")), at):
                keep[m] = True
    tie_ok = lambda a, b, t: keep[a] and keep[b] and active(  # noqa: E731
        year(t.get("since")), year(t.get("until")), at) and (not themes or tagged(t))
    mem_ok = lambda m, g, mm: keep[g] and keep[m] and active(  # noqa: E731
        year(mm.get("since")), year(mm.get("until")), at) and (not themes or tagged(ents[g]))
    is_group = lambda i: ents[i]["kind"] != "institution"  # noqa: E731
    if proj == "institutions":
        nodes = [i for i in ents if keep[i] and not is_group(i)]
    elif proj == "groups":
        nodes = [i for i in ents if keep[i] and is_group(i)]
    else:
        nodes = [i for i in ents if keep[i]]
    ns = set(nodes)
    edges = []
    if proj != "groups":
        edges += [(a, b, w, d) for a, b, w, d, t in ties if tie_ok(a, b, t) and a in ns and b in ns]
    if proj == "none":
        # a member listed twice in a group (disjoint periods) is one membership
        pairs = dict.fromkeys((m, g) for m, g, mm in mems if mem_ok(m, g, mm))
        edges += [(m, g, 1.0, False) for m, g in pairs]
    elif proj == "institutions":
        B = nx.Graph()
        for m, g, mm in mems:
            if mem_ok(m, g, mm) and m in ns:
                B.add_edge(("i", m), ("g", g))
        left = [x for x in B if x[0] == "i"]
        if newman:
            # Newman weights as exact fractions (sum of 1/(n-1) over shared
            # groups), so exact shortest paths stay cheap; the float formula is
            # compared with networkx's collaboration_weighted_projected_graph
            # in the Davis check
            w = {}
            for g in (x for x in B if x[0] == "g"):
                ms = sorted(B[g])
                for i, a in enumerate(ms):
                    for b in ms[i + 1:]:
                        k = (a[1], b[1])
                        w[k] = w.get(k, 0) + Fraction(1, len(ms) - 1)
            edges += [(a, b, x, False) for (a, b), x in w.items()]
        else:
            P = nx.bipartite.weighted_projected_graph(B, left)
            edges += [(a[1], b[1], float(d["weight"]), False) for a, b, d in P.edges(data=True)]
    else:
        B = nx.Graph()
        for m, g, mm in mems:
            if mem_ok(m, g, mm) and g in ns:
                B.add_edge(("i", m), ("g", g))
        P = nx.bipartite.weighted_projected_graph(B, [x for x in B if x[0] == "g"])
        edges += [(a[1], b[1], float(d["weight"]), False) for a, b, d in P.edges(data=True)]
    if proj != "groups":
        edges += [(i, e["parent"], 1.0, False) for i, e in ents.items()
                  if e.get("parent") and i in ns and e["parent"] in ns]
    return ents, nodes, edges


def graphs(ents, nodes, edges):
    """G: undirected, parallel edges summed; D: arcs (directed ties one way)."""
    G, D = nx.Graph(), nx.DiGraph()
    for v in nodes:
        attrs = {k: ents[v].get(k) for k in ("country", "type") if ents[v].get(k) is not None}
        G.add_node(v, **attrs)
        D.add_node(v)
    for a, b, w, d in edges:
        for X, u, v in [(G, a, b), (D, a, b)] + ([] if d else [(D, b, a)]):
            ex = w if isinstance(w, Fraction) else Fraction(w).limit_denominator(10**12)
            if X.has_edge(u, v):
                X[u][v]["wexact"] += ex
                X[u][v]["weight"] = float(X[u][v]["wexact"])
            else:
                X.add_edge(u, v, weight=float(ex), wexact=ex)
    return G, D


def ego(G, D, focus, radius):
    keep = set(nx.single_source_shortest_path_length(G, focus, cutoff=radius))
    return G.subgraph(keep).copy(), D.subgraph(keep).copy()


def check_directed(D, nodes, label):
    for u, v, d in D.edges(data=True):
        d["dist"] = 1 / d["wexact"]
    n = D.number_of_nodes()
    R = D.reverse(copy=True)
    bet = nx.betweenness_centrality(D, weight="dist", normalized=True)
    har = nx.harmonic_centrality(R, distance="dist")
    clo = nx.closeness_centrality(R, distance="dist")
    order = list(D)
    pr = xcheck.pagerank_exact(D, order)
    for v in order:
        r = nodes[v]
        expect("%s %s betweenness (directed)" % (label, v), float(r["betweenness"]), float(bet[v]))
        expect("%s %s harmonic (directed)" % (label, v), float(r["harmonic"]),
               float(har[v]) / (n - 1))
        expect("%s %s closeness (directed)" % (label, v), float(r["closeness"]), float(clo[v]))
        expect("%s %s pagerank (directed)" % (label, v), float(r["pagerank"]), pr[v])
    xcheck.expect_hits(D, nodes, label + " (directed)")


def main():
    dump, n, seed, opts = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "synth.yaml")
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen.py"), n, "--seed", seed,
                        "-o", path], check=True, capture_output=True)
        with open(path, encoding="utf-8") as f:
            doc = yaml.load(f, Loader=yaml.BaseLoader)  # every scalar as text: NO stays "NO"
        # "--focus @hub": the institution with the most ties (known only now)
        if opt(opts, "--focus") == "@hub":
            count = {}
            for t in doc.get("ties") or []:
                ends = t if isinstance(t, list) else t.get("between") or [t["from"], t["to"]]
                for e in ends:
                    count[e] = count.get(e, 0) + 1
            opts[opts.index("--focus") + 1] = max(sorted(count), key=lambda k: count[k])
        nodes, figures, edges = xcheck.run_dump(dump, "synth", opts, path)
    label = " ".join(["synth", n, seed] + opts)
    ents, order, edgelist = build(doc, opts)
    G, D = graphs(ents, order, edgelist)
    if "--focus" in opts:
        G, D = ego(G, D, opt(opts, "--focus"), int(opt(opts, "--radius", "1")))
    directed = "--directed" in opts and any(d for a, b, w, d in edgelist
                                            if a in G and b in G)
    skip = ("betweenness", "harmonic", "closeness", "eigenvector", "pagerank", "hub",
            "authority") if directed else ()
    xcheck.check_metrics(G, nodes, figures, label, D=D, skip=skip)
    if directed:
        check_directed(D, nodes, label)
    if "--focus" in opts:
        # ego brokers: nodes the focus no longer reaches once v is gone
        f = opt(opts, "--focus")
        reach = set(nx.node_connected_component(G, f))
        for v in G:
            if v == f:
                expect_true(label + " focus_dependents of the focus is nan",
                            nodes[v]["focus_dependents"] == "nan")
                continue
            H = G.subgraph(x for x in G if x != v)
            lost = len(reach) - 1 - len(nx.node_connected_component(H, f))
            expect("%s %s focus_dependents" % (label, v), float(nodes[v]["focus_dependents"]),
                   lost)
        expect_true(label + " some node brokers for the focus",
                    any(float(r["focus_dependents"]) > 0 for r in nodes.values()))
    expect_true(label + ": graph has edges", G.number_of_edges() > 0)
    if xcheck.failures:
        print("%d of %d checks FAILED:" % (len(xcheck.failures), xcheck.checked[0]))
        for f in xcheck.failures[:60]:
            print("  " + f)
        return 1
    print("%s: %d checks agree with networkx %s" % (label, xcheck.checked[0], nx.__version__))
    return 0


if __name__ == "__main__":
    sys.exit(main())
