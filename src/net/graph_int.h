/*
 * graph_int: insides of struct pn_graph and the igraph bridge (errors, warnings,
 * the seed), for net/ only: graph.c, analysis.c, layout_igraph.c (igraph layouts for
 * render), scenario.c (what-if efficiency) and portfolio.c (the single broker of each
 * partner).
 * No file outside net/ includes it or <igraph.h>; other rooms use net's public headers.
 */
#ifndef PN_GRAPH_INT_H
#define PN_GRAPH_INT_H

#include <igraph.h>
#include <stdbool.h>

#include "net/graph.h"

struct pn_graph {
    const struct pn_model *model;
    struct pn_view view;
    struct pn_graph_options opts;
    igraph_t g; /* NOT BUILT (g_ok is false): was "one edge per view
                   edge"; use the view's edges, or ug/dg below */
    bool g_ok;
    igraph_vector_t weights; /* NOT BUILT (weights_ok is false) */
    bool weights_ok;
    /* Metric graphs (analysis uses only these). Parallel view edges are merged
     * into one edge whose weight is the sum of theirs, summed in view order. */
    igraph_t ug; /* undirected, simple: one edge per connected pair */
    bool ug_ok;
    igraph_vector_t uw; /* weights of ug's edges (strengths, > 0) */
    bool uw_ok;
    igraph_t dg; /* directed, simple: directed ties one way, every
                    other edge as two opposite arcs. Built only when
                    has_directed (else it would be ug both ways) */
    bool dg_ok;
    igraph_vector_t dw; /* weights of dg's arcs */
    bool dw_ok;
    bool has_directed; /* the view holds at least one directed tie */
};

/* Forget the last igraph error message (call before a series of igraph calls
 * whose failure you will report). */
void pn_graph_error_reset(void);

/* Add "igraph: <what>: <message of the last igraph error>" to d and reset the
 * message. Returns PN_EIO for convenience. */
enum pn_status pn_graph_igraph_fail(struct pn_diag *d, const char *what);

/* Seed igraph's global RNG with seed (from the caller's options, default
 * PN_SEED_DEFAULT). Call it right before each randomised igraph call: it is the one
 * place net seeds igraph. Returns false if igraph refused (then its error is set). */
bool pn_graph_seed(unsigned long seed);

/* igraph warnings go to d as warnings while set (NULL: dropped). */
void pn_graph_set_warning_diag(struct pn_diag *d);

/* The dominator tree of g's undirected graph (each edge as two mutual arcs) rooted at f,
 * into dom (initialised by the caller): dom[v] is v's immediate dominator, the last node
 * every path from f to v passes through, as igraph_dominator_tree gives it (callers skip
 * values outside 0..n-1: the root and unreached nodes). The ego brokers (analysis.c) and the portfolio's single brokers
 * (portfolio.c) read it. False on an igraph failure (its error is set). */
bool pn_graph_dominators(const struct pn_graph *g, size_t f, igraph_vector_int_t *dom);

#endif
