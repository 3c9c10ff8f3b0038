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

import igraph

from peer_job import read_edges, run_steps


def main():
    n, edges = read_edges(sys.argv[1])
    w = [x for _, _, x in edges]
    g = igraph.Graph(n=n, edges=[(a, b) for a, b, _ in edges], directed=False)
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
    run_steps(steps)


if __name__ == "__main__":
    main()
