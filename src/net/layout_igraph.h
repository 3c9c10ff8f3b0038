/*
 * layout: igraph layouts of a pn_graph (Fruchterman-Reingold, Kamada-Kawai,
 * DrL for large networks) as plain positions per view node, which render hands
 * to Graphviz as fixed positions (issue 5). The igraph side of map's layouts;
 * render itself never includes <igraph.h>.
 * Ownership: returns arrays the caller frees; borrows the graph.
 */
#ifndef PN_LAYOUT_H
#define PN_LAYOUT_H

#include <stdbool.h>

#include "base/diag.h"
#include "net/graph.h"

/* True for the layout names computed here: "fr", "kk", "drl". */
bool pn_layout_is_igraph(const char *name);

/* Lay out the view of g with the named igraph layout, seeded with seed (same
 * seed, same positions). On success *xy is a new array of 2 * n_nodes reals
 * (x, y of view node i at 2i, 2i+1; arbitrary units) the caller frees; set it
 * as pn_render_options.positions. Errors: unknown name (PN_EUSAGE), igraph
 * failure (PN_EIO with igraph's message). *xy is NULL on failure. */
enum pn_status pn_layout_igraph(const struct pn_graph *g, const char *name, unsigned long seed,
                                double **xy, struct pn_diag *d);

#endif
