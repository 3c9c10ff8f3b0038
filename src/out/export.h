/*
 * export: the analysed graph with every node and edge attribute, for other
 * tools. GraphML and GML through net's igraph writers (net/graph_io.h),
 * DOT through cgraph (map room), node-link JSON through report.
 * Ownership: borrows everything; writes the file atomically.
 */
#ifndef PN_EXPORT_H
#define PN_EXPORT_H

#include "net/analysis.h"
#include "base/diag.h"
#include "base/vocab.h"
#include "net/graph.h"

/* Export formats of --to: enum constant, name, the writer export.c calls (net's
 * GraphML/GML writers; export.c's own adapters over map's DOT and report's JSON). */
#define PN_EXPORT_FORMATS(X)                                                                   \
    X(GRAPHML, "graphml", pn_graph_write_graphml)                                              \
    X(GML, "gml", pn_graph_write_gml)                                                          \
    X(DOT, "dot", export_dot)                                                                  \
    X(JSON, "json", export_json)
#define PN_EXPORT_ENUM(id, ...) PN_EXPORT_##id,
enum pn_export_format { PN_EXPORT_FORMATS(PN_EXPORT_ENUM) };
#undef PN_EXPORT_ENUM
enum { PN_EXPORT_N = 0 PN_EXPORT_FORMATS(PN_VOCAB_COUNT) };
extern const char *const pn_export_format_names[PN_EXPORT_N + 1]; /* NULL-terminated */

/* format: one of pn_export_format_names. mx may be NULL.
 * Errors: unknown format (PN_EUSAGE), write/igraph failure (PN_EIO). */
enum pn_status pn_export_write(const struct pn_graph *g, const struct pn_metrics *mx,
                               const char *format, const char *path, struct pn_diag *d);

#endif
