/*
 * export_int: the attribute schema the text exports share (GraphML, GML, GEXF, CSV). One
 * list of node columns and one of edge columns, each with a name and a type, built once per
 * export from the view (the `attrs:` keys present become attr_KEY columns; metrics when
 * computed), and one function that gives a cell's value (or says it is absent). Every writer
 * walks the same lists, so a column is added once, here, and appears in every format.
 * Private to out/. Ownership: a schema owns its column names; values borrow the model.
 */
#ifndef PN_EXPORT_INT_H
#define PN_EXPORT_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/strbuf.h"
#include "net/analysis.h"
#include "net/graph.h"
#include "out/export.h"

enum xtype { XT_STRING, XT_INT, XT_DOUBLE, XT_BOOL };

/* what a column reads */
enum xfield {
    XF_NAME, XF_LABEL, XF_FULL_NAME, XF_SHORT, XF_KIND, XF_TYPE, XF_COUNTRY, XF_REGION,
    XF_CITY, XF_LAT, XF_LON, XF_PARENT, XF_THEMES, XF_SINCE, XF_UNTIL, XF_URL,
    XF_PROVENANCE, XF_ATTR, XF_METRIC, XF_ARTICULATION,
    /* edges */
    XF_E_KIND, XF_E_TYPE, XF_E_LABEL, XF_E_ROLE, XF_E_THEMES, XF_E_SINCE, XF_E_UNTIL,
    XF_E_WEIGHT, XF_E_DIRECTED, XF_E_PROVENANCE, XF_E_ATTR
};

struct xcol {
    char *name; /* as written: "full_name", "attr_kind", "pagerank" */
    enum xtype type;
    enum xfield field;
    const char *key; /* XF_ATTR / XF_E_ATTR: the attrs key (borrowed from the model) */
    int metric;      /* XF_METRIC: enum pn_metric */
};

struct xschema {
    const struct pn_model *m;
    const struct pn_view *v;
    const struct pn_metrics *mx; /* NULL when no metrics */
    struct xcol *node_cols, *edge_cols;
    size_t n_node_cols, n_edge_cols;
};

/* One value: absent (nothing to write), or of the column's type. */
struct xval {
    bool present;
    const char *s; /* XT_STRING */
    long long i;   /* XT_INT */
    double d;      /* XT_DOUBLE, finite */
    bool b;        /* XT_BOOL */
    char *owned;   /* freed by xval_clear (joined themes) */
};

/* The multi-value separator of themes in every export and in import ("a|b"). */
#define PN_EXPORT_LIST_SEP '|'

void xschema_build(struct xschema *s, const struct pn_model *m, const struct pn_view *v,
                   const struct pn_metrics *mx);
void xschema_destroy(struct xschema *s);
/* The value of column c for view node `node` / view edge `edge`. Clear it with xval_clear. */
void xval_node(const struct xschema *s, const struct xcol *c, size_t node, struct xval *out);
void xval_edge(const struct xschema *s, const struct xcol *c, size_t edge, struct xval *out);
void xval_clear(struct xval *x);
/* Append a double in the shortest form that reads back to the same value; force_point
 * adds ".0" to integral values (GML reads "2" as an integer). decimal_comma writes ','. */
void xappend_double(struct pn_strbuf *sb, double x, bool force_point, bool decimal_comma);
/* Whether a kept edge is directed (the graph is then mixed). */
bool pn_export_any_directed(const struct pn_view *v);
/* The view node's partnet id. */
const char *xnode_id(const struct xschema *s, size_t node);
/* The edge kind's name: "tie", "member", "part-of", "co-member", "overlap". */
const char *xedge_kind(enum pn_edge_kind k);

/* The writers of PN_EXPORT_FORMATS that live in out/ (export_xml.c, export_gml.c,
 * export_csv.c). */
enum pn_status pn_export_graphml(const struct pn_graph *g, const struct pn_metrics *mx,
                                 const struct pn_export_options *eo, const char *path,
                                 struct pn_diag *d);
enum pn_status pn_export_gexf(const struct pn_graph *g, const struct pn_metrics *mx,
                              const struct pn_export_options *eo, const char *path,
                              struct pn_diag *d);
enum pn_status pn_export_gml(const struct pn_graph *g, const struct pn_metrics *mx,
                             const struct pn_export_options *eo, const char *path,
                             struct pn_diag *d);
enum pn_status pn_export_gml_ascii(const struct pn_graph *g, const struct pn_metrics *mx,
                                   const struct pn_export_options *eo, const char *path,
                                   struct pn_diag *d);
enum pn_status pn_export_csv(const struct pn_graph *g, const struct pn_metrics *mx,
                             const struct pn_export_options *eo, const char *path,
                             struct pn_diag *d);

#endif
