/*
 * graph_int: insides of struct pn_graph, shared by graph.c, analysis.c and
 * export.c only (the rooms allowed to include <igraph.h>).
 */
#ifndef PN_GRAPH_INT_H
#define PN_GRAPH_INT_H

#include <igraph.h>
#include <stdbool.h>

#include "graph.h"

struct pn_graph {
    const struct pn_model *model;
    struct pn_view view;
    struct pn_graph_options opts;
    igraph_t g;               /* one vertex per view node, one edge per view edge */
    bool g_ok;
    igraph_vector_t weights;  /* per igraph edge, = view.edges[i].weight */
    bool weights_ok;
};

#endif
