/*
 * export: the analysed graph with every node and edge attribute, for other
 * tools. GraphML, GEXF 1.3, GML and CSV sheets written as text by out/ from one
 * attribute schema (export_int.h), DOT through cgraph (map room), node-link JSON
 * through report.
 * Ownership: borrows everything; writes the file atomically.
 */
#ifndef PN_EXPORT_H
#define PN_EXPORT_H

#include "net/analysis.h"
#include "base/diag.h"
#include "base/vocab.h"
#include "net/graph.h"

#include <stdbool.h>

/* Export formats of --to: enum constant, name, the writer export.c calls (out's text
 * writers, export_xml.c, export_gml.c, export_csv.c; export.c's own adapters over map's
 * DOT and report's JSON). */
#define PN_EXPORT_FORMATS(X)                                                                   \
    X(GRAPHML, "graphml", pn_export_graphml)                                                   \
    X(GEXF, "gexf", pn_export_gexf)                                                            \
    X(GML, "gml", pn_export_gml)                                                               \
    X(GML_ASCII, "gml-ascii", pn_export_gml_ascii)                                             \
    X(CSV, "csv", pn_export_csv)                                                               \
    X(DOT, "dot", export_dot)                                                                  \
    X(JSON, "json", export_json)
#define PN_EXPORT_ENUM(id, ...) PN_EXPORT_##id,
enum pn_export_format { PN_EXPORT_FORMATS(PN_EXPORT_ENUM) };
#undef PN_EXPORT_ENUM
enum { PN_EXPORT_N = 0 PN_EXPORT_FORMATS(PN_VOCAB_COUNT) };
extern const char *const pn_export_format_names[PN_EXPORT_N + 1]; /* NULL-terminated */

/* Options of the CSV sheets: the field separator (',' ';' or '\t') and decimal commas. */
struct pn_export_options {
    char csv_sep;
    bool decimal_comma;
};

/* format: one of pn_export_format_names. mx may be NULL; eo NULL: ',' and points.
 * path: a file, "-" for standard output; for csv a directory (nodes.csv, edges.csv,
 * sources.csv, themes.csv, network.csv), which "-" cannot be (PN_EUSAGE).
 * Errors: unknown format (PN_EUSAGE), write failure (PN_EIO). */
enum pn_status pn_export_write(const struct pn_graph *g, const struct pn_metrics *mx,
                               const char *format, const struct pn_export_options *eo,
                               const char *path, struct pn_diag *d);

#endif
