#!/usr/bin/python3
"""Cross-check `partnet whatif --rank-removals` against NetworkX.

Usage: /usr/bin/python3 xcheck_efficiency.py PARTNET NETWORK.yaml NAME
NAME is a graph of tests/xcheck/classic.py (the generator of NETWORK.yaml), so
the graph comes from networkx itself, not from partnet's reading of the file.

For the network and for every single-node removal, checks:
- global efficiency: unweighted graphs against networkx.global_efficiency;
  weighted ones (which networkx.global_efficiency ignores) against the mean of
  1/d over ordered pairs with Dijkstra distances on length 1/weight, which is
  partnet's documented definition. Both to 1e-9 relative error.
- components after the removal, nodes leaving the largest component, and
  connected pairs lost (exact).
"""
import json
import math
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "net", "xcheck"))
import classic  # noqa: E402
import networkx as nx  # noqa: E402


def efficiency(G, weighted):
    n = G.number_of_nodes()
    if n < 2:
        return 0.0
    if not weighted:
        return nx.global_efficiency(G)
    H = nx.Graph()
    H.add_nodes_from(G)
    for u, v, d in G.edges(data=True):
        H.add_edge(u, v, length=1.0 / d.get("weight", 1.0))
    total = 0.0
    for u, dist in nx.all_pairs_dijkstra_path_length(H, weight="length"):
        for v, x in dist.items():
            if v != u:
                total += 1.0 / x
    return total / (n * (n - 1))


def largest(G):
    comps = list(nx.connected_components(G))
    return max(comps, key=len) if comps else set()


def pairs(G):
    return sum(len(c) * (len(c) - 1) // 2 for c in nx.connected_components(G))


def close(a, b):
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def main():
    partnet, path, name = sys.argv[1:4]
    G = classic.GRAPHS[name]()
    weighted = any("weight" in d for _, _, d in G.edges(data=True))
    out = subprocess.run([partnet, "whatif", "--quiet", "--rank-removals", "--format", "json",
                          path], check=True, capture_output=True, text=True).stdout
    res = json.loads(out)
    bad = 0
    n = G.number_of_nodes()

    def check(what, got, want, exact=False):
        nonlocal bad
        ok = got == want if exact else close(got, want)
        if not ok:
            print("%s: %s: partnet %r, networkx %r" % (name, what, got, want))
            bad += 1

    check("nodes", res["before"]["nodes"], n, True)
    check("edges", res["before"]["edges"], G.number_of_edges(), True)
    e0 = efficiency(G, weighted)
    check("efficiency", res["before"]["efficiency"], e0)
    if not weighted:  # the same figure through networkx's own function
        check("efficiency (nx.global_efficiency)", res["before"]["efficiency"],
              nx.global_efficiency(G))
    lcc0 = largest(G)
    p0 = pairs(G)
    rows = {r["id"]: r for r in res["removals"]}
    check("rows", len(rows), n, True)
    for v in G:
        r = rows[v]
        H = G.copy()
        H.remove_node(v)
        e1 = efficiency(H, weighted)
        check("efficiency without %s" % v, r["efficiency_after"], e1)
        check("efficiency drop without %s" % v, r["efficiency_drop"], e0 - e1)
        check("components without %s" % v, r["components_after"],
              nx.number_connected_components(H), True)
        lcc1 = largest(H)
        lost = len([u for u in lcc0 if u != v and u not in lcc1])
        check("disconnected by %s" % v, r["disconnected"], lost, True)
        own = len(nx.node_connected_component(G, v)) - 1
        check("pairs lost by %s" % v, r["pairs_lost"], p0 - own - pairs(H), True)
    # ranks: sorted by damage, most damaging first
    order = [r["id"] for r in res["removals"]]
    keys = [(-rows[i]["disconnected"], -rows[i]["pairs_lost"]) for i in order]
    if keys != sorted(keys):
        print("%s: removals not sorted by damage" % name)
        bad += 1
    print("%s: %d removals checked, efficiency %.10g (%s)" %
          (name, n, e0, "weighted, distance 1/w" if weighted else "unweighted"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
