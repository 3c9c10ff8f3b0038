/*
 * allpairs: the all-pairs family (betweenness, closeness, harmonic centrality,
 * eccentricity, average path length) in one single-source sweep per source,
 * sources split across threads (issue 12). Plain C on a compact adjacency
 * array (CSR): no igraph call, so it may run in threads (Debian's igraph is
 * built without thread safety). analysis.c copies the arrays out of its igraph
 * graphs and turns the sums below into the metrics igraph's calls define.
 * Must not print. Ownership: a pn_ap_csr and a pn_ap_result own their arrays.
 */
#ifndef PN_ALLPAIRS_H
#define PN_ALLPAIRS_H

#include <stdbool.h>
#include <stddef.h>

/* Out-arcs of each node, ordered by (target, arc number); loops dropped. */
struct pn_ap_csr {
    size_t n, m;   /* nodes, arcs */
    size_t *off;   /* n + 1: arcs of u are off[u] .. off[u+1]-1 */
    size_t *to;    /* m: target of each arc */
    double *len;   /* m: length of each arc (> 0), or NULL: every arc is one hop */
    size_t *pin;   /* n + 1: prefix sums of in-degrees (room for shortest-path parents) */
};

/* Arcs from[i] -> to[i] for i < m, lengths len[i] (NULL: hops); when !directed
 * every arc also runs back. */
void pn_ap_csr_build(struct pn_ap_csr *c, size_t n, size_t m, const size_t *from,
                     const size_t *to, const double *len, bool directed);
void pn_ap_csr_free(struct pn_ap_csr *c); /* accepts a zeroed struct */

/* What one run computes; arrays of n, allocated by pn_ap_run. */
struct pn_ap_result {
    size_t n;
    /* on the weighted graph (when given): */
    double *betweenness; /* sum over sources of Brandes dependencies (igraph_betweenness
                            before halving undirected pairs); NULL unless asked */
    double *dist_sum;    /* sum of distances to the nodes reachable from the node */
    size_t *reached;     /* how many nodes are reachable, itself excluded */
    double *harmonic;    /* sum of 1 / distance over them */
    /* on the hop graph (when given): */
    size_t *ecc;                  /* eccentricity in hops among reachable nodes */
    unsigned long long hop_sum;   /* sum of hop distances over ordered reachable pairs */
    unsigned long long hop_pairs; /* number of those pairs */
    int threads;                  /* threads the run used (1: the calling thread only) */
};

/* One sweep per source: Dijkstra with Brandes' accumulation on w (paths equal
 * within igraph's relative tolerance 1e-10 count as equally short, as in
 * igraph_betweenness), breadth-first search on h. Either may be NULL; when
 * both are given they have the same n. Uses up to jobs threads (< 1: one);
 * sources are cut into blocks fixed by n alone and block sums are added in
 * block order, so every result is the same bytes whatever jobs is. If a
 * thread cannot be started, its share runs in the calling thread. */
void pn_ap_run(const struct pn_ap_csr *w, const struct pn_ap_csr *h, bool betweenness, int jobs,
               struct pn_ap_result *r);
void pn_ap_result_free(struct pn_ap_result *r); /* accepts a zeroed struct */

/* Cores this process may run on (sched_getaffinity; sysconf as fallback), >= 1. */
int pn_ap_default_jobs(void);

#endif
