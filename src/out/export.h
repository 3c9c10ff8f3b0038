/*
 * export: the analysed graph with every node and edge attribute, for other
 * tools. GraphML and GML through igraph's writers (C attribute handler),
 * DOT through cgraph (render room), node-link JSON through report.
 * Ownership: borrows everything; writes the file atomically.
 */
#ifndef PN_EXPORT_H
#define PN_EXPORT_H

#include "net/analysis.h"
#include "base/diag.h"
#include "net/graph.h"

/* format: "graphml", "gml", "dot" or "json". mx may be NULL.
 * Errors: unknown format (PN_EUSAGE), write/igraph failure (PN_EIO). */
enum pn_status pn_export_write(const struct pn_graph *g, const struct pn_metrics *mx,
                               const char *format, const char *path, struct pn_diag *d);

#endif
