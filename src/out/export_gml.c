/*
 * export_gml: GML of the view, written as text from the shared schema (export_int.h), in
 * UTF-8 with &amp; and &quot; as the only entities (what igraph 0.10 decodes; NetworkX reads
 * the text with parse_gml, its read_gml insisting on 7-bit ASCII), or as gml-ascii with
 * &#N; for every other non-ASCII character (NetworkX's read_gml; igraph keeps &#N;). `multigraph 1`: ties
 * repeat between two partners. Node `label` is the partnet id (NetworkX keys nodes by
 * label); the display label is `display`. Must not print.
 */
#include <ctype.h>
#include <string.h>

#include "base/outfile.h"
#include "out/export_int.h"

#ifndef PARTNET_VERSION
#define PARTNET_VERSION "0.0.0"
#endif

/* A GML string: &amp; and &quot;; with ascii every other non-ASCII character as &#N; (the
 * GML spec's 7-bit text, which NetworkX's read_gml insists on). */
static void gml_string(struct pn_strbuf *sb, const char *s, bool ascii)
{
    pn_strbuf_appendc(sb, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '&')
            pn_strbuf_append(sb, "&amp;");
        else if (*p == '"')
            pn_strbuf_append(sb, "&quot;");
        else if (*p < 0x20)
            pn_strbuf_appendc(sb, ' '); /* GML strings hold no control characters */
        else if (*p < 0x80 || !ascii)
            pn_strbuf_appendc(sb, (char)*p);
        else {
            /* the loader guarantees valid UTF-8 */
            int extra = *p >= 0xF0 ? 3 : *p >= 0xE0 ? 2 : 1;
            unsigned cp = *p & (0x3Fu >> extra);
            for (int i = 0; i < extra && (p[1] & 0xC0) == 0x80; i++)
                cp = (cp << 6) | (*++p & 0x3Fu);
            pn_strbuf_appendf(sb, "&#%u;", cp);
        }
    }
    pn_strbuf_appendc(sb, '"');
}

/* GML keys are letters, digits and '_', starting with a letter. */
static void gml_key(struct pn_strbuf *sb, const char *name, bool node)
{
    if (node && strcmp(name, "label") == 0)
        name = "display";
    if (!isalpha((unsigned char)name[0]))
        pn_strbuf_appendc(sb, 'k');
    for (const char *p = name; *p; p++)
        pn_strbuf_appendc(sb, isalnum((unsigned char)*p) ? *p : '_');
}

static void gml_value(struct pn_strbuf *sb, enum xtype t, const struct xval *x, bool ascii)
{
    switch (t) {
    case XT_STRING: gml_string(sb, x->s, ascii); break;
    case XT_INT: pn_strbuf_appendf(sb, "%lld", x->i); break;
    case XT_DOUBLE: xappend_double(sb, x->d, true, false); break;
    case XT_BOOL: pn_strbuf_append(sb, x->b ? "1" : "0"); break; /* GML has no boolean */
    }
}

static void gml_items(struct pn_strbuf *sb, const struct xschema *s, bool ascii)
{
    struct xval x;
    for (size_t i = 0; i < s->v->n_nodes; i++) {
        pn_strbuf_appendf(sb, "  node [\n    id %zu\n    label ", i);
        gml_string(sb, xnode_id(s, i), ascii);
        pn_strbuf_append(sb, "\n");
        for (size_t k = 0; k < s->n_node_cols; k++) {
            xval_node(s, &s->node_cols[k], i, &x);
            if (x.present) {
                pn_strbuf_append(sb, "    ");
                gml_key(sb, s->node_cols[k].name, true);
                pn_strbuf_appendc(sb, ' ');
                gml_value(sb, s->node_cols[k].type, &x, ascii);
                pn_strbuf_append(sb, "\n");
            }
            xval_clear(&x);
        }
        pn_strbuf_append(sb, "  ]\n");
    }
    for (size_t i = 0; i < s->v->n_edges; i++) {
        const struct pn_edge *ed = &s->v->edges[i];
        pn_strbuf_appendf(sb, "  edge [\n    id %zu\n    source %zu\n    target %zu\n", i,
                          ed->from, ed->to);
        for (size_t k = 0; k < s->n_edge_cols; k++) {
            xval_edge(s, &s->edge_cols[k], i, &x);
            if (x.present) {
                pn_strbuf_append(sb, "    ");
                gml_key(sb, s->edge_cols[k].name, false);
                pn_strbuf_appendc(sb, ' ');
                gml_value(sb, s->edge_cols[k].type, &x, ascii);
                pn_strbuf_append(sb, "\n");
            }
            xval_clear(&x);
        }
        pn_strbuf_append(sb, "  ]\n");
    }
}

static enum pn_status write_gml(const struct pn_graph *g, const struct pn_metrics *mx,
                                bool ascii, const char *path, struct pn_diag *d)
{
    struct xschema s;
    xschema_build(&s, pn_graph_model(g), pn_graph_view(g), mx);
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    /* GML has no mixed graphs: with a directed tie the graph is directed (source = from,
     * so no reader loses a direction) and each edge's `directed` 1 or 0 says which ties
     * are one-way; without one, undirected */
    pn_strbuf_appendf(&sb, "Creator \"partnet " PARTNET_VERSION "\"\n"
                           "graph [\n  directed %d\n  multigraph 1\n",
                      pn_export_any_directed(s.v) ? 1 : 0);
    if (s.m->title != NULL) {
        pn_strbuf_append(&sb, "  title ");
        gml_string(&sb, s.m->title, ascii);
        pn_strbuf_append(&sb, "\n");
    }
    gml_items(&sb, &s, ascii);
    pn_strbuf_append(&sb, "]\n");
    xschema_destroy(&s);
    enum pn_status st = pn_outfile_write_all(path, pn_strbuf_str(&sb), sb.len, d);
    pn_strbuf_destroy(&sb);
    return st;
}

enum pn_status pn_export_gml(const struct pn_graph *g, const struct pn_metrics *mx,
                             const struct pn_export_options *eo, const char *path,
                             struct pn_diag *d)
{
    (void)eo;
    return write_gml(g, mx, false, path, d);
}

enum pn_status pn_export_gml_ascii(const struct pn_graph *g, const struct pn_metrics *mx,
                                   const struct pn_export_options *eo, const char *path,
                                   struct pn_diag *d)
{
    (void)eo;
    return write_gml(g, mx, true, path, d);
}
