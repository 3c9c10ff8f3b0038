/*
 * removals: what removing each node of an undirected network does to it, for
 * whatif --rank-removals (issue 12), computed on the network before alone.
 * Plain C on allpairs' adjacency array (struct pn_ap_csr, undirected, lengths
 * 1/weight): no igraph call, so the efficiency runs in threads. scenario.c
 * uses it only where removing an entity from the model provably deletes one
 * node and its edges (docs/analysis.md, "Ranking removals").
 * Must not print. Ownership: a pn_rm_cuts owns its arrays.
 */
#ifndef PN_REMOVALS_H
#define PN_REMOVALS_H

#include <stdbool.h>
#include <stddef.h>

#include "net/allpairs.h"

/* The components of each node's component without it, from one depth-first
 * search (articulation points: pieces >= 2). Components are numbered by their
 * smallest node, as igraph_connected_components numbers them. */
struct pn_rm_cuts {
    size_t n;
    size_t *comp;     /* component of each node */
    size_t *csize;    /* size of each component */
    size_t *cmin;     /* smallest node of each component */
    size_t n_comp;
    size_t *pieces;   /* components comp[v] falls into without v (0 if v is alone) */
    unsigned long long *piece_pairs; /* sum over those pieces of p (p - 1) / 2 */
    size_t *big;      /* size of the largest piece (the one with the smallest node among
                         equals), 0 if none */
    size_t *big_min;  /* its smallest node */
    size_t *focus_piece; /* size of the piece holding the focus (0: no focus, v is the
                            focus, or the focus is in another component) */
};

/* focus: a node or (size_t)-1. c must be undirected (every arc both ways). */
void pn_rm_cuts_find(const struct pn_ap_csr *c, size_t focus, struct pn_rm_cuts *out);
void pn_rm_cuts_free(struct pn_rm_cuts *x); /* accepts a zeroed struct */

/* Global efficiency without each node v, eff[v] (n doubles), summed term by
 * term in the order of the reference path of scenario.c (igraph distances,
 * harm = igraph_harmonic_centrality on the same lengths), so the doubles are
 * the same bits: for every source s whose shortest paths run through v (the
 * reference's tolerance test) the row of distances without v, in node order,
 * repaired from the row with v (only the nodes all of whose shortest paths
 * ran through v are searched again); for every other source harm[s] less the
 * term of v. Keeps the n x n distance matrix (8 n^2 bytes). Up to jobs threads
 * over removals (< 1: one); the same bits whatever jobs. */
void pn_rm_efficiency_exact(const struct pn_ap_csr *c, const double *harm, int jobs,
                            double *eff);

/* The efficiency drop of removing each node, estimated from k sources drawn
 * without replacement (seeded; k >= n: every source, exact up to rounding).
 * drop[v] estimates E - E(without v) as (n - 1) times the mean over the drawn
 * sources s != v of what s contributes to that difference; se[v] is the
 * standard error of the estimate (sample variance, finite-population
 * correction); *eff_before estimates E from the same sources. Up to jobs
 * threads over sources, the same bits whatever jobs. Returns the sources
 * drawn. */
size_t pn_rm_efficiency_sampled(const struct pn_ap_csr *c, size_t k, unsigned long seed, int jobs,
                                double *drop, double *se, double *eff_before);

#endif
