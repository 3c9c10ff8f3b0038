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

/* ---- estimates from a sample (issue 12: approximations with a stated error) ----------- */

/* What pn_ap_sample draws, all from seed: `sources` distinct sources uniformly without
 * replacement (one stream), and `pairs` ordered pairs (u, v), u != v, uniformly with
 * replacement, each with one shortest path u -> v drawn uniformly among the shortest
 * ones (Riondato-Kornaropoulos; the pairs are cut into blocks fixed by their number, each
 * block with its own stream, so the draws are the same whatever jobs is). */
struct pn_ap_sample_opts {
    size_t sources;
    size_t pairs;
    bool source_betweenness; /* the sources' Brandes dependencies into betweenness too */
    unsigned long seed;
};

/* Sampled sums, arrays of n: on the sweep graph from the sampled sources s, for every
 * node v != s that reaches s: dist_sum[v] += d(v, s), harmonic[v] += 1 / d(v, s),
 * reached[v] += 1; betweenness[v] is how many of the drawn paths pass through v (not as
 * an end), plus with source_betweenness the sum of the sources' dependencies on v (on
 * the sweep graph: with wt, of the pairs (v', s) of w ending at s); ecc[s] (the sources only, others 0), hop_sum and hop_pairs from the sources'
 * breadth-first searches on h. sources[0..n_sources) are the sources drawn. */
struct pn_ap_sampled {
    struct pn_ap_result sums; /* fields as above; threads as in pn_ap_run */
    size_t *sources, n_sources, n_pairs;
};

/* w: the graph of the drawn paths (arcs u -> v); wt: its reverse, for the distances d(v,
 * s) to each source (NULL: w is symmetric, used for both); h: the hop graph, or NULL.
 * Byte-identical results whatever jobs is. */
void pn_ap_sample(const struct pn_ap_csr *w, const struct pn_ap_csr *wt,
                  const struct pn_ap_csr *h, const struct pn_ap_sample_opts *so, int jobs,
                  struct pn_ap_sampled *out);
void pn_ap_sampled_free(struct pn_ap_sampled *s); /* accepts a zeroed struct */

/* Upper bounds from which the sample sizes and the stated errors are computed. */
struct pn_ap_bounds {
    double min_len, max_len; /* shortest and longest arc of w (0 when no arc) */
    size_t largest;          /* nodes of the largest component of h (weak components) */
    double dist_upper;       /* >= every finite distance d(x, y) on w */
    size_t vd_upper;         /* >= the vertices of any shortest path of w (vertex diameter) */
};

/* symmetric (w undirected): one Dijkstra search per component from its first node c,
 * d(x, y) <= d(x, c) + d(c, y) <= 2 ecc(c), and a shortest path has at most
 * d / min_len arcs; else the component sizes of h alone: (largest - 1) * max_len and
 * largest. h must be given when !symmetric. */
void pn_ap_bounds(const struct pn_ap_csr *w, const struct pn_ap_csr *h, bool symmetric,
                  struct pn_ap_bounds *b);

#endif
