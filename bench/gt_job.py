#!/usr/bin/python3
"""graph-tool as a peer of `partnet analyse` (issue 12): the graph of a bench/gen.py
--edges file, then betweenness, closeness and harmonic centrality on the distances 1/w,
PageRank and eigenvector centrality on the weights, k-core and local clustering: the
metrics partnet computes. graph-tool runs them with OpenMP on GT_THREADS threads
(default: every core). Reading the file and building the graph are timed apart; the
line "TOTAL wall=S cpu=S" is the seven calls. Not part of the test suite.
Usage: /usr/bin/python3 bench/gt_job.py FILE.edges
"""
import os
import sys

import graph_tool.all as gt

from peer_job import read_edges, run_steps


def main():
    path = sys.argv[1]
    threads = int(os.environ.get("GT_THREADS", os.cpu_count() or 1))
    gt.openmp_set_num_threads(threads)
    n, edges = read_edges(path)
    g = gt.Graph(directed=False)
    g.add_vertex(n)
    w = g.new_edge_property("double")
    dist = g.new_edge_property("double")
    g.add_edge_list([(a, b, x, 1.0 / x) for a, b, x in edges], eprops=[w, dist])
    print("graph %s nodes=%d edges=%d threads=%d" % (path, g.num_vertices(), g.num_edges(), threads))
    steps = [
        ("betweenness", lambda: gt.betweenness(g, weight=dist)),
        ("closeness", lambda: gt.closeness(g, weight=dist)),
        ("harmonic", lambda: gt.closeness(g, weight=dist, harmonic=True)),
        ("pagerank", lambda: gt.pagerank(g, weight=w)),
        ("eigenvector", lambda: gt.eigenvector(g, weight=w)),
        ("kcore", lambda: gt.kcore_decomposition(g)),
        ("clustering", lambda: gt.local_clustering(g)),
    ]
    run_steps(steps)


if __name__ == "__main__":
    main()
