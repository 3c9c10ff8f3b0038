#!/usr/bin/python3
"""python-igraph as a peer of `partnet analyse` (issue 12): the graph of a bench/gen.py
--edges file, then the seven metrics of bench/gt_job.py through python-igraph (the C
igraph underneath, one thread): betweenness, closeness and harmonic centrality on the
distances 1/w, PageRank and eigenvector centrality on the weights, k-core (coreness) and
local clustering. Reading the file and building the graph are timed apart; the line
"TOTAL wall=S cpu=S" is the seven calls. Not part of the test suite.
Usage: /usr/bin/python3 bench/pyigraph_job.py FILE.edges
"""
import sys
import time

import igraph


def read(path):
    with open(path) as f:
        n, m = map(int, f.readline().split())
        for _ in range(n):
            f.readline()
        edges, w = [], []
        for _ in range(m):
            a, b, x = f.readline().split()
            edges.append((int(a), int(b)))
            w.append(float(x))
    return n, edges, w


def main():
    n, edges, w = read(sys.argv[1])
    g = igraph.Graph(n=n, edges=edges, directed=False)
    dist = [1.0 / x for x in w]
    print("graph %s nodes=%d edges=%d threads=1" % (sys.argv[1], g.vcount(), g.ecount()))
    steps = [
        ("betweenness", lambda: g.betweenness(weights=dist)),
        ("closeness", lambda: g.closeness(weights=dist)),
        ("harmonic", lambda: g.harmonic_centrality(weights=dist)),
        ("pagerank", lambda: g.pagerank(weights=w)),
        ("eigenvector", lambda: g.eigenvector_centrality(weights=w)),
        ("kcore", lambda: g.coreness()),
        ("clustering", lambda: g.transitivity_local_undirected(mode="zero")),
    ]
    tw, tc = time.perf_counter(), time.process_time()
    for name, call in steps:
        w0, c0 = time.perf_counter(), time.process_time()
        call()
        print("step %-12s wall=%.3f cpu=%.3f" % (name, time.perf_counter() - w0, time.process_time() - c0))
    print("TOTAL wall=%.3f cpu=%.3f" % (time.perf_counter() - tw, time.process_time() - tc))


if __name__ == "__main__":
    main()
