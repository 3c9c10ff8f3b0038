/*
 * graph_io: a pn_graph with its metrics as GraphML or GML, written by igraph's own
 * writers, for other tools (Gephi, Cytoscape, NetworkX). The igraph side of
 * `partnet export`; out/export.c picks the format, this file writes it.
 * Ownership: borrows the graph and metrics; writes the file atomically (outfile).
 */
#ifndef PN_GRAPH_IO_H
#define PN_GRAPH_IO_H

#include "base/diag.h"
#include "net/analysis.h"
#include "net/graph.h"

/* Write g (its view: every node and edge with the model's attributes, mx's metrics when mx
 * is not NULL and computed) as GraphML to path. Mixed networks are written undirected with
 * a boolean `directed` edge attribute; with --directed the whole graph is directed.
 * Errors: the file cannot be written, or an igraph failure (PN_EIO, message in d);
 * no file is left behind on failure. */
enum pn_status pn_graph_write_graphml(const struct pn_graph *g, const struct pn_metrics *mx,
                                      const char *path, struct pn_diag *d);

/* As pn_graph_write_graphml, in GML (an ASCII format: text is entity-encoded). */
enum pn_status pn_graph_write_gml(const struct pn_graph *g, const struct pn_metrics *mx,
                                  const char *path, struct pn_diag *d);

#endif
