"""Cross-check partnet's metrics on the default network against NetworkX.

Usage: xcheck.py PARTNET NETWORK_DIR WORK_DIR

Exports networks/lorraine to GraphML with `partnet export` (node attributes
carry partnet's metrics), rebuilds the analysed graph in NetworkX the way
docs/format.md defines it (undirected, parallel edges merged with summed
weights, distance = 1/weight) and compares degree, strength, betweenness,
harmonic, closeness, eigenvector and PageRank to 1e-9 relative error, plus
the network figures of summary.json. Real data, so it exercises what the
classic networks do not: parallel ties, directed ties, groups as nodes.
"""
import json
import math
import os
import subprocess
import sys

import networkx as nx

TOL = 1e-9


def close(a, b):
    return math.isclose(a, b, rel_tol=TOL, abs_tol=1e-12)


def main():
    partnet, net, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    gml = os.path.join(work, "lorraine.gml")
    rep = os.path.join(work, "report")
    subprocess.run([partnet, "export", "--to", "gml", "-o", gml, net], check=True)
    subprocess.run([partnet, "report", "--quiet", "-o", rep, net], check=True)
    with open(os.path.join(rep, "summary.json"), encoding="utf-8") as f:
        summary = json.load(f)

    # UTF-8 GML (read_gml wants 7-bit ASCII; NetworkX refuses the mixed GraphML)
    with open(gml, encoding="utf-8") as f:
        g = nx.parse_gml(f.read())
    ours = {d["name"]: d for _, d in g.nodes(data=True)}
    G = nx.Graph()
    G.add_nodes_from(ours)
    for u, v, d in g.edges(data=True):
        a, b = g.nodes[u]["name"], g.nodes[v]["name"]
        w = float(d.get("weight", 1.0))
        if G.has_edge(a, b):
            G[a][b]["weight"] += w
        else:
            G.add_edge(a, b, weight=w)
    for _, _, d in G.edges(data=True):
        d["dist"] = 1.0 / d["weight"]

    n = G.number_of_nodes()
    ref = {
        "degree": dict(G.degree()),
        "strength": dict(G.degree(weight="weight")),
        "betweenness": nx.betweenness_centrality(G, weight="dist", normalized=True),
        "harmonic": {k: v / (n - 1) for k, v in nx.harmonic_centrality(G, distance="dist").items()},
        "closeness": nx.closeness_centrality(G, distance="dist"),
        "pagerank": nx.pagerank(G, alpha=0.85, weight="weight", tol=1e-13, max_iter=10000),
    }
    ev = nx.eigenvector_centrality_numpy(G, weight="weight")
    top = max(ev.values())
    ref["eigenvector"] = {k: v / top for k, v in ev.items()}

    bad = []
    for metric, values in ref.items():
        for node, want in values.items():
            got = float(ours[node][metric])
            if not close(got, want):
                bad.append(f"{node} {metric}: partnet {got!r}, networkx {want!r}")

    figures = summary["network"]
    checks = {
        "nodes": n,
        "edges": G.number_of_edges(),
        "density": nx.density(G),
        "components": nx.number_connected_components(G),
        "diameter": nx.diameter(G),
        "average_path_length": nx.average_shortest_path_length(G),
        "transitivity": nx.transitivity(G),
    }
    for key, want in checks.items():
        if not close(float(figures[key]), float(want)):
            bad.append(f"summary {key}: partnet {figures[key]!r}, networkx {want!r}")

    # Modularity of partnet's own partition, recomputed.
    parts = {}
    for node, d in ours.items():
        parts.setdefault(int(d["community"]), set()).add(node)
    q = nx.algorithms.community.modularity(G, parts.values(), weight="weight")
    if not close(float(figures["modularity"]), q):
        bad.append(f"modularity: partnet {figures['modularity']!r}, networkx {q!r}")

    if bad:
        print("\n".join(bad[:40]))
        print(f"{len(bad)} mismatches")
        return 1
    print(f"ok: {n} nodes, {G.number_of_edges()} edges, {len(ref)} metrics and "
          f"{len(checks) + 1} network figures agree with NetworkX {nx.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
